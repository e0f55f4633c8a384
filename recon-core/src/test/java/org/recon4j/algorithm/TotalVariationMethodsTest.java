package org.recon4j.algorithm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.recon4j.InvalidInputException;
import org.recon4j.geometry.ParallelBeamGeometry;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.metric.ImageMetrics;
import org.recon4j.phantom.SheppLogan;
import org.recon4j.projector.JosephProjector;
import org.recon4j.projector.Projector;

/**
 * TV-regularised least squares by FISTA and PDHG on the sparse-view case of
 * {@link IterativeReconstructionTest} (60 views, 128 x 128, the exact closed-form sinogram of
 * the modified Shepp-Logan phantom: the projector never made the data).
 */
class TotalVariationMethodsTest {
    private static final int SIZE = SparseViewCase.SIZE;
    private static final Projector projector = SparseViewCase.PROJECTOR;
    private static final float[] sinogram = SparseViewCase.SINOGRAM;
    private static final float[] truth = SparseViewCase.TRUTH;
    private static final boolean[] mask = SparseViewCase.MASK;
    /** The best of the half-decade grid 0.3, 1, 3 for this case (exact data; the discretisation is its only noise). */
    private static final double ALPHA = 3;

    private static List<IterationReport> record(IterativeReconstruction method, int iterations) {
        return SparseViewCase.record(method, iterations);
    }

    /**
     * Where the pixelised truth is flat (away from the one-pixel bands where it averages two
     * levels, which no method can reproduce from the continuous phantom's data), TV's streak-free
     * image is far closer to it than SIRT's at SIRT's best iteration.
     */
    @Test
    void fistasObjectiveNeverIncreasesAndTvBeatsSirtFarOnExactSparseData() {
        Fista fista = new Fista(projector, sinogram, ALPHA, true);
        double start = fista.objective();
        List<IterationReport> reports = record(fista, 150);
        double previous = start;
        for (IterationReport report : reports) {
            assertTrue(report.objective() <= previous, "iteration " + report.iteration() + ": " + previous + " -> "
                    + report.objective());
            previous = report.objective();
        }
        assertTrue(previous < 0.01 * start, "the objective falls: " + start + " -> " + previous);
        boolean[] flat = flatRegions();
        Sirt sirt = new Sirt(projector, sinogram, null, 1.0, true);
        double sirtBest = Double.MAX_VALUE;
        double sirtBestAll = Double.MAX_VALUE;
        for (int iteration = 1; iteration <= 300; iteration++) {
            sirt.iterate();
            if (iteration % 10 == 0) {
                sirtBest = Math.min(sirtBest, ImageMetrics.rmse(sirt.estimate(), truth, flat));
                sirtBestAll = Math.min(sirtBestAll, ImageMetrics.rmse(sirt.estimate(), truth, mask));
            }
        }
        double tvFlat = ImageMetrics.rmse(fista.estimate(), truth, flat);
        double tvAll = ImageMetrics.rmse(fista.estimate(), truth, mask);
        System.out.printf("sparse view, exact data: RMSE in flat regions TV-FISTA x150 %.5f, SIRT at its best %.5f;"
                + " in the whole circle %.5f and %.5f%n", tvFlat, sirtBest, tvAll, sirtBestAll);
        assertTrue(tvFlat < 0.5 * sirtBest, "TV " + tvFlat + " vs SIRT " + sirtBest);
        assertTrue(tvAll < sirtBestAll, "TV " + tvAll + " vs SIRT " + sirtBestAll + " in the whole circle");
        for (float value : fista.estimate()) {
            assertTrue(value >= 0, "non-negativity");
        }
    }

