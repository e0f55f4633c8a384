package org.recon4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recon4j.io.FloatVolume;
import org.recon4j.io.Interfile;
import org.recon4j.io.MetaImage;
import org.recon4j.testdata.ReferenceData;

/** `recon osem` on STIR's data, from its Interfile files to an image STIR would read. */
class EmissionCommandTest {
    @TempDir
    Path folder;

    private String err;

    private int run(String... args) {
        CommandRun run = CommandRun.of(args);
        err = run.err();
        return run.code();
    }

    private void unpack(String header) throws IOException {
        Files.write(folder.resolve(header), ReferenceData.bytes("spect-stir-a/" + header));
        String data = header.replace(".hv", ".v").replace(".hs", ".s");
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(
                ReferenceData.bytes("spect-stir-a/" + data + ".gz")))) {
            Files.write(folder.resolve(data), in.readAllBytes());
        }
    }

    private static double sphereMean(float[] image) {
        double sum = 0;
        int count = 0;
        for (int k = 0; k < 128; k++) {
            for (int j = 0; j < 128; j++) {
                for (int i = 0; i < 128; i++) {
                    double x = (i - 63.5) * 4.42 - 50;
                    double y = (j - 63.5) * 4.42;
                    double z = (k - 63.5) * 4.42;
                    if (x * x + y * y + z * z <= 100) {
                        sum += image[(k * 128 + j) * 128 + i];
                        count++;
                    }
                }
            }
        }
        return sum / count;
    }

    @Test
    void osemOnStirsDataGivesStirsFirstIteration() throws IOException {
        for (String header : new String[] {"proj_noisy.hs", "mu_map.hv", "stir_osem8x4_it1.hv"}) {
            unpack(header);
        }
        assertEquals(0, run("osem", "--in", folder.resolve("proj_noisy.hs").toString(), "--mu",
                folder.resolve("mu_map.hv").toString(), "--mask-from-mu", "--psf-slope", "0.0163", "--psf-sigma0", "1.466",
                "--subsets", "8", "--iterations", "1", "--out", folder.resolve("r.hv").toString()), err);
        assertTrue(err.contains("osem: 128 x 128 x 128 from 120 views, 8 subsets x 1 iterations, attenuation"), err);
        FloatVolume ours = Interfile.readImage(folder.resolve("r.hv"));
        FloatVolume stir = Interfile.readImage(folder.resolve("stir_osem8x4_it1.hv"));
        assertEquals(-282.88, ours.origin()[0], 1e-9, "STIR's first pixel offset");
        double mine = sphereMean(ours.data());
        double theirs = sphereMean(stir.data());
        assertEquals(3.128, theirs, 0.002, "the README's number");
        assertEquals(theirs, mine, 0.03 * theirs);
        assertEquals(0, run("mlem", "--in", folder.resolve("proj_noisy.hs").toString(), "--mu",
                folder.resolve("mu_map.hv").toString(), "--mask-from-mu", "--iterations", "1", "-q",
                "--out", folder.resolve("m.mhd").toString()), err);
        assertEquals(128, MetaImage.read(folder.resolve("m.mhd")).size(2));
        assertEquals(0, run("spect-fbp", "--in", folder.resolve("proj_noisy.hs").toString(), "-q",
                "--out", folder.resolve("f.dcm").toString()), err);
        byte[] dicom = Files.readAllBytes(folder.resolve("f.dcm"));
        assertEquals("DICM", new String(dicom, 128, 4, java.nio.charset.StandardCharsets.US_ASCII), "a DICOM file");
    }

    @Test
    void simulateThenReconstructWithScatterCorrection() throws IOException {
        String p = folder.resolve("p.hs").toString();
        String mu = folder.resolve("mu.hv").toString();
        String lower = folder.resolve("l.hs").toString();
        assertEquals(0, run("simulate-spect", "--matrix", "32", "--pixel", "12", "--views", "30", "--noiseless",
                "--out-proj", p, "--out-mu", mu, "--out-image", folder.resolve("t.hv").toString(),
                "--scatter-fraction", "0.4", "--out-lower", lower, "-q"), err);
        float[] truth = Interfile.readImage(folder.resolve("t.hv")).data();
        String[] common = {"osem", "--in", p, "--mu", mu, "--mask-from-mu", "--psf-slope", "0.0163", "--psf-sigma0",
            "1.466", "--iterations", "6", "-q"};
        String[] plain = java.util.Arrays.copyOf(common, common.length + 2);
        plain[common.length] = "--out";
        plain[common.length + 1] = folder.resolve("plain.hv").toString();
        assertEquals(0, run(plain), err);
        String[] tew = java.util.Arrays.copyOf(common, common.length + 8);
        System.arraycopy(new String[] {"--out", folder.resolve("tew.hv").toString(), "--scatter", "tew", "--lower", lower,
            "--window-widths", "6,28,6"}, 0, tew, common.length, 8);
        assertEquals(0, run(tew), err);
        double truthTotal = total(truth);
        double plainTotal = total(Interfile.readImage(folder.resolve("plain.hv")).data());
        double tewTotal = total(Interfile.readImage(folder.resolve("tew.hv")).data());
        System.out.printf("simulated IEC: total activity %.4g, OSEM %.4g ignoring scatter, %.4g with TEW%n", truthTotal,
                plainTotal, tewTotal);
        assertTrue(plainTotal > 1.2 * truthTotal, "ignoring 40 % scatter adds activity");
        assertEquals(truthTotal, tewTotal, 0.05 * truthTotal, "TEW removes it");
        assertEquals(0, run("spect-fbp", "--in", p, "--mu", mu, "--chang", "--out", folder.resolve("f.mhd").toString(), "-q"),
                err);
        CommandRun comparison = CommandRun.of("compare-spect", "--in", p, "--mu", mu, "--iec", "--background",
                "0,-60,0,25", "--methods", "osem:4x2,mlem:2,fbp:hann,fbp-chang:ramp", "--out",
                folder.resolve("spect.html").toString(), "-q");
        assertEquals(0, comparison.code(), comparison.err());
        String html = java.nio.file.Files.readString(folder.resolve("spect.html"));
        assertTrue(html.contains("<td>osem:4x2</td>") && html.contains("<td>fbp-chang:ramp</td>") && html.contains("<svg"),
                "every method and the convergence plot are in the report");
        CommandRun metrics = CommandRun.of("spect-metrics", "--image", folder.resolve("t.hv").toString(), "--iec",
                "--background", "0,-60,0,25");
        assertEquals(0, metrics.code(), metrics.err());
        assertTrue(metrics.out().contains("37 mm") && metrics.out().contains("background mean"), metrics.out());
        String line37 = metrics.out().lines().filter(l -> l.startsWith("37 mm")).findFirst().orElseThrow();
        double recovery = Double.parseDouble(line37.trim().split("\\s+")[3]);
        // 12 mm voxels: partial volume at the sphere edge keeps even the true image below full recovery
        assertTrue(recovery > 0.5 && recovery <= 1.01, "the true image recovers most of its largest sphere: " + line37);
    }

    private static double total(float[] image) {
        double sum = 0;
        for (float value : image) {
            sum += value;
        }
        return sum;
    }

    @Test
    void dicomProjectionsReconstructToDicom() throws IOException {
        Files.write(folder.resolve("nm.dcm"), ReferenceData.bytes("dicom-synthetic/nm_tomo.dcm"));
        assertEquals(0, run("osem", "--in", folder.resolve("nm.dcm").toString(), "--subsets", "4", "--iterations", "1",
                "--out", folder.resolve("recon.dcm").toString(), "-q"), err);
        assertTrue(Files.size(folder.resolve("recon.dcm")) > 16 * 16 * 12 * 2, "a multi-frame image");
    }

    @Test
    void badEmissionInputIsRefused() throws IOException {
        Files.writeString(folder.resolve("bad.hs"), "not interfile\n");
        assertEquals(Recon.EXIT_INPUT, run("osem", "--in", folder.resolve("bad.hs").toString(), "--out",
                folder.resolve("r.hv").toString()));
        assertTrue(err.contains("an Interfile header starts with '!INTERFILE :='"), err);
        unpack("proj_noisy.hs");
        assertEquals(Recon.EXIT_INPUT, run("osem", "--in", folder.resolve("proj_noisy.hs").toString(), "--out",
                folder.resolve("r.hv").toString(), "--psf-slope", "0.01"));
        assertTrue(err.contains("needs both --psf-slope and --psf-sigma0"), err);
        Files.write(folder.resolve("proj_noisy.s"), new byte[100]);
        assertEquals(Recon.EXIT_INPUT, run("osem", "--in", folder.resolve("proj_noisy.hs").toString(), "--out",
                folder.resolve("r.hv").toString()));
        assertTrue(err.contains("truncated"), err);
        assertTrue(!Files.exists(folder.resolve("r.hv")));
    }
}
