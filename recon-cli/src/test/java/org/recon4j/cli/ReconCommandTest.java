package org.recon4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.io.FloatVolume;
import org.recon4j.io.MetaImage;
import org.recon4j.metric.ImageMetrics;
import org.recon4j.metric.Mask;

/** The command line as a user meets it: exit codes, messages, files written and not written. */
class ReconCommandTest {
    @TempDir
    Path folder;

    private String out;
    private String err;

    private int run(String... args) {
        CommandRun run = CommandRun.of(args);
        out = run.out();
        err = run.err();
        return run.code();
    }

    private String path(String name) {
        return folder.resolve(name).toString();
    }

    @BeforeEach
    void makePhantom() {
        assertEquals(0, run("phantom", "--size", "128", "--views", "180", "--out-image", path("p.mhd"),
                "--out-sino", path("s.mhd"), "--quiet"), err);
    }

    /** A failed command prints one line and a hint, never a stack trace, and leaves no output. */
    private void assertRefused(int code, String expectedText, String... outputs) throws IOException {
        assertEquals(Recon.EXIT_INPUT, code, err);
        assertTrue(err.contains(expectedText), "message should contain '" + expectedText + "' but was: " + err);
        assertFalse(err.contains("\tat "), "no stack trace: " + err);
        assertTrue(err.strip().lines().count() <= 2, "one line (plus a hint): " + err);
        for (String output : outputs) {
            assertFalse(Files.exists(folder.resolve(output)), output + " must not be written");
        }
        try (Stream<Path> files = Files.list(folder)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".partial")), "no partial file");
        }
    }

    @Test
    void phantomThenFbpReconstructsThePhantom() throws IOException {
        int code = run("fbp", "--in", path("s.mhd"), "--out", path("r.mhd"), "--angles", "0:1:180",
                "--png", path("r.png"));
        assertEquals(0, code, err);
        assertTrue(err.contains("fbp: 128 x 128 x 1 from 180 views"), err);
        FloatVolume image = MetaImage.read(folder.resolve("r.mhd"));
        FloatVolume phantom = MetaImage.read(folder.resolve("p.mhd"));
        VolumeGeometry grid = VolumeGeometry.slice(128, 1);
        double rmse = ImageMetrics.rmse(image.data(), phantom.data(), Mask.cylinder(grid, 63));
        assertTrue(rmse < 0.03, "RMSE " + rmse);
        assertEquals(-63.5, image.origin()[0], 1e-9, "Offset is the first pixel's centre");
        assertTrue(Files.size(folder.resolve("r.png")) > 100);
    }

    @Test
    void optionsChangeTheGeometry() throws IOException {
        Files.write(folder.resolve("angles.txt"), List.of("# degrees", "0", "", "1"), StandardCharsets.UTF_8);
        StringBuilder angles = new StringBuilder();
        for (int v = 0; v < 180; v++) {
            angles.append(v).append('\n');
        }
        Files.writeString(folder.resolve("angles.txt"), "# one a line\n" + angles);
        assertEquals(0, run("fbp", "--in", path("s.mhd"), "--out", path("a.mhd"), "--angles-file", path("angles.txt"),
                "--size", "64", "--pixel", "2", "--center", "1,-1", "--filter", "hann", "--cutoff", "0.8",
                "--threads", "1", "--det-offset", "0", "--det-spacing", "1", "--quiet"), err);
        assertEquals("", err);
        FloatVolume image = MetaImage.read(folder.resolve("a.mhd"));
        assertEquals(64, image.size(0));
        assertEquals(2.0, image.spacing(0), 0);
        assertEquals(1 - 31.5 * 2, image.origin()[0], 1e-9);
        assertEquals(-1 - 31.5 * 2, image.origin()[1], 1e-9);
    }

    @Test
    void aStackOfSinogramsGivesAVolume() throws IOException {
        assertEquals(0, run("phantom", "--size", "32", "--views", "40", "--slices", "3", "--out-image", path("p3.mhd"),
                "--out-sino", path("s3.mhd"), "--quiet"), err);
        assertEquals(0, run("fbp", "--in", path("s3.mhd"), "--out", path("v3.mha"), "--angles", "0:4.5:40", "-q"), err);
        FloatVolume volume = MetaImage.read(folder.resolve("v3.mha"));
        assertEquals(3, volume.size(2));
        assertEquals(MetaImage.read(folder.resolve("p3.mhd")).origin()[2], volume.origin()[2], 1e-9);
    }

    @Test
    void mismatchedAnglesAreRefused() throws IOException {
        assertRefused(run("fbp", "--in", path("s.mhd"), "--out", path("r.mhd"), "--angles", "0:1:360"),
                "s.mhd has 180 views (DimSize 128 180, read as 'bins views [slices]') but --angles 0:1:360 gives 360 angles", "r.mhd", "r.raw");
    }

    @Test
    void missingAndTruncatedFilesAreRefused() throws IOException {
        assertRefused(run("fbp", "--in", path("none.mhd"), "--out", path("r.mhd"), "--angles", "0:1:180"),
                "does not exist", "r.mhd");
        byte[] raw = Files.readAllBytes(folder.resolve("s.raw"));
        Files.write(folder.resolve("s.raw"), java.util.Arrays.copyOf(raw, raw.length - 100));
        assertRefused(run("fbp", "--in", path("s.mhd"), "--out", path("r.mhd"), "--angles", "0:1:180"),
                "truncated", "r.mhd", "r.raw");
    }

    @Test
    void aHeaderThatLiesAboutItsSizeIsRefused() throws IOException {
        String header = Files.readString(folder.resolve("s.mhd")).replace("DimSize = 128 180", "DimSize = 128 90");
        Files.writeString(folder.resolve("s.mhd"), header);
        assertRefused(run("fbp", "--in", path("s.mhd"), "--out", path("r.mhd"), "--angles", "0:2:90"),
                "DimSize or ElementType is wrong", "r.mhd");
    }

    @Test
    void nonFiniteValuesAreRefused() throws IOException {
        FloatVolume sinogram = MetaImage.read(folder.resolve("s.mhd"));
        sinogram.data()[500] = Float.NaN;
        MetaImage.write(folder.resolve("nan.mhd"), sinogram, false);
        assertRefused(run("fbp", "--in", path("nan.mhd"), "--out", path("r.mhd"), "--angles", "0:1:180"),
                "finite values, found NaN at index 500", "r.mhd");
    }

    @Test
    void sizesThatCannotFitAreRefusedBeforeAllocating() throws IOException {
        assertRefused(run("fbp", "--in", path("s.mhd"), "--out", path("r.mhd"), "--angles", "0:1:180",
                "--size", "40000"), "heap", "r.mhd");
        assertRefused(run("fbp", "--in", path("s.mhd"), "--out", path("r.mhd"), "--angles", "0:1:180",
                "--size", "100000"), "elements", "r.mhd");
        String header = Files.readString(folder.resolve("s.mhd")).replace("DimSize = 128 180", "DimSize = 2000000 1000");
        Files.writeString(folder.resolve("s.mhd"), header);
        assertRefused(run("fbp", "--in", path("s.mhd"), "--out", path("r.mhd"), "--angles", "0:1:1000"),
                "s.mhd", "r.mhd");
    }

    @Test
    void badOptionsAreRefusedWithAHint() throws IOException {
        assertRefused(run("fbp", "--in", path("s.mhd"), "--out", path("r.mhd")), "--angles", "r.mhd");
        assertRefused(run("fbp", "--in", path("s.mhd"), "--out", path("r.mhd"), "--angles", "0:1"),
                "START:STEP:COUNT", "r.mhd");
        assertRefused(run("fbp", "--in", path("s.mhd"), "--out", path("r.mhd"), "--angles", "0:1:180",
                "--filter", "gauss"), "unknown filter 'gauss'", "r.mhd");
        assertRefused(run("fbp", "--in", path("s.mhd"), "--out", path("r.mhd"), "--angles", "0:1:180",
                "--cutoff", "2"), "cut-off must be in (0, 1]", "r.mhd");
        assertRefused(run("fbp", "--in", path("s.mhd"), "--out", path("r.mhd"), "--angles", "0:1:180",
                "--size", "abc"), "'abc'", "r.mhd");
        assertRefused(run("fbp", "--in", path("s.mhd"), "--out", path("r.txt"), "--angles", "0:1:180"),
                "must end in .mhd, .mha, .nii or .nii.gz", "r.txt");
        assertRefused(run("fbp", "--in", path("s.mhd"), "--out", path("r.mhd"), "--angles", "0:1:180",
                "--det-spacing", "0"), "detector bin spacing must be a positive finite number, found 0.0", "r.mhd");
    }

    @Test
    void anInputIsNeverOverwritten() throws IOException {
        byte[] before = Files.readAllBytes(folder.resolve("s.raw"));
        assertRefused(run("fbp", "--in", path("s.mhd"), "--out", path("s.mhd"), "--angles", "0:1:180"),
                "would overwrite the input");
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(folder.resolve("s.raw"))));
    }

    @Test
    void anExistingOutputNeedsForce() throws IOException {
        String[] args = {"fbp", "--in", path("s.mhd"), "--out", path("r.mhd"), "--angles", "0:1:180", "-q"};
        assertEquals(0, run(args), err);
        byte[] first = Files.readAllBytes(folder.resolve("r.raw"));
        Files.write(folder.resolve("r.raw"), new byte[] {1, 2, 3});
        assertRefused(run(args), "output " + path("r.mhd") + " exists; add --force to replace it");
        assertEquals(3, Files.size(folder.resolve("r.raw")), "the existing output is left alone");
        String[] forced = java.util.Arrays.copyOf(args, args.length + 1);
        forced[args.length] = "--force";
        assertEquals(0, run(forced), err);
        assertTrue(java.util.Arrays.equals(first, Files.readAllBytes(folder.resolve("r.raw"))), "replaced whole");
    }

    @Test
    void anUnwritableOutputEndsInAClearMessage() throws IOException {
        Files.writeString(folder.resolve("file"), "x");
        int code = run("fbp", "--in", path("s.mhd"), "--out", folder.resolve("file/r.mhd").toString(),
                "--angles", "0:1:180", "-q");
        assertTrue(code != 0, err);
        assertTrue(err.startsWith("recon fbp: error: "), err);
        assertFalse(err.contains("\tat "), err);
    }

    @Test
    void noisyPhantomsAreReproducible() throws IOException {
        for (String name : new String[] {"n1", "n2"}) {
            assertEquals(0, run("phantom", "--size", "32", "--views", "20", "--out-image", path(name + "p.mhd"),
                    "--out-sino", path(name + "s.mhd"), "--noise-photons", "1000", "--seed", "5", "-q"), err);
        }
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(folder.resolve("n1s.raw")),
                Files.readAllBytes(folder.resolve("n2s.raw"))));
    }

    @Test
    void demoWritesItsImagesAndPrintsMetrics() throws IOException {
        assertEquals(0, run("demo", "--out", path("demo"), "--size", "64", "--views", "90", "--quiet"), err);
        assertTrue(out.contains("FBP ram-lak, exact sinogram"), out);
        assertTrue(out.contains("RMSE") && out.contains("PSNR") && out.contains("SSIM"), out);
        for (String name : new String[] {"phantom", "sinogram", "sinogram-noisy", "fbp", "fbp-noisy"}) {
            assertTrue(Files.exists(folder.resolve("demo/" + name + ".mhd")), name);
            assertTrue(Files.exists(folder.resolve("demo/" + name + ".png")), name);
        }
    }

    @Test
    void helpAndVersionWork() {
        assertEquals(0, run("--help"));
        assertTrue(out.contains("fbp") && out.contains("phantom") && out.contains("demo"), out);
        assertEquals(0, run("fbp", "--help"));
        assertTrue(out.contains("--angles-file") && out.contains("--det-offset"), out);
        assertEquals(0, run("--version"));
        assertTrue(out.contains("Recon4J"), out);
    }
}
