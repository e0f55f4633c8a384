package org.recon4j.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.recon4j.metric.ImageMetrics;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.recon4j.InvalidInputException;
import org.recon4j.geometry.SpectGeometry;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.projector.CollimatorResponse;
import org.recon4j.projector.Projector;
import org.recon4j.projector.ProjectorContract;
import org.recon4j.projector.SpectProjector;
import org.recon4j.projector.ViewSet;

/** The OpenCL SPECT projector: the contract, agreement with the CPU projector (1e-4 relative), the physics. */
class OpenClSpectProjectorTest {
    static final VolumeGeometry GRID = new VolumeGeometry(14, 13, 7, 4, 4, 4, 0, 0, 0);

    static SpectGeometry circular(int views, double radius) {
        return SpectGeometry.fromDicom(0, 360.0 / views, SpectGeometry.Direction.CW, views, new double[] {radius},
                20, 9, 4, 4);
    }

    /** A non-circular orbit, offsets, and rows half as thick as the slices. */
    static SpectGeometry bodyContour() {
        double[] angles = new double[9];
        double[] radii = new double[9];
        for (int v = 0; v < 9; v++) {
            angles[v] = Math.toRadians(5 + 40 * v);
            radii[v] = 40 + 8 * Math.cos(2 * angles[v]);
        }
        return SpectGeometry.of(angles, radii, 21, 16, 3.5, 2, 1.2, -0.8);
    }

    static float[] cylinderMu(double radius) {
        float[] mu = new float[GRID.voxelCount()];
        for (int z = 0; z < GRID.nz(); z++) {
            for (int y = 0; y < GRID.ny(); y++) {
                for (int x = 0; x < GRID.nx(); x++) {
                    if (Math.hypot(GRID.x(x), GRID.y(y)) <= radius) {
                        mu[(z * GRID.ny() + y) * GRID.nx() + x] = 0.15f;
                    }
                }
            }
        }
        return mu;
    }

    static boolean[] body(float[] mu) {
        boolean[] body = new boolean[mu.length];
        for (int i = 0; i < mu.length; i++) {
            body[i] = mu[i] > 0;
        }
        return body;
    }

    @Nested
    class Plain extends ProjectorContract {
        @Override
        protected Projector projector() {
            return new OpenClSpectProjector(circular(12, 60), GRID, null, null, null, OpenClTestDevice.get());
        }
    }

    @Nested
    class AttenuationResponseAndMask extends ProjectorContract {
        @Override
        protected Projector projector() {
            float[] mu = cylinderMu(22);
            return new OpenClSpectProjector(circular(10, 50), GRID, mu, body(mu), CollimatorResponse.linear(0.03, 2, 3),
                    OpenClTestDevice.get());
        }
    }

    @Nested
    class NonCircularOrbitWithOffsets extends ProjectorContract {
        @Override
        protected Projector projector() {
            return new OpenClSpectProjector(bodyContour(), GRID, cylinderMu(30), null,
                    CollimatorResponse.fromCollimator(24, 1.5, 3.8, 2.5), OpenClTestDevice.get());
        }
    }

    private static void assertAgrees(Projector cpu, Projector gpu) {
        SplittableRandom random = new SplittableRandom(3);
        float[] volume = new float[GRID.voxelCount()];
        for (int i = 0; i < volume.length; i++) {
            volume[i] = (float) random.nextDouble();
        }
        float[] projections = new float[cpu.projectionSize()];
        for (int i = 0; i < projections.length; i++) {
            projections[i] = (float) random.nextDouble();
        }
        ViewSet subset = ViewSet.interleaved(cpu.viewCount(), 3)[1];
        float[] cpuForward = new float[projections.length];
        float[] gpuForward = new float[projections.length];
        cpu.forward(volume, cpuForward, subset);
        gpu.forward(volume, gpuForward, subset);
        assertEquals(0, ImageMetrics.maxRelativeDifference(cpuForward, gpuForward), 1e-4, "forward");
        float[] cpuBack = new float[volume.length];
        float[] gpuBack = new float[volume.length];
        cpu.back(projections, cpuBack, subset);
        gpu.back(projections, gpuBack, subset);
        assertEquals(0, ImageMetrics.maxRelativeDifference(cpuBack, gpuBack), 1e-4, "back");
    }

    @Test
    void agreesWithTheCpuProjector() {
        ComputeDevice device = OpenClTestDevice.get();
        float[] mu = cylinderMu(22);
        CollimatorResponse response = CollimatorResponse.linear(0.03, 2, 3);
        assertAgrees(new SpectProjector(circular(10, 50), GRID, mu, body(mu), response, 2),
                new OpenClSpectProjector(circular(10, 50), GRID, mu, body(mu), response, device));
        CollimatorResponse lehr = CollimatorResponse.fromCollimator(24, 1.5, 3.8, 2.5);
        assertAgrees(new SpectProjector(bodyContour(), GRID, cylinderMu(30), null, lehr, 2),
                new OpenClSpectProjector(bodyContour(), GRID, cylinderMu(30), null, lehr, device));
        assertAgrees(new SpectProjector(circular(12, 60), GRID, null, null, null, 1),
                new OpenClSpectProjector(circular(12, 60), GRID, null, null, null, device));
    }

    @Test
    void attenuationFollowsTheExponentialLaw() {
        VolumeGeometry grid = new VolumeGeometry(21, 21, 1, 4, 4, 4, 0, 0, 0);
        float[] mu = new float[grid.voxelCount()];
        java.util.Arrays.fill(mu, 0.15f);
        float[] source = new float[grid.voxelCount()];
        source[10 * 21 + 10] = 1;
        SpectGeometry geometry = SpectGeometry.fromDicom(0, 90, SpectGeometry.Direction.CW, 4, new double[] {100}, 25, 1, 4, 4);
        float[] projections = new float[geometry.projectionSize()];
        try (OpenClSpectProjector projector = new OpenClSpectProjector(geometry, grid, mu, null, null, OpenClTestDevice.get())) {
            projector.forward(source, projections);
            assertTrue(projector.statistics().launches() == 3, projector.statistics().toString());
        }
        for (int view = 0; view < 4; view++) {
            double sum = 0;
            for (int m = 0; m < 25; m++) {
                sum += projections[view * 25 + m];
            }
            assertEquals(Math.exp(-0.15 * 10.5 * 4 / 10), sum, 1e-5, "view " + view);
        }
    }

    @Test
    void slicesOffTheDetectorRowsAreRefused() {
        SpectGeometry geometry = SpectGeometry.fromDicom(0, 30, SpectGeometry.Direction.CW, 12, new double[] {60}, 20, 9, 4, 3);
        InvalidInputException error = assertThrows(InvalidInputException.class,
                () -> new OpenClSpectProjector(geometry, GRID, null, null, null, OpenClTestDevice.get()));
        assertTrue(error.getMessage().contains("whole number of detector rows"), error.getMessage());
    }
}
