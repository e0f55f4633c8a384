package org.recon4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.io.MetaImage;
import org.recon4j.metric.ImageMetrics;
import org.recon4j.metric.Mask;

/** `recon tv` and `tv:` in `recon compare`: parallel, fan and cone data, both solvers, bad weights refused. */
class TvCommandTest {
    @TempDir
    Path folder;

    private String path(String name) {
        return folder.resolve(name).toString();
    }

    private double rmse(String image, String truth, int size, int slice) throws IOException {
        float[] reconstruction = MetaImage.read(folder.resolve(image)).data();
        float[] phantom = MetaImage.read(folder.resolve(truth)).data();
        int area = size * size;
        return ImageMetrics.rmse(Arrays.copyOfRange(reconstruction, slice * area, (slice + 1) * area),
                Arrays.copyOfRange(phantom, slice * area, (slice + 1) * area),
                Mask.cylinder(VolumeGeometry.slice(size, 1), size / 2.0 - 1));
    }

    private static CommandRun ok(String... args) {
        CommandRun run = CommandRun.of(args);
        assertEquals(0, run.code(), run.err());
        return run;
    }

    /** Both solvers reach the same minimiser; how TV compares with SIRT is recon-core's TotalVariationMethodsTest. */
    @Test
    void bothSolversReconstructSparseNoisyDataAlike() throws IOException {
        ok("phantom", "--size", "64", "--views", "40", "--noise-photons", "1e5", "--out-image", path("p.mhd"),
                "--out-sino", path("s.mhd"), "-q");
        for (String algorithm : new String[] {"fista", "pdhg"}) {
            CommandRun tv = ok("tv", "--in", path("s.mhd"), "--angles", "0:4.5:40", "--alpha", "3", "--nonneg",
                    "--algorithm", algorithm, "--iterations", algorithm.equals("pdhg") ? "300" : "100", "--out",
                    path(algorithm + ".mhd"));
            assertTrue(tv.err().contains("tv: 64 x 64 x 1 from 40 views (parallel)"), tv.err());
            assertTrue(tv.err().contains(", objective "), tv.err());
            double rmse = rmse(algorithm + ".mhd", "p.mhd", 64, 0);
            System.out.printf("64^2, 40 noisy views: TV-%s RMSE %.4f%n", algorithm, rmse);
            assertTrue(rmse < 0.06, algorithm + " RMSE " + rmse);
        }
        double between = rmse("fista.mhd", "pdhg.mhd", 64, 0);
        assertTrue(between < 0.01, "FISTA and PDHG differ by " + between);
    }

    @Test
    void tvRunsOnFanAndConeBeam() throws IOException {
        ok("phantom", "--size", "64", "--views", "90", "--geometry", "fan-flat", "--out-image", path("fp.mhd"),
                "--out-sino", path("fs.mhd"), "--sod", "192", "--sdd", "256", "-q");
        ok("tv", "--in", path("fs.mhd"), "--angles", "0:4:90", "--geometry", "fan-flat", "--sod", "192", "--sdd",
                "256", "--det-spacing", "1.3333333333333333", "--size", "64", "--pixel", "1", "--alpha", "1", "--nonneg", "--iterations", "60", "--out", path("fan.mhd"), "-q");
        double fan = rmse("fan.mhd", "fp.mhd", 64, 0);
        assertTrue(fan < 0.1, "fan-beam TV RMSE " + fan);
        ok("phantom", "--size", "32", "--views", "60", "--geometry", "cone", "--out-image", path("cp.mhd"),
                "--out-sino", path("cs.mhd"), "--sod", "96", "--sdd", "128", "-q");
        CommandRun cone = ok("tv", "--in", path("cs.mhd"), "--angles", "0:6:60", "--geometry", "cone", "--sod", "96",
                "--sdd", "128", "--det-spacing", "1.3333333333333333", "--size", "32", "--pixel", "1", "--alpha", "1", "--nonneg", "--iterations", "40", "--out", path("cone.mhd"));
        assertTrue(cone.err().contains("tv: 32 x 32 x 32 from 60 views (cone)"), cone.err());
        double middle = rmse("cone.mhd", "cp.mhd", 32, 16);
        assertTrue(middle < 0.1, "cone-beam TV, central slice RMSE " + middle);
    }

    @Test
    void badWeightsAndSolversAreRefusedInOneLine() throws IOException {
        ok("phantom", "--size", "32", "--views", "20", "--out-image", path("p.mhd"), "--out-sino", path("s.mhd"), "-q");
        String[][] cases = {
            {"--alpha", "-1"}, {"--alpha", "NaN"}, {"--alpha", "Infinity"}, {"--alpha", "1", "--algorithm", "admm"}};
        String[] expected = {"alpha must be finite and >= 0, found -1", "found NaN", "found Infinity",
            "unknown TV algorithm 'admm': expected fista or pdhg"};
        for (int i = 0; i < cases.length; i++) {
            String[] args = concat(new String[] {"tv", "--in", path("s.mhd"), "--angles", "0:9:20", "--out",
                path("bad.mhd")}, cases[i]);
            CommandRun run = CommandRun.of(args);
            assertEquals(Recon.EXIT_INPUT, run.code(), run.err());
            assertTrue(run.err().contains(expected[i]), run.err());
            assertEquals(1, run.err().strip().lines().count(), run.err());
            assertFalse(Files.exists(folder.resolve("bad.mhd")), "no output on bad input");
        }
    }

    @Test
    void compareRunsBothSolversAndPlotsTheirObjective() throws IOException {
        ok("phantom", "--size", "48", "--views", "30", "--noise-photons", "1e4", "--out-image", path("p.mhd"),
                "--out-sino", path("s.mhd"), "-q");
        ok("compare", "--in", path("s.mhd"), "--angles", "0:6:30", "--truth", path("p.mhd"), "--methods",
                "sirt:10,tv:3:20,tv:3:30:pdhg", "--out", path("report.html"), "-q");
        String html = Files.readString(folder.resolve("report.html"));
        assertTrue(html.contains("<td>tv:3:20</td>") && html.contains("<td>tv:3:30:pdhg</td>"), "both rows");
        assertTrue(html.contains("Objective 0.5 ||Ax - b||^2 + alpha TV(x)"), "the objective's plot");
        CommandRun bad = CommandRun.of("compare", "--in", path("s.mhd"), "--angles", "0:6:30", "--methods", "tv:3",
                "--out", path("bad.html"));
        assertEquals(Recon.EXIT_INPUT, bad.code());
        assertTrue(bad.err().contains("must be sirt:K, ossart:SxK, cgls:K or tv:ALPHA:K[:fista|pdhg]"), bad.err());
    }

    private static String[] concat(String[] first, String[] second) {
        String[] all = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }
}
