package org.recon4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recon4j.io.FloatVolume;
import org.recon4j.io.VolumeFiles;

/**
 * Real synchrotron data end to end: TomoPy's tooth (Data Exchange HDF5, shared/refdata/external)
 * through `recon cor` and `recon fbp`, angles and flat fields from the file. With the axis `cor`
 * finds, the crescent artefacts of a misplaced axis go: the deepest undershoot shrinks (measured
 * -0.0047 against -0.0152 per pixel with the axis left at the detector's centre).
 */
class ToothScanTest {
    private static final Path TOOTH = Path.of("..", "..", "shared", "refdata", "external", "tomopy", "tooth.h5");

    @TempDir
    Path folder;

    @Test
    void theToothReconstructsWithTheAxisCorFinds() throws IOException {
        assumeTrue(Files.isRegularFile(TOOTH), TOOTH + " is absent (shared/refdata/external); skipped");
        CommandRun cor = CommandRun.of("cor", "--in", TOOTH.toString());
        assertEquals(0, cor.code(), cor.err());
        String offset = cor.out().lines().filter(l -> l.startsWith("use: --det-offset ")).findFirst().orElseThrow()
                .substring("use: --det-offset ".length()).trim();
        assertEquals(23.5, Double.parseDouble(offset), 2.0, "the axis near column 296 of 640");
        Path centred = folder.resolve("centred.nii.gz");
        Path shifted = folder.resolve("shifted.nii.gz");
        CommandRun plain = CommandRun.of("fbp", "--in", TOOTH.toString(), "--out", centred.toString(), "-q");
        assertEquals(0, plain.code(), plain.err());
        CommandRun corrected = CommandRun.of("fbp", "--in", TOOTH.toString(), "--det-offset", offset, "--out",
                shifted.toString(), "-q");
        assertEquals(0, corrected.code(), corrected.err());
        FloatVolume wrong = VolumeFiles.read(centred);
        FloatVolume right = VolumeFiles.read(shifted);
        assertEquals(640, right.size(0));
        assertEquals(2, right.size(2));
        double wrongMinimum = minimum(wrong.data());
        double rightMinimum = minimum(right.data());
        System.out.printf("tooth: deepest undershoot %.5f with the axis at the centre, %.5f at --det-offset %s%n",
                wrongMinimum, rightMinimum, offset);
        assertTrue(rightMinimum > 0.5 * wrongMinimum, rightMinimum + " vs " + wrongMinimum);
        CommandRun auto = CommandRun.of("fbp", "--in", TOOTH.toString(), "--det-offset", "auto", "--out",
                folder.resolve("t.mhd").toString());
        assertEquals(0, auto.code(), auto.err());
        assertTrue(auto.err().contains(", --det-offset auto: " + offset.substring(0, 4)), auto.err());
        double autoMinimum = minimum(VolumeFiles.read(folder.resolve("t.mhd")).data());
        assertEquals(rightMinimum, autoMinimum, 1e-4, "auto finds what cor finds");
        CommandRun info = CommandRun.of("info", TOOTH.toString());
        assertEquals(0, info.code(), info.err());
        assertTrue(info.out().contains("Data Exchange HDF5 scan (parallel beam): 181 views of 2 rows x 640 columns"),
                info.out());
        CommandRun fan = CommandRun.of("fbp", "--in", TOOTH.toString(), "--geometry", "fan-arc", "--sod", "100",
                "--sdd", "200", "--out", folder.resolve("x.mhd").toString());
        assertEquals(Recon.EXIT_INPUT, fan.code());
        assertTrue(fan.err().contains("Data Exchange scan, parallel beam"), fan.err());
    }

    private static double minimum(float[] values) {
        double smallest = Double.MAX_VALUE;
        for (float value : values) {
            smallest = Math.min(smallest, value);
        }
        return smallest;
    }
}
