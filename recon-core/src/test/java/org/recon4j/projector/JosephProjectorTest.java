package org.recon4j.projector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.recon4j.InvalidInputException;
import org.recon4j.geometry.ConeBeamGeometry;
import org.recon4j.geometry.DetectorShape;
import org.recon4j.geometry.FanBeamGeometry;
import org.recon4j.geometry.ParallelBeamGeometry;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.phantom.Phantom2D;
import org.recon4j.phantom.Phantom3D;

/** The projector contract for every Joseph geometry, and the checks each geometry adds. */
class JosephProjectorTest {
    /** An odd-sized, off-centre, anisotropic grid catches index and offset mistakes. */
    static final VolumeGeometry GRID_2D = new VolumeGeometry(23, 19, 1, 1.1, 0.9, 1, 0.7, -0.4, 0);
    static final VolumeGeometry GRID_3D = new VolumeGeometry(17, 15, 13, 1.0, 1.2, 0.9, 0.5, -0.3, 0.8);

    @Nested
    class Parallel2D extends ProjectorContract {
        @Override
        protected Projector projector() {
            return JosephProjector.parallel(ParallelBeamGeometry.uniform(17, Math.PI, 31, 0.8).withDetectorOffset(0.3),
                    GRID_2D, 2);
        }
    }

    @Nested
    class ParallelStack extends ProjectorContract {
        @Override
        protected Projector projector() {
            return JosephProjector.parallel(ParallelBeamGeometry.uniform(11, 2 * Math.PI, 27, 1.0), GRID_3D, 3);
        }
    }

    @Nested
    class FanArc extends ProjectorContract {
        @Override
        protected Projector projector() {
            return JosephProjector.fan(FanBeamGeometry.circular(13, 60, 110, DetectorShape.ARC, 41, 1.5)
                    .withDetectorOffset(0.6), GRID_2D, 2);
        }
    }

    @Nested
    class FanFlat extends ProjectorContract {
        @Override
        protected Projector projector() {
            return JosephProjector.fan(FanBeamGeometry.circular(13, 60, 110, DetectorShape.FLAT, 41, 1.5), GRID_2D, 1);
        }
    }

    @Nested
    class Cone extends ProjectorContract {
        @Override
        protected Projector projector() {
            double[] angles = new double[9];
            for (int v = 0; v < angles.length; v++) {
                angles[v] = 0.3 + v * 0.7;
            }
            return JosephProjector.cone(ConeBeamGeometry.circular(angles, 50, 90, 29, 21, 1.3, 1.1, 0.4, -0.7),
                    GRID_3D, 2);
        }
    }

    @Test
    void raysAlongTheAxesSumTheVoxelsTheyCross() {
        VolumeGeometry grid = VolumeGeometry.slice(16, 0.5);
        float[] ones = new float[grid.voxelCount()];
        java.util.Arrays.fill(ones, 1f);
        // views at 0 and 90 degrees; bin centres at voxel centres
        ParallelBeamGeometry geometry = ParallelBeamGeometry.of(new double[] {0, Math.PI / 2}, 16, 0.5, 0);
        float[] sinogram = new float[geometry.sinogramSize()];
        JosephProjector.parallel(geometry, grid, 1).forward(ones, sinogram);
        for (float value : sinogram) {
            assertEquals(8.0, value, 1e-5, "16 voxels of 0.5 mm");
        }
        ConeBeamGeometry cone = ConeBeamGeometry.circular(4, 40, 80, 3, 3, 1);
        VolumeGeometry cube = VolumeGeometry.stack(10, 10, 1.0);
        float[] block = new float[cube.voxelCount()];
        java.util.Arrays.fill(block, 2f);
        float[] projections = new float[cone.projectionSize()];
        JosephProjector.cone(cone, cube, 1).forward(block, projections);
        for (int view = 0; view < 4; view++) {
            assertEquals(20.0, projections[view * 9 + 4], 1e-5, "central ray of view " + view);
        }
    }

    // Large smooth objects: what differs from the closed form is the discretisation at their
    // edges, which must shrink as the grid gets finer; a wrong geometry would not.
    private static final Phantom3D BLOBS = new Phantom3D(java.util.List.of(
            new org.recon4j.phantom.Ellipsoid(1, 22, 15, 12, 4, -3, 5, 0.3),
            new org.recon4j.phantom.Ellipsoid(0.5, 8, 8, 8, -9, 9, -6, 0)));
    private static final Phantom2D DISCS = new Phantom2D(java.util.List.of(
            new org.recon4j.phantom.Ellipse(1, 25, 15, 4, -3, 0.3),
            new org.recon4j.phantom.Ellipse(0.5, 8, 8, -9, 9, 0)));

