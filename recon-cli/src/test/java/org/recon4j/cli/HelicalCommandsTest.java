package org.recon4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recon4j.Progress;
import org.recon4j.dicom.CtProjectionData;
import org.recon4j.dicom.CtSeries;
import org.recon4j.filter.FilterWindow;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.helical.WeightedFbp;
import org.recon4j.io.FloatVolume;
import org.recon4j.io.MetaImage;
import org.recon4j.testdata.ReferenceData;

/**
 * Helical DICOM-CT-PD on the command line, on scans simulated by make_ctpd.py (pydicom): recon
 * info's description, recon fbp's volume (the library's bits) and CT series (HU, placed by z),
 * and bad folders refused in one line with exit 2 and nothing written.
 */
class HelicalCommandsTest {
    @TempDir
    Path folder;

    private Path generate(String name, String... options) throws IOException, InterruptedException {
        Path python = Path.of("/usr/bin/python3");
        assumeTrue(Files.isExecutable(python), "/usr/bin/python3 is absent (apt-get install python3-pydicom); skipped");
        Path script = ReferenceData.rawCtGenerator(folder.resolve("generator"));
        List<String> command = new ArrayList<>(List.of(python.toString(), script.toString(), folder.resolve(name).toString()));
        command.addAll(List.of(options));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = process.waitFor();
        assumeTrue(!output.contains("No module named 'pydicom'"), "pydicom is absent (apt-get install python3-pydicom); skipped");
        assertEquals(0, code, output);
        return folder.resolve(name);
    }

