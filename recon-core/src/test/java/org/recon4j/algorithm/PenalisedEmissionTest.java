package org.recon4j.algorithm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.recon4j.InvalidInputException;
import org.recon4j.geometry.SpectGeometry;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.phantom.Poisson;
import org.recon4j.projector.CollimatorResponse;
import org.recon4j.projector.SpectProjector;
import org.recon4j.regularisation.Prior;

/**
 * Penalised-likelihood SPECT: the priors' gradients against finite differences, and BSREM and
 * OSEM-OSL on simulated counts of a water cylinder with a hot sphere (attenuation and the
 * collimator response in the model).
 */
class PenalisedEmissionTest {
    private static final VolumeGeometry GRID = new VolumeGeometry(32, 32, 12, 4, 4, 4, 0, 0, 0);
    private static SpectProjector projector;
    private static float[] counts;
    private static boolean[] background;

    @BeforeAll
    static void simulate() {
        float[] mu = new float[GRID.voxelCount()];
        float[] activity = new float[GRID.voxelCount()];
        boolean[] body = new boolean[mu.length];
        background = new boolean[mu.length];
        for (int z = 0; z < GRID.nz(); z++) {
            for (int y = 0; y < GRID.ny(); y++) {
                for (int x = 0; x < GRID.nx(); x++) {
                    int i = (z * GRID.ny() + y) * GRID.nx() + x;
                    double r = Math.hypot(GRID.x(x), GRID.y(y));
                    double toSphere = Math.sqrt(Math.pow(GRID.x(x) - 20, 2) + Math.pow(GRID.y(y), 2) + Math.pow(GRID.z(z), 2));
                    body[i] = r <= 50;
                    mu[i] = body[i] ? 0.015f : 0f;
                    activity[i] = body[i] ? (toSphere <= 10 ? 4f : 1f) : 0f;
                    background[i] = r <= 30 && toSphere > 18 && Math.abs(GRID.z(z)) <= 12;
                }
            }
        }
        SpectGeometry geometry = SpectGeometry.fromDicom(0, 6, SpectGeometry.Direction.CW, 60, new double[] {90},
                32, 12, 4, 4);
        projector = new SpectProjector(geometry, GRID, mu, body, CollimatorResponse.linear(0.02, 1.5, 3), 0);
        float[] mean = new float[projector.projectionSize()];
        projector.forward(activity, mean);
        SplittableRandom random = new SplittableRandom(5);
        counts = new float[mean.length];
        for (int i = 0; i < mean.length; i++) {
            counts[i] = Poisson.sample(random, 2 * mean[i]);
        }
    }

