package org.recon4j.spect;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.recon4j.algorithm.Osem;
import org.recon4j.geometry.SpectGeometry;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.projector.CollimatorResponse;
import org.recon4j.projector.SpectProjector;

/**
 * OSEM on simulated SPECT data of a water cylinder (mu 0.15/cm) with a hot sphere: the uniform
 * part reconstructs flat, and with a known scatter component TEW restores the sphere contrast
 * that ignoring scatter loses (issue 4).
 */
class EmissionPhysicsTest {
    private static final VolumeGeometry GRID = new VolumeGeometry(48, 48, 24, 4, 4, 4, 0, 0, 0);
    private static final double CYLINDER = 70;
    private static float[] mu;
    private static float[] activity;
    private static boolean[] background;
    private static boolean[] sphere;
    private static SpectProjector projector;

    @BeforeAll
    static void simulate() {
        mu = new float[GRID.voxelCount()];
        activity = new float[GRID.voxelCount()];
        background = new boolean[GRID.voxelCount()];
        sphere = new boolean[GRID.voxelCount()];
        for (int z = 0; z < GRID.nz(); z++) {
            for (int y = 0; y < GRID.ny(); y++) {
                for (int x = 0; x < GRID.nx(); x++) {
                    int i = (z * GRID.ny() + y) * GRID.nx() + x;
                    double r = Math.hypot(GRID.x(x), GRID.y(y));
                    boolean inside = r <= CYLINDER && Math.abs(GRID.z(z)) <= 40;
                    mu[i] = inside ? 0.15f : 0f;
                    activity[i] = inside ? 1f : 0f;
                    double toSphere = Math.sqrt(Math.pow(GRID.x(x) - 30, 2) + Math.pow(GRID.y(y), 2) + Math.pow(GRID.z(z), 2));
                    if (inside && toSphere <= 14) {
                        activity[i] = 4f;
                    }
                    sphere[i] = toSphere <= 9;
                    background[i] = inside && r <= 45 && toSphere > 25 && Math.abs(GRID.z(z)) <= 24;
                }
            }
        }
        SpectGeometry geometry = SpectGeometry.fromDicom(0, 6, SpectGeometry.Direction.CW, 60, new double[] {110},
                56, 24, 4, 4);
        boolean[] body = new boolean[mu.length];
        for (int i = 0; i < mu.length; i++) {
            body[i] = mu[i] > 0;
        }
        projector = new SpectProjector(geometry, GRID, mu, body, CollimatorResponse.linear(0.02, 1.5, 3), 0);
    }

    private static float[] reconstruct(float[] counts, float[] scatter) {
        return new Osem(projector, counts, scatter, null, 6).run(8);
    }

    /**
     * The data come from a grid twice as fine (2 mm voxels, its own attenuation map), so they are
     * not what the 4 mm model would predict, and Poisson noise is added: the uniform region must
     * still come back flat, its variation that of the noise.
     */
    @Test
    void aUniformCylinderReconstructsFlat() {
        VolumeGeometry fine = new VolumeGeometry(96, 96, 48, 2, 2, 2, 0, 0, 0);
        float[] fineMu = new float[fine.voxelCount()];
        float[] fineActivity = new float[fine.voxelCount()];
        for (int z = 0; z < fine.nz(); z++) {
            for (int y = 0; y < fine.ny(); y++) {
                for (int x = 0; x < fine.nx(); x++) {
                    boolean inside = Math.hypot(fine.x(x), fine.y(y)) <= CYLINDER && Math.abs(fine.z(z)) <= 40;
                    int i = (z * fine.ny() + y) * fine.nx() + x;
                    fineMu[i] = inside ? 0.15f : 0f;
                    fineActivity[i] = inside ? 1f : 0f;
                }
            }
        }
        boolean[] fineBody = new boolean[fineMu.length];
        for (int i = 0; i < fineMu.length; i++) {
            fineBody[i] = fineMu[i] > 0;
        }
        SpectProjector simulator = new SpectProjector(projector.geometry(), fine, fineMu, fineBody,
                CollimatorResponse.linear(0.02, 1.5, 3), 0);
        float[] counts = new float[projector.projectionSize()];
        simulator.forward(fineActivity, counts);
        java.util.SplittableRandom random = new java.util.SplittableRandom(8);
        for (int i = 0; i < counts.length; i++) {
            counts[i] = org.recon4j.phantom.Poisson.sample(random, 100 * counts[i]) / 800f; // 8 fine voxels a coarse one
        }
        float[] image = reconstruct(counts, null);
        double mean = RoiMetrics.mean(image, background);
        double variability = RoiMetrics.backgroundVariability(image, background);
        System.out.printf("uniform cylinder: mean %.4f, CoV %.4f%n", mean, variability);
        assertTrue(Math.abs(mean - 1) < 0.03, "mean " + mean);
        assertTrue(variability < 0.06, "coefficient of variation " + variability);
    }

    @Test
    void tripleEnergyWindowRestoresTheContrastThatScatterTakes() {
        float[] primary = new float[projector.projectionSize()];
        projector.forward(activity, primary);
        float[] scatter = ScatterModel.broadBlur(primary, projector.geometry(), 0.4);
        float[] peak = new float[primary.length];
        float[] lower = new float[primary.length];
        double lowerWidth = 6;
        double peakWidth = 28;
        for (int i = 0; i < peak.length; i++) {
            peak[i] = primary[i] + scatter[i];
            lower[i] = (float) (2 * scatter[i] * lowerWidth / peakWidth); // the trapezoid TEW assumes
        }
        float[] estimate = ScatterEstimate.tripleEnergyWindow(lower, null, lowerWidth, peakWidth, 0);
        double truth = RoiMetrics.hotContrastRecovery(RoiMetrics.mean(reconstruct(primary, null), sphere),
                RoiMetrics.mean(reconstruct(primary, null), background), 4);
        float[] ignored = reconstruct(peak, null);
        float[] corrected = reconstruct(peak, estimate);
        double without = RoiMetrics.hotContrastRecovery(RoiMetrics.mean(ignored, sphere), RoiMetrics.mean(ignored, background), 4);
        double with = RoiMetrics.hotContrastRecovery(RoiMetrics.mean(corrected, sphere), RoiMetrics.mean(corrected, background), 4);
        System.out.printf("hot sphere contrast recovery: scatter-free %.3f, scatter ignored %.3f, TEW %.3f%n", truth, without, with);
        assertTrue(without < truth - 0.05, "scatter lowers the contrast");
        assertTrue(Math.abs(with - truth) < 0.02, "TEW restores it: " + with + " vs " + truth);
    }
}
