package org.recon4j.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.recon4j.metric.ImageMetrics;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.recon4j.InvalidInputException;
import org.recon4j.geometry.ConeBeamGeometry;
import org.recon4j.geometry.DetectorShape;
import org.recon4j.geometry.FanBeamGeometry;
import org.recon4j.geometry.ParallelBeamGeometry;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.phantom.Ellipsoid;
import org.recon4j.phantom.Phantom3D;
import org.recon4j.phantom.SheppLogan;
import org.recon4j.projector.JosephProjector;
import org.recon4j.projector.Projector;
import org.recon4j.projector.ProjectorContract;

/**
 * The CPU projectors' contract on the OpenCL ones, their agreement with the CPU pair (1e-4
 * relative), known line integrals, and proof that the kernels ran on the OpenCL device.
 */
class OpenClJosephProjectorTest {
    /** Odd sizes, off-centre and anisotropic, as in the CPU tests. */
    static final VolumeGeometry GRID_2D = new VolumeGeometry(23, 19, 2, 1.1, 0.9, 1, 0.7, -0.4, 0);
    static final VolumeGeometry GRID_3D = new VolumeGeometry(17, 15, 13, 1.0, 1.2, 0.9, 0.5, -0.3, 0.8);
    static final ParallelBeamGeometry PARALLEL = ParallelBeamGeometry.uniform(17, Math.PI, 31, 0.8).withDetectorOffset(0.3);
    static final FanBeamGeometry FAN_ARC = FanBeamGeometry.circular(13, 60, 110, DetectorShape.ARC, 41, 1.5)
            .withDetectorOffset(0.6);
    static final FanBeamGeometry FAN_FLAT = FanBeamGeometry.circular(13, 60, 110, DetectorShape.FLAT, 41, 1.5);
    static final ConeBeamGeometry CONE = ConeBeamGeometry.circular(angles(9), 50, 90, 29, 21, 1.3, 1.1, 0.4, -0.7);

    static double[] angles(int count) {
        double[] angles = new double[count];
        for (int v = 0; v < count; v++) {
            angles[v] = 0.3 + v * 0.7;
        }
        return angles;
    }

    @Nested
    class Parallel extends ProjectorContract {
        @Override
        protected Projector projector() {
            return OpenClJosephProjector.parallel(PARALLEL, GRID_2D, OpenClTestDevice.get());
        }
    }

    @Nested
    class FanArc extends ProjectorContract {
        @Override
        protected Projector projector() {
            return OpenClJosephProjector.fan(FAN_ARC, GRID_2D, OpenClTestDevice.get());
        }
    }

    @Nested
    class FanFlat extends ProjectorContract {
        @Override
        protected Projector projector() {
            return OpenClJosephProjector.fan(FAN_FLAT, GRID_2D, OpenClTestDevice.get());
        }
    }

    @Nested
    class Cone extends ProjectorContract {
        @Override
        protected Projector projector() {
            return OpenClJosephProjector.cone(CONE, GRID_3D, OpenClTestDevice.get());
        }
    }

    /** max |gpu - cpu| over max |cpu|, forward and back, on a phantom and on random data. */
    private static void assertAgrees(Projector cpu, Projector gpu) {
        VolumeGeometry grid = cpu.volume();
        float[] phantom = SheppLogan.modified3D(Math.min(grid.nx() * grid.dx(), grid.ny() * grid.dy()) / 2).image(grid, 1);
        float[] cpuForward = new float[cpu.projectionSize()];
        float[] gpuForward = new float[gpu.projectionSize()];
        cpu.forward(phantom, cpuForward);
        gpu.forward(phantom, gpuForward);
        assertEquals(0, ImageMetrics.maxRelativeDifference(cpuForward, gpuForward), 1e-4, "forward");
        float[] projections = randomValues(cpu.projectionSize());
        float[] cpuBack = new float[grid.voxelCount()];
        float[] gpuBack = new float[grid.voxelCount()];
        cpu.back(projections, cpuBack);
        gpu.back(projections, gpuBack);
        assertEquals(0, ImageMetrics.maxRelativeDifference(cpuBack, gpuBack), 1e-4, "back");
    }

