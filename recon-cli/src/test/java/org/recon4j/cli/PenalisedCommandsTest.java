package org.recon4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recon4j.gpu.ComputeDevice;
import org.recon4j.io.Interfile;

/** `recon osem --prior` (one step late), `recon bsrem`, and both in `recon compare-spect`. */
class PenalisedCommandsTest {
    @TempDir
    Path folder;

    private String projections;
    private String mu;

    @BeforeEach
    void simulate() {
        projections = folder.resolve("p.hs").toString();
        mu = folder.resolve("mu.hv").toString();
        CommandRun run = CommandRun.of("simulate-spect", "--matrix", "32", "--pixel", "12", "--views", "30",
                "--counts", "1e6", "--out-proj", projections, "--out-mu", mu, "--out-image",
                folder.resolve("truth.hv").toString(), "-q");
        assertEquals(0, run.code(), run.err());
    }

    private CommandRun reconstruct(String... extra) {
        String[] common = {"--in", projections, "--mu", mu, "--mask-from-mu", "--force"};
        String[] args = new String[extra.length + common.length];
        System.arraycopy(extra, 0, args, 0, 1);
        System.arraycopy(common, 0, args, 1, common.length);
        System.arraycopy(extra, 1, args, 1 + common.length, extra.length - 1);
        return CommandRun.of(args);
    }

    @Test
    void oslAndBsremRunAndSayWhatTheyDid() {
        CommandRun osl = reconstruct("osem", "--subsets", "6", "--iterations", "3", "--prior", "rdp:0.5",
                "--out", folder.resolve("osl.hv").toString());
        assertEquals(0, osl.code(), osl.err());
        assertTrue(osl.err().contains("osem-osl: 32 x 32 x 32 from 30 views, 6 subsets x 3 iterations, attenuation,"
                + " relative difference (gamma 2.00000) prior beta 0.500000"), osl.err());
        CommandRun bsrem = reconstruct("bsrem", "--subsets", "6", "--iterations", "5", "--prior", "quadratic:0.1",
                "--relaxation", "0.8", "--out", folder.resolve("bsrem.hv").toString());
        assertEquals(0, bsrem.code(), bsrem.err());
        assertTrue(bsrem.err().contains("bsrem: 32 x 32 x 32 from 30 views, 6 subsets x 5 iterations"), bsrem.err());
        assertTrue(Files.exists(folder.resolve("bsrem.hv")));
    }

    @Test
    void bsremOnAnOpenClDeviceMatchesJava() throws IOException {
        assumeTrue(!ComputeDevice.list().isEmpty(), "no OpenCL device: install pocl-opencl-icd to run the OpenCL CLI tests");
        String[] method = {"bsrem", "--subsets", "6", "--iterations", "4", "--prior", "rdp:0.3", "-q", "--out"};
        CommandRun java = reconstruct(concat(method, folder.resolve("java.hv").toString(), "--device", "java"));
        assertEquals(0, java.code(), java.err());
        CommandRun device = reconstruct(concat(method, folder.resolve("device.hv").toString(), "--device", "cpu"));
        assertEquals(0, device.code(), device.err());
        float[] expected = Interfile.readImage(folder.resolve("java.hv")).data();
        float[] actual = Interfile.readImage(folder.resolve("device.hv")).data();
        float largest = 0;
        for (float value : expected) {
            largest = Math.max(largest, Math.abs(value));
        }
        for (int j = 0; j < expected.length; j++) {
            assertEquals(expected[j], actual[j], 1e-4 * largest, "voxel " + j);
        }
    }

    private static String[] concat(String[] first, String... second) {
        String[] all = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }

    @Test
    void badPriorsAndRelaxationsAreRefusedInOneLine() {
        String[][] cases = {{"osem", "--prior", "rdp:-1"}, {"osem", "--prior", "huber:1"},
            {"bsrem", "--prior", "rdp:NaN"}, {"bsrem", "--prior", "rdp:1", "--relaxation", "0"},
            {"bsrem", "--prior", "rdp:1:x"}};
        String[] expected = {"the prior's beta must be finite and >= 0, found -1",
            "unknown prior 'huber:1': expected quadratic:BETA or rdp:BETA[:GAMMA]", "found NaN",
            "BSREM's relaxation must be in (0, 1], found 0.0", "prior 'rdp:1:x' has 'x' where a number belongs"};
        for (int i = 0; i < cases.length; i++) {
            String[] args = new String[cases[i].length + 2];
            System.arraycopy(cases[i], 0, args, 0, cases[i].length);
            args[cases[i].length] = "--out";
            args[cases[i].length + 1] = folder.resolve("bad.hv").toString();
            CommandRun run = reconstruct(args);
            assertEquals(Recon.EXIT_INPUT, run.code(), run.err());
            assertTrue(run.err().contains(expected[i]), run.err());
            assertEquals(1, run.err().strip().lines().count(), run.err());
            assertFalse(Files.exists(folder.resolve("bad.hv")), "nothing written");
        }
    }

    @Test
    void compareSpectDrawsTheTradeOff() throws IOException {
        CommandRun run = CommandRun.of("compare-spect", "--in", projections, "--mu", mu, "--iec", "--background",
                "0,-60,0,25", "--methods", "osem:6x3,osem:6x3:gauss:10,osl:rdp:0.5:6x3,bsrem:rdp:0.1:6x4,bsrem:rdp:1:6x4",
                "--truth", folder.resolve("truth.hv").toString(), "--out", folder.resolve("spect.html").toString(), "-q");
        assertEquals(0, run.code(), run.err());
        String html = Files.readString(folder.resolve("spect.html"));
        for (String method : new String[] {"osem:6x3", "osem:6x3:gauss:10", "osl:rdp:0.5:6x3", "bsrem:rdp:0.1:6x4",
            "bsrem:rdp:1:6x4"}) {
            assertTrue(html.contains("<td>" + method + "</td>"), method);
        }
        assertTrue(html.contains("against background variability") && html.contains("penalised, last iteration"),
                "the trade-off chart, with the penalised methods joined");
        assertTrue(html.contains("<figcaption>truth</figcaption>") && html.contains("x the image's background mean"),
                "the truth and the grey scale beside the reconstructions");
        CommandRun bad = CommandRun.of("compare-spect", "--in", projections, "--mu", mu, "--iec", "--background",
                "0,-60,0,25", "--methods", "bsrem:tv:1", "--out", folder.resolve("bad.html").toString(), "-q");
        assertEquals(Recon.EXIT_INPUT, bad.code());
        assertTrue(bad.err().contains("unknown prior 'tv:1'"), bad.err());
    }
}