    /** Pixels inside the circle whose 3 x 3 neighbourhood in the truth holds one value. */
    private static boolean[] flatRegions() {
        boolean[] flat = new boolean[truth.length];
        for (int y = 1; y < SIZE - 1; y++) {
            for (int x = 1; x < SIZE - 1; x++) {
                int j = y * SIZE + x;
                float low = truth[j];
                float high = truth[j];
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        low = Math.min(low, truth[j + dy * SIZE + dx]);
                        high = Math.max(high, truth[j + dy * SIZE + dx]);
                    }
                }
                flat[j] = mask[j] && high == low;
            }
        }
        return flat;
    }

    @Test
    void pdhgReachesTheMinimumFistaFinds() {
        double alpha = ALPHA;
        Fista fista = new Fista(projector, sinogram, alpha, true);
        fista.run(300);
        Pdhg pdhg = new Pdhg(projector, sinogram, alpha, true);
        List<IterationReport> reports = record(pdhg, 600);
        double minimum = fista.objective();
        double early = reports.get(49).objective() - minimum;
        double late = reports.get(599).objective() - minimum;
        System.out.printf("PDHG objective excess over FISTA's x300: %.4g after 50, %.4g after 600 (minimum %.6g)%n",
                early, late, minimum);
        assertTrue(late < 0.2 * early, "the excess falls: " + early + " -> " + late);
        assertTrue(Math.abs(late) < 2e-3 * minimum, "PDHG ends within 0.2 % of the minimum: " + late);
        double difference = ImageMetrics.rmse(pdhg.estimate(), fista.estimate(), mask);
        assertTrue(difference < 0.01, "the two images agree: RMSE between them " + difference);
    }

    /**
     * With alpha 0 both minimise plain least squares: on an overdetermined problem (32 x 32 from
     * 90 views of 48 bins) their objective falls to CGLS's minimum. (The images themselves differ
     * along the problem's nearly-null directions, which no method resolves in few iterations.)
     */
    @Test
    void alphaZeroApproachesTheLeastSquaresSolution() {
        VolumeGeometry grid = VolumeGeometry.slice(32, 1);
        ParallelBeamGeometry geometry = ParallelBeamGeometry.uniform(90, Math.PI, 48, 1);
        Projector small = JosephProjector.parallel(geometry, grid, 0);
        float[] data = SheppLogan.modified2D(16).sinogram(geometry);
        Cgls cgls = new Cgls(small, data);
        cgls.run(300);
        double minimum = 0.5 * Math.pow(cgls.iterate().residualNorm(), 2);
        double initial = 0.5 * OperatorNorm.dot(data, data);
        for (IterativeReconstruction method : List.of(new Fista(small, data, 0, false), new Pdhg(small, data, 0, false))) {
            double early = method.run(100).length > 0 ? method.objective() - minimum : 0;
            method.run(900);
            double late = method.objective() - minimum;
            System.out.printf("alpha 0: %s's least-squares objective exceeds CGLS's minimum %.6g by %.3g after 100"
                    + " iterations, %.3g after 1000%n", method.name(), minimum, early, late);
            assertTrue(late < 0.5 * early, method.name() + ": " + early + " -> " + late);
            assertTrue(late < 1e-3 * (initial - minimum), method.name() + ": " + late);
        }
    }

    @Test
    void badWeightsAreRefused() {
        assertThrows(InvalidInputException.class, () -> new Fista(projector, sinogram, -1, true));
        assertThrows(InvalidInputException.class, () -> new Pdhg(projector, sinogram, Double.POSITIVE_INFINITY, true));
        assertThrows(InvalidInputException.class, () -> new Fista(projector, sinogram, Double.NaN, true));
    }

    @Test
    void thePowerMethodFindsTheNormOfAKnownOperator() {
        // A diagonal operator with entries 1..n: its norm is n.
        int n = 50;
        double norm = OperatorNorm.estimate(n, (x, out) -> {
            for (int j = 0; j < n; j++) {
                out[j] = (float) ((j + 1.0) * (j + 1.0) * x[j]);
            }
        }, 200);
        assertEquals(n, norm, 0.02 * n);
        assertThrows(InvalidInputException.class, () -> OperatorNorm.estimate(n, (x, out) -> java.util.Arrays.fill(out, 0f), 10));
    }
}
