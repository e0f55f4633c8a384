package org.recon4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.recon4j.geometry.ParallelBeamGeometry;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.io.FloatVolume;
import org.recon4j.io.MetaImage;
import org.recon4j.metric.ImageMetrics;
import org.recon4j.metric.Mask;
import org.recon4j.phantom.SheppLogan;

/** Fan, cone, iterative and centre-of-rotation commands, from `recon phantom` data to an image. */
class GeometryCommandsTest {
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

    private double rmse(String image, String phantom, int size) throws IOException {
        FloatVolume reconstruction = MetaImage.read(folder.resolve(image));
        FloatVolume truth = MetaImage.read(folder.resolve(phantom));
        VolumeGeometry grid = VolumeGeometry.stack(size, reconstruction.size(2), 1);
        return ImageMetrics.rmse(reconstruction.data(), truth.data(), Mask.cylinder(grid, size / 2.0 - 1));
    }

    /** The "reconstruct with:" line that phantom prints, as arguments. */
    private String[] suggested(String output) {
        String line = err.lines().filter(l -> l.startsWith("reconstruct with: recon ")).findFirst().orElseThrow();
        String[] words = line.substring("reconstruct with: recon ".length()).replace("IMAGE.mhd", output).split(" ");
        String[] args = Arrays.copyOf(words, words.length + 1);
        args[words.length] = "-q";
        return args;
    }

    @ParameterizedTest
    @ValueSource(strings = {"fan-arc", "fan-flat"})
    void fanBeamFromPhantomToImage(String geometry) throws IOException {
        assertEquals(0, run("phantom", "--size", "96", "--views", "180", "--geometry", geometry,
                "--out-image", path("p.mhd"), "--out-sino", path("s.mhd")), err);
        assertEquals(0, run(suggested(path("r.mhd"))), err);
        double rmse = rmse("r.mhd", "p.mhd", 96);
        assertTrue(rmse < 0.05, geometry + " RMSE " + rmse);
    }

    @Test
    void coneBeamFromPhantomToVolume() throws IOException {
        assertEquals(0, run("phantom", "--size", "40", "--views", "90", "--geometry", "cone",
                "--out-image", path("p.mhd"), "--out-sino", path("c.mhd")), err);
        assertEquals(3, MetaImage.read(folder.resolve("c.mhd")).dimensions());
        assertEquals(0, run(suggested(path("v.mhd"))), err);
        FloatVolume volume = MetaImage.read(folder.resolve("v.mhd"));
        assertEquals(40, volume.size(2));
        FloatVolume phantom = MetaImage.read(folder.resolve("p.mhd"));
        int slice = 40 * 40;
        float[] middle = Arrays.copyOfRange(volume.data(), 20 * slice, 21 * slice);
        float[] truth = Arrays.copyOfRange(phantom.data(), 20 * slice, 21 * slice);
        double rmse = ImageMetrics.rmse(middle, truth, Mask.cylinder(VolumeGeometry.slice(40, 1), 19));
        assertTrue(rmse < 0.1, "central slice RMSE " + rmse);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"sirt, 50", "ossart, 10", "cgls, 10"})
    void iterativeCommandsReconstruct(String method, int iterations) throws IOException {
        assertEquals(0, run("phantom", "--size", "64", "--views", "60", "--out-image", path("p.mhd"),
                "--out-sino", path("s.mhd"), "-q"), err);
        assertEquals(0, run(method, "--in", path("s.mhd"), "--out", path("r.mhd"), "--angles", "0:3:60",
                "--iterations", String.valueOf(iterations)), err);
        assertTrue(err.contains(method + ": 64 x 64 x 1 from 60 views (parallel), " + iterations + " iterations"), err);
        double rmse = rmse("r.mhd", "p.mhd", 64);
        assertTrue(rmse < 0.1, method + " RMSE " + rmse);
    }

    @Test
    void corFindsTheOffset() throws IOException {
        ParallelBeamGeometry geometry = ParallelBeamGeometry.uniform(120, Math.PI, 90, 1).withDetectorOffset(2.5);
        float[] sinogram = SheppLogan.modified2D(35).sinogram(geometry);
        MetaImage.write(folder.resolve("shifted.mhd"), FloatVolume.of(sinogram, 90, 120), false);
        assertEquals(0, run("cor", "--in", path("shifted.mhd"), "--angles", "0:1.5:120"), err);
        String offset = out.lines().filter(l -> l.startsWith("use: --det-offset ")).findFirst().orElseThrow()
                .substring("use: --det-offset ".length());
        assertEquals(2.5, Double.parseDouble(offset), 0.05, out);
        assertEquals(0, run("fbp", "--in", path("shifted.mhd"), "--out", path("fixed.mhd"), "--angles", "0:1.5:120",
                "--det-offset", offset, "--size", "80", "-q"), err);
    }

    @Test
    void missingGeometryOptionsAreNamed() throws IOException {
        assertEquals(0, run("phantom", "--size", "32", "--views", "20", "--out-image", path("p.mhd"),
                "--out-sino", path("s.mhd"), "-q"), err);
        assertEquals(Recon.EXIT_INPUT, run("fbp", "--in", path("s.mhd"), "--out", path("r.mhd"), "--angles", "0:9:20",
                "--geometry", "fan-arc"));
        assertTrue(err.contains("--geometry fan-arc needs --sod and --sdd"), err);
        assertEquals(Recon.EXIT_INPUT, run("fdk", "--in", path("s.mhd"), "--out", path("r.mhd"), "--angles", "0:9:20",
                "--sod", "100", "--sdd", "150"));
        assertTrue(err.contains("expected cone-beam projections with DimSize 'nu nv views'"), err);
        assertEquals(Recon.EXIT_INPUT, run("fbp", "--in", path("s.mhd"), "--out", path("r.mhd"), "--angles", "0:9:20",
                "--geometry", "helical"));
        assertTrue(err.contains("unknown geometry 'helical'"), err);
        assertEquals(Recon.EXIT_INPUT, run("fbp", "--in", path("s.mhd"), "--out", path("r.mhd"), "--angles", "0:18:20",
                "--geometry", "fan-flat", "--sod", "10", "--sdd", "20"));
        assertTrue(err.contains("passes through the volume"), err);
    }
}