    /** A small helical scan: 32 channels x 4 rows, 60 views a turn. */
    private Path small(String name, String... options) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of("--channels", "32", "--rows", "4", "--central", "16.25,2.5",
                "--views-per-turn", "60", "--turns", "2.5", "--channel-pitch", "4"));
        all.addAll(List.of(options));
        return generate(name, all.toArray(String[]::new));
    }

    @Test
    void infoDescribesTheHelix() throws Exception {
        Path scan = generate("scan", "--pitch", "1.0", "--turns", "2.3", "--views-per-turn", "576", "--ffs", "FFSZ");
        CommandRun info = CommandRun.of("info", scan.toString());
        assertEquals(0, info.code(), info.err());
        assertTrue(info.out().contains("HELICAL scan, 1325 views, patient position HFS"), info.out());
        assertTrue(info.out().contains("144 channels x 16 rows"), info.out());
        assertTrue(info.out().contains("flying focal spot FFSZ"), info.out());
        assertTrue(info.out().contains("helical: 2.30 turns, 576 views a turn, table feed 9.60 mm a turn (toward +z), pitch 1.000"),
                info.out());
        assertTrue(info.out().contains("focal centre z -11.03 .. 11.03 mm; collimated width 9.60 mm; reconstructable z"
                + " -6.23 .. 6.23 mm"), info.out());
    }

    @Test
    void fbpReconstructsTheHelixIntoAVolumeAndACtSeries() throws Exception {
        Path scan = generate("scan", "--pitch", "1.0", "--turns", "2.3", "--views-per-turn", "576", "--ffs", "FFSZ");
        Path series = folder.resolve("series");
        CommandRun run = CommandRun.of("fbp", "--in", scan.toString(), "--out", folder.resolve("v.mhd").toString(),
                "--size", "96", "--pixel", "0.8", "--slice-spacing", "1", "--z-range=-3:3", "--filter", "hann",
                "--out-dicom", series.toString(), "--threads", "2");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.err().contains("from 1325 views x 144 bins (helical, hann"), run.err());
        FloatVolume volume = MetaImage.read(folder.resolve("v.mhd"));
        assertArrayEquals(new int[] {96, 96, 7}, volume.size());
        assertEquals(-3, volume.origin()[2], 1e-9, "the first slice at z = -3 mm");
        CtProjectionData.Scan raw = CtProjectionData.read(scan);
        VolumeGeometry grid = new VolumeGeometry(96, 96, 7, 0.8, 0.8, 1, 0, 0, 0);
        float[] library = new WeightedFbp(raw.helical(), grid, FilterWindow.HANN, 1, WeightedFbp.DEFAULT_Q, 1)
                .reconstruct(raw.projections(), Progress.NONE);
        assertArrayEquals(library, volume.data(), "the command's volume is the library's, bit for bit");
        FloatVolume hu = CtSeries.read(series);
        assertArrayEquals(new int[] {96, 96, 7}, hu.size());
        assertEquals(-3, hu.origin()[2], 1e-3, "the series' first slice at z = -3 mm");
        assertEquals(0, mean(hu, 3, -5, 14, 4), 10, "water in HU");
        assertEquals(100, mean(hu, 3, 14, 8, 5), 10, "the +100 HU insert at (14, 8) mm");
    }

    private static double mean(FloatVolume volume, int slice, double cx, double cy, double radius) {
        double sum = 0;
        int count = 0;
        int nx = volume.size(0);
        int ny = volume.size(1);
        for (int y = 0; y < ny; y++) {
            for (int x = 0; x < nx; x++) {
                double px = volume.origin()[0] + x * volume.spacing(0);
                double py = volume.origin()[1] + y * volume.spacing(1);
                if (Math.hypot(px - cx, py - cy) <= radius) {
                    sum += volume.data()[(slice * ny + y) * nx + x];
                    count++;
                }
            }
        }
        return sum / count;
    }

    /** Runs fbp on {@code scan}: it must fail with exit 2, print one line starting with {@code message}, write nothing. */
    private void assertRefused(Path scan, String message, String... extra) {
        Path out = folder.resolve("refused.mhd");
        List<String> args = new ArrayList<>(List.of("fbp", "--in", scan.toString(), "--out", out.toString(), "--size", "32"));
        args.addAll(List.of(extra));
        CommandRun run = CommandRun.of(args.toArray(String[]::new));
        assertEquals(Recon.EXIT_INPUT, run.code(), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("recon fbp: error: " + message), run.err());
        assertFalse(Files.exists(out), "no output written");
    }

    @Test
    void badFoldersAreRefusedInOneLine() throws Exception {
        Path scan = small("scan");
        assertRefused(scan, "--z-range 0:40 reaches outside the z range this scan reconstructs", "--z-range", "0:40");
        assertRefused(scan, "--z-range must be Z0:Z1 in mm, found 'a:b'", "--z-range", "a:b");

        Path other = small("other", "--seed", "2");
        Path mixed = copy(scan, "mixed");
        Files.copy(other.resolve("proj_00007.dcm"), mixed.resolve("proj_00007.dcm"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertRefused(mixed, "proj_00007.dcm belongs to series 2.25.712");

        Path missing = copy(scan, "missing");
        Files.delete(missing.resolve("proj_00050.dcm"));
        assertRefused(missing, "views are not evenly spaced in angle: views 49 and 50 are 12.0000 degrees apart, the scan's"
                + " step is 6.0");

        Path wider = small("wider", "--d0", "1100");
        Path inconsistent = copy(scan, "inconsistent");
        Files.copy(wider.resolve("proj_00009.dcm"), inconsistent.resolve("proj_00009.dcm"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertRefused(inconsistent, "proj_00009.dcm: source distances 595.00 / 1100.00 mm (not 595.00 / 1085.60) differs");

        assertRefused(small("sphere", "--shape", "SPHERICAL"),
                "DICOM-CT-PD detector shape 'SPHERICAL' is not supported: expected CYLINDRICAL or FLAT");
        assertRefused(small("mode", "--ffs-label", "FFSQ"),
                "flying focal spot mode (7033,100E) 'FFSQ' is not known: expected FFSNONE, FFSZ, FFSXY or FFSXYZ");
    }

    private Path copy(Path from, String name) throws IOException {
        Path to = folder.resolve(name);
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
        return to;
    }
}