    private static float[] randomValues(int length) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = (float) random.nextDouble(-1, 1);
        }
        return values;
    }


    @Test
    void parallelAgreesWithTheCpuPair() {
        assertAgrees(JosephProjector.parallel(PARALLEL, GRID_2D, 2),
                OpenClJosephProjector.parallel(PARALLEL, GRID_2D, OpenClTestDevice.get()));
        // views at 45 and 135 degrees on a square grid: rays cross voxel corners exactly, where
        // rounding puts the first crossing found by the gather on the edge of its window
        ParallelBeamGeometry diagonal = ParallelBeamGeometry.uniform(40, Math.PI, 45, 1.0);
        VolumeGeometry square = VolumeGeometry.stack(32, 2, 1.0);
        assertAgrees(JosephProjector.parallel(diagonal, square, 2),
                OpenClJosephProjector.parallel(diagonal, square, OpenClTestDevice.get()));
    }

    @Test
    void fanAgreesWithTheCpuPair() {
        assertAgrees(JosephProjector.fan(FAN_ARC, GRID_2D, 2), OpenClJosephProjector.fan(FAN_ARC, GRID_2D, OpenClTestDevice.get()));
        assertAgrees(JosephProjector.fan(FAN_FLAT, GRID_2D, 2), OpenClJosephProjector.fan(FAN_FLAT, GRID_2D, OpenClTestDevice.get()));
    }

    @Test
    void coneAgreesWithTheCpuPair() {
        assertAgrees(JosephProjector.cone(CONE, GRID_3D, 2), OpenClJosephProjector.cone(CONE, GRID_3D, OpenClTestDevice.get()));
    }

    @Test
    void coneRaySumsMatchTheClosedForm() {
        // a ball of radius 20 mm sampled on 1 mm voxels: the central ray crosses 40 mm of it
        VolumeGeometry grid = VolumeGeometry.stack(48, 48, 1.0);
        Phantom3D ball = new Phantom3D(List.of(new Ellipsoid(1, 20, 20, 20, 0, 0, 0, 0)));
        float[] image = ball.image(grid, 4);
        ConeBeamGeometry geometry = ConeBeamGeometry.circular(8, 200, 400, 33, 33, 2.0);
        float[] projections = new float[geometry.projectionSize()];
        try (OpenClJosephProjector projector = OpenClJosephProjector.cone(geometry, grid, OpenClTestDevice.get())) {
            projector.forward(image, projections);
            float[] exact = ball.lineIntegrals(geometry.rays());
            int centre = 16 * 33 + 16;
            for (int view = 0; view < 8; view++) {
                int at = view * 33 * 33 + centre;
                assertEquals(exact[at], projections[at], 0.01 * exact[at], "central ray of view " + view);
            }
            assertTrue(ImageMetrics.relativeL2(exact, projections) < 0.02, "rms over all rays " + ImageMetrics.relativeL2(exact, projections));
            DeviceStatistics statistics = projector.statistics();
            assertEquals(OpenClTestDevice.get().name(), statistics.device());
            long fetched = DeviceQueue.worksInJavaArrays(OpenClTestDevice.get()) ? 0 : 4L * projections.length;
            assertTrue(statistics.launches() == 1 && statistics.bytesFromDevice() == fetched, statistics.toString());
        }
    }


    @Test
    void conesTooWideForTheKernelAreRefused() {
        ConeBeamGeometry wide = ConeBeamGeometry.circular(4, 30, 40, 40, 40, 2.5);
        InvalidInputException error = assertThrows(InvalidInputException.class,
                () -> OpenClJosephProjector.cone(wide, VolumeGeometry.stack(8, 8, 1.0), OpenClTestDevice.get()));
        assertTrue(error.getMessage().contains("within 35 degrees"), error.getMessage());
    }

    @Test
    void buffersBeyondWhatTheDeviceTakesAreRefused() {
        ComputeDevice device = OpenClTestDevice.get();
        long limit = Math.min(device.maxAllocation(), device.globalMemory() / 3);
        OpenClProjector.requireFits(device, limit, "the volume needs");
        InvalidInputException error = assertThrows(InvalidInputException.class,
                () -> OpenClProjector.requireFits(device, limit + 1, "the volume needs"));
        assertTrue(error.getMessage().startsWith("the volume needs "), error.getMessage());
        assertTrue(error.getMessage().contains("more than " + device.name() + " takes for a projector"), error.getMessage());
    }

    @Test
    void aVolumeTooLargeForTheDeviceIsRefusedBeforeAnyAllocation() {
        ComputeDevice device = OpenClTestDevice.get();
        long limit = Math.min(device.maxAllocation(), device.globalMemory() / 3);
        // a Java volume holds at most 2^31 - 1 floats (8.6 GB): a larger device takes every one
        int slices = (int) Math.min(Integer.MAX_VALUE / (1024L * 1024), limit / (4L * 1024 * 1024) + 1);
        assumeTrue(4L * 1024 * 1024 * slices > limit, device.name() + " takes every volume a Java array can hold");
        VolumeGeometry huge = VolumeGeometry.stack(1024, slices, 1.0);
        ParallelBeamGeometry geometry = ParallelBeamGeometry.uniform(4, Math.PI, 1024, 1.0);
        InvalidInputException error = assertThrows(InvalidInputException.class,
                () -> OpenClJosephProjector.parallel(geometry, huge, device));
        assertTrue(error.getMessage().startsWith("the volume needs "), error.getMessage());
    }
}
