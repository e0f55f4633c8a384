package org.recon4j.algorithm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.recon4j.InvalidInputException;
import org.recon4j.filter.FilterWindow;
import org.recon4j.geometry.ParallelBeamGeometry;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.metric.ImageMetrics;
import org.recon4j.projector.Projector;

/**
 * SIRT, OS-SART and CGLS on a sparse-view case (60 views over 180 degrees, 128 x 128) with the
 * exact closed-form sinogram: no inverse crime, the projector never made the data.
 */
class IterativeReconstructionTest {
    private static final int SIZE = SparseViewCase.SIZE;
    private static final int VIEWS = SparseViewCase.VIEWS;
    private static final VolumeGeometry GRID = SparseViewCase.GRID;
    private static final ParallelBeamGeometry GEOMETRY = SparseViewCase.GEOMETRY;
    private static final Projector projector = SparseViewCase.PROJECTOR;
    private static final float[] sinogram = SparseViewCase.SINOGRAM;
    private static final float[] truth = SparseViewCase.TRUTH;
    private static final boolean[] mask = SparseViewCase.MASK;
    private static double fbpRmse;

    @BeforeAll
    static void setUp() {
        fbpRmse = ImageMetrics.rmse(new ParallelBeamFbp(GEOMETRY, GRID, FilterWindow.RAM_LAK, 1, 0).reconstruct(sinogram),
                truth, mask);
    }

    private static List<IterationReport> record(IterativeReconstruction method, int iterations) {
        return SparseViewCase.record(method, iterations);
    }

    @Test
    void sirtNeverIncreasesItsWeightedResidualAndBeatsFbp() {
        Sirt sirt = new Sirt(projector, sinogram, null, 1.0, true);
        double previous = sirt.weightedResidualNorm();
        for (int iteration = 0; iteration < 200; iteration++) {
            sirt.iterate();
            double current = sirt.weightedResidualNorm();
            assertTrue(current <= previous * (1 + 1e-6), "iteration " + iteration + ": " + previous + " -> " + current);
            previous = current;
        }
        double rmse = ImageMetrics.rmse(sirt.estimate(), truth, mask);
        System.out.printf("sparse view (%d views): FBP RMSE %.5f, SIRT x200 %.5f%n", VIEWS, fbpRmse, rmse);
        assertTrue(rmse < fbpRmse, "SIRT " + rmse + " vs FBP " + fbpRmse);
        for (float value : sirt.estimate()) {
            assertTrue(value >= 0, "non-negativity");
        }
    }

    /**
     * CGLS is unregularised least squares: on 60 views of a 128 x 128 image it is
     * underdetermined, and its best RMSE here (about 0.045, near iteration 10) does not beat
     * FBP's 0.043. Its guarantee is the residual, checked at every iteration.
     */
    @Test
    void cglsDecreasesTheResidualAtEveryIteration() {
        Cgls cgls = new Cgls(projector, sinogram);
        List<IterationReport> reports = record(cgls, 25);
        for (int i = 1; i < reports.size(); i++) {
            assertTrue(reports.get(i).residualNorm() <= reports.get(i - 1).residualNorm() * (1 + 1e-6),
                    "iteration " + (i + 1));
        }
        assertEquals(25, reports.get(24).iteration());
        assertEquals("CGLS", reports.get(0).method());
        assertTrue(reports.get(24).residualNorm() < 0.05 * reports.get(0).residualNorm(), "the residual falls");
        System.out.printf("sparse view: CGLS x25 RMSE %.5f (FBP %.5f)%n", ImageMetrics.rmse(cgls.estimate(), truth, mask),
                fbpRmse);
    }

    @Test
    void osSartBeatsFbpInFewIterations() {
        OsSart osSart = new OsSart(projector, sinogram, null, 10, 1.0, true);
        List<IterationReport> reports = record(osSart, 20);
        assertTrue(reports.get(19).residualNorm() < reports.get(0).residualNorm());
        double rmse = ImageMetrics.rmse(osSart.estimate(), truth, mask);
        System.out.printf("sparse view: OS-SART 10 subsets x20 RMSE %.5f (FBP %.5f)%n", rmse, fbpRmse);
        assertTrue(rmse < fbpRmse, "OS-SART " + rmse + " vs FBP " + fbpRmse);
    }

    @Test
    void osSartWithOneSubsetIsSirt() {
        float[] sirt = new Sirt(projector, sinogram, null, 0.8, false).run(3);
        float[] osSart = new OsSart(projector, sinogram, null, 1, 0.8, false).run(3);
        assertArrayEquals(sirt, osSart);
    }

    @Test
    void aRunStopsWhenCancelled() {
        Cgls cgls = new Cgls(projector, sinogram);
        cgls.addListener(report -> {
            if (report.iteration() == 3) {
                cgls.cancel();
            }
        });
        cgls.run(50);
        assertEquals(3, cgls.iterations());
    }

    /** Projectors are shared between threads: concurrent runs give the bits of sequential ones. */
    @Test
    void concurrentReconstructionsEqualSequentialOnes() throws Exception {
        float[] sequentialSirt = new Sirt(projector, sinogram, null, 1.0, true).run(5);
        float[] sequentialCgls = new Cgls(projector, sinogram).run(5);
        java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<float[]>> sirts = new ArrayList<>();
            List<java.util.concurrent.Future<float[]>> cglss = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                sirts.add(callers.submit(() -> new Sirt(projector, sinogram, null, 1.0, true).run(5)));
                cglss.add(callers.submit(() -> new Cgls(projector, sinogram).run(5)));
            }
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(sequentialSirt, sirts.get(i).get());
                assertArrayEquals(sequentialCgls, cglss.get(i).get());
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void badParametersAreRefused() {
        assertThrows(InvalidInputException.class, () -> new Sirt(projector, new float[5]));
        assertThrows(InvalidInputException.class, () -> new Sirt(projector, sinogram, null, 2.5, false));
        assertThrows(InvalidInputException.class, () -> new OsSart(projector, sinogram, null, VIEWS + 1, 1, false));
        float[] nan = sinogram.clone();
        nan[3] = Float.NaN;
        assertThrows(InvalidInputException.class, () -> new Cgls(projector, nan));
    }
}