    private static float[] randomImage(VolumeGeometry grid, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] image = new float[grid.voxelCount()];
        for (int j = 0; j < image.length; j++) {
            image[j] = (float) random.nextDouble(0.2, 3);
        }
        return image;
    }

    @Test
    void priorGradientsMatchFiniteDifferences() {
        VolumeGeometry grid = new VolumeGeometry(6, 5, 4, 2, 2, 3, 0, 0, 0);
        for (Prior.Potential potential : List.of(Prior.quadratic(), Prior.relativeDifference(2, 1e-6),
                Prior.relativeDifference(0, 1e-6))) {
            Prior prior = new Prior(grid, potential, 2);
            float[] image = randomImage(grid, 3);
            float[] gradient = new float[image.length];
            prior.gradient(image, gradient);
            for (int j : new int[] {0, 7, 31, 64, 119}) {
                double h = 1e-3;
                float[] plus = image.clone();
                float[] minus = image.clone();
                plus[j] += (float) h;
                minus[j] -= (float) h;
                double numeric = (prior.value(plus) - prior.value(minus)) / ((plus[j] - minus[j]));
                assertEquals(numeric, gradient[j], 2e-3 * Math.max(1, Math.abs(numeric)), potential.describe() + " voxel " + j);
            }
        }
    }

    @Test
    void aPairCountsOnceWithItsWeight() {
        VolumeGeometry pair = new VolumeGeometry(2, 1, 1, 1, 1, 1, 0, 0, 0);
        assertEquals(Math.pow(3 - 1, 2) / (3 + 1 + 2 * 2 + 1e-9),
                new Prior(pair, Prior.relativeDifference(2, 1e-9), 1).value(new float[] {3, 1}), 1e-9);
        VolumeGeometry diagonal = new VolumeGeometry(2, 2, 1, 1, 1, 1, 0, 0, 0);
        // Two edges of weight 1 and one diagonal of weight 1/sqrt(2) join the hot voxel to the others.
        assertEquals(2 + 1 / Math.sqrt(2), new Prior(diagonal, Prior.quadratic(), 1).value(new float[] {1, 0, 0, 0}), 1e-6);
        assertThrows(InvalidInputException.class, () -> Prior.parse("rdp:-1"));
        assertThrows(InvalidInputException.class, () -> Prior.parse("huber:1"));
        assertThrows(InvalidInputException.class, () -> Prior.parse("rdp:1:x"));
        assertEquals(0.5, Prior.parse("rdp:0.5:3").beta());
    }

    @Test
    void bsremClimbsThePenalisedLikelihoodAndItsGradientFalls() {
        Prior prior = new Prior(GRID, Prior.relativeDifference(2, Prior.DEFAULT_EPSILON), 0);
        Bsrem bsrem = new Bsrem(projector, counts, null, null, 6, prior, 0.5, 1);
        List<IterationReport> reports = new ArrayList<>();
        bsrem.addListener(reports::add);
        bsrem.run(2);
        double early = bsrem.scaledGradientNorm(bsrem.estimate());
        bsrem.run(28);
        double late = bsrem.scaledGradientNorm(bsrem.estimate());
        for (int i = 2; i < reports.size(); i++) {
            assertTrue(reports.get(i).objective() >= reports.get(i - 1).objective() - 1e-6 * Math.abs(reports.get(i - 1).objective()),
                    "iteration " + (i + 1) + ": " + reports.get(i - 1).objective() + " -> " + reports.get(i).objective());
        }
        System.out.printf("BSREM-RDP: scaled gradient norm %.4g after 2 iterations, %.4g after 30%n", early, late);
        assertTrue(late < 0.2 * early, early + " -> " + late);
    }

    @Test
    void betaZeroReachesMlemsFixedPoint() {
        Bsrem bsrem = new Bsrem(projector, counts, null, null, 6, null, 0, 1);
        bsrem.run(40);
        float[] image = bsrem.estimate();
        Osem mlem = Osem.mlem(projector, counts, null, image);
        mlem.run(1);
        float[] next = mlem.estimate();
        Osem osem = new Osem(projector, counts, null, null, 6);
        osem.run(4);
        float[] osemImage = osem.estimate();
        Osem osemThenMlem = Osem.mlem(projector, counts, null, osemImage);
        osemThenMlem.run(1);
        double bsremMove = relativeChange(image, next);
        double osemMove = relativeChange(osemImage, osemThenMlem.estimate());
        System.out.printf("an MLEM update moves BSREM(beta 0) x40 by %.3g, OSEM 6x4 by %.3g (relative RMS)%n",
                bsremMove, osemMove);
        assertTrue(bsremMove < 0.01, "BSREM with beta 0 is (nearly) a fixed point of MLEM: " + bsremMove);
        assertTrue(bsremMove < 0.5 * osemMove, bsremMove + " vs OSEM's " + osemMove);
    }

    @Test
    void theRelativeDifferencePriorLowersBackgroundNoise() {
        Osem osem = new Osem(projector, counts, null, null, 6);
        osem.run(6);
        Prior prior = new Prior(GRID, Prior.relativeDifference(2, Prior.DEFAULT_EPSILON), 0);
        Bsrem bsrem = new Bsrem(projector, counts, null, null, 6, prior, 2, 1);
        bsrem.run(20);
        Osem osl = new Osem(projector, counts, null, null, 6, prior, 2);
        osl.run(6);
        double osemCov = coefficientOfVariation(osem.estimate());
        double bsremCov = coefficientOfVariation(bsrem.estimate());
        double oslCov = coefficientOfVariation(osl.estimate());
        System.out.printf("background CoV: OSEM 6x6 %.4f, OSEM-OSL rdp:2 %.4f, BSREM rdp:2 x20 %.4f%n", osemCov, oslCov,
                bsremCov);
        assertTrue(bsremCov < 0.7 * osemCov, "BSREM " + bsremCov + " vs OSEM " + osemCov);
        assertTrue(oslCov < osemCov, "OSL " + oslCov + " vs OSEM " + osemCov);
        assertEquals("OSEM-OSL", osl.name());
        assertThrows(InvalidInputException.class, () -> new Bsrem(projector, counts, null, null, 6, prior, -1, 1));
        assertThrows(InvalidInputException.class, () -> new Bsrem(projector, counts, null, null, 6, prior, 1, 0));
        assertThrows(InvalidInputException.class, () -> new Osem(projector, counts, null, null, 6, null, 1));
    }

    private static double relativeChange(float[] before, float[] after) {
        double difference = 0;
        double norm = 0;
        for (int j = 0; j < before.length; j++) {
            difference += Math.pow(after[j] - before[j], 2);
            norm += Math.pow(before[j], 2);
        }
        return Math.sqrt(difference / norm);
    }

    private static double coefficientOfVariation(float[] image) {
        double sum = 0;
        double squares = 0;
        int n = 0;
        for (int j = 0; j < image.length; j++) {
            if (background[j]) {
                sum += image[j];
                squares += (double) image[j] * image[j];
                n++;
            }
        }
        double mean = sum / n;
        return Math.sqrt(squares / n - mean * mean) / mean;
    }
}