    /** Relative RMS difference between the projection of the voxelised phantom and its closed form. */
    private static double coneError(int size) {
        VolumeGeometry grid = VolumeGeometry.stack(size, size, 64.0 / size);
        ConeBeamGeometry cone = ConeBeamGeometry.circular(new double[] {0, 1, 2.5}, 150, 250, 96, 80, 1.5, 1.5, 1.2, -2);
        float[] projected = new float[cone.projectionSize()];
        JosephProjector.cone(cone, grid, 0).forward(BLOBS.image(grid, 2), projected);
        float[] exact = BLOBS.lineIntegrals(cone.rays());
        return relativeRms(exact, projected);
    }

    private static double fanError(int size, DetectorShape shape) {
        VolumeGeometry plane = VolumeGeometry.slice(size, 64.0 / size);
        FanBeamGeometry fan = FanBeamGeometry.circular(20, 150, 250, shape, 100, 1.4).withDetectorOffset(0.9);
        float[] projected = new float[fan.sinogramSize()];
        JosephProjector.fan(fan, plane, 0).forward(DISCS.image(plane, 4), projected);
        float[] exact = new float[fan.sinogramSize()];
        for (int view = 0; view < 20; view++) {
            for (int bin = 0; bin < 100; bin++) {
                double alpha = fan.fanAngle(bin);
                exact[view * 100 + bin] = (float) DISCS.lineIntegral(fan.angle(view) - alpha,
                        fan.sourceToAxis() * Math.sin(alpha));
            }
        }
        return relativeRms(exact, projected);
    }

    private static double parallelError(int size) {
        VolumeGeometry plane = VolumeGeometry.slice(size, 64.0 / size);
        ParallelBeamGeometry geometry = ParallelBeamGeometry.uniform(30, Math.PI, 100, 0.8).withDetectorOffset(0.25);
        float[] projected = new float[geometry.sinogramSize()];
        JosephProjector.parallel(geometry, plane, 0).forward(DISCS.image(plane, 4), projected);
        return relativeRms(DISCS.sinogram(geometry), projected);
    }

    private static void assertConverges(String what, double coarse, double fine) {
        System.out.printf("%s: relative RMS difference from the closed form %.5f at 64, %.5f at 128 voxels%n",
                what, coarse, fine);
        assertTrue(fine < 0.7 * coarse, what + " does not converge: " + coarse + " then " + fine);
        assertTrue(fine < 0.02, what + " differs from the closed form by " + fine);
    }

    @Test
    void parallelProjectionsConvergeToTheClosedForm() {
        assertConverges("parallel", parallelError(64), parallelError(128));
    }

    @Test
    void fanProjectionsConvergeToTheClosedForm() {
        for (DetectorShape shape : DetectorShape.values()) {
            assertConverges("fan " + shape, fanError(64, shape), fanError(128, shape));
        }
    }

    @Test
    void coneProjectionsConvergeToTheClosedForm() {
        assertConverges("cone", coneError(64), coneError(128));
    }

    private static double relativeRms(float[] exact, float[] projected) {
        double error = 0;
        double signal = 0;
        for (int i = 0; i < exact.length; i++) {
            error += (exact[i] - projected[i]) * (double) (exact[i] - projected[i]);
            signal += exact[i] * (double) exact[i];
        }
        return Math.sqrt(error / signal);
    }

    @Test
    void wholeBinDetectorShiftsShiftTheSinogram() {
        VolumeGeometry grid = VolumeGeometry.slice(20, 1);
        float[] image = ProjectorContract.random(grid.voxelCount(), 3);
        ParallelBeamGeometry centred = ParallelBeamGeometry.uniform(7, Math.PI, 40, 1);
        ParallelBeamGeometry shifted = centred.withDetectorOffset(2);
        float[] a = new float[centred.sinogramSize()];
        float[] b = new float[shifted.sinogramSize()];
        JosephProjector.parallel(centred, grid, 1).forward(image, a);
        JosephProjector.parallel(shifted, grid, 1).forward(image, b);
        for (int view = 0; view < 7; view++) {
            for (int bin = 0; bin + 2 < 40; bin++) {
                assertEquals(a[view * 40 + bin + 2], b[view * 40 + bin], 1e-5, "view " + view + " bin " + bin);
            }
        }
    }

    @Test
    void aSourceInsideTheVolumeIsRefused() {
        InvalidInputException error = assertThrows(InvalidInputException.class, () -> JosephProjector.cone(
                ConeBeamGeometry.circular(4, 10, 80, 8, 8, 1), VolumeGeometry.stack(32, 8, 1), 1));
        assertTrue(error.getMessage().contains("passes through the volume"), error.getMessage());
        assertThrows(InvalidInputException.class, () -> FanBeamGeometry.circular(4, 100, 50, DetectorShape.FLAT, 8, 1));
    }
}
