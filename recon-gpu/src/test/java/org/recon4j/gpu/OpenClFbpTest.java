package org.recon4j.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.recon4j.metric.ImageMetrics;
import org.junit.jupiter.api.Test;
import org.recon4j.InvalidInputException;
import org.recon4j.algorithm.DivergentBeamFbp;
import org.recon4j.algorithm.ParallelBeamFbp;
import org.recon4j.filter.FilterWindow;
import org.recon4j.geometry.ConeBeamGeometry;
import org.recon4j.geometry.DetectorShape;
import org.recon4j.geometry.FanBeamGeometry;
import org.recon4j.geometry.ParallelBeamGeometry;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.phantom.Phantom3D;
import org.recon4j.phantom.SheppLogan;

/**
 * FBP and FDK on the OpenCL device against recon-core's CPU implementations (1e-4 of the image's
 * largest value), on closed-form projections of the 3D Shepp-Logan phantom, in one slab and in several.
 */
class OpenClFbpTest {
    static final VolumeGeometry STACK = new VolumeGeometry(40, 36, 5, 1.0, 1.0, 1.0, 0.6, -0.3, 0);
    static final VolumeGeometry CUBE = new VolumeGeometry(32, 30, 20, 1.0, 1.0, 1.0, 0.4, -0.5, 0.3);
    static final Phantom3D PHANTOM = SheppLogan.modified3D(15);


    /** Bytes of the filter taps and weight tables. */
    static long constants(int views, int rows, int columns) {
        return 4L * columns * (1 + rows + views);
    }

    /** {@code slabBytes}: a memory budget that leaves room for a few slices only. */
    private static void assertAgrees(float[] cpu, OpenClFbp gpu, float[] projections, long slabBytes) {
        float[] oneSlab = gpu.reconstruct(projections);
        assertEquals(0, ImageMetrics.maxRelativeDifference(cpu, oneSlab), 1e-4, "one slab");
        gpu.setMemoryBudget(slabBytes);
        assertEquals(3, gpu.slabSlices(), "slices per slab");
        float[] slabs = gpu.reconstruct(projections);
        assertEquals(0, ImageMetrics.maxRelativeDifference(cpu, slabs), 1e-4, "several slabs");
        gpu.close();
    }

    @Test
    void parallelBeamAgreesWithTheCpu() {
        ParallelBeamGeometry geometry = ParallelBeamGeometry.uniform(60, Math.PI, 57, 0.9).withDetectorOffset(0.4);
        float[] sinograms = PHANTOM.lineIntegrals(geometry.rays(STACK));
        float[] cpu = new ParallelBeamFbp(geometry, STACK, FilterWindow.HANN, 0.8, 2).reconstruct(sinograms);
        assertAgrees(cpu, OpenClFbp.parallel(geometry, STACK, FilterWindow.HANN, 0.8, OpenClTestDevice.get()), sinograms,
                3 * 4L * (STACK.sliceSize() + 2 * geometry.sinogramSize()) + constants(geometry.viewCount(), 1, geometry.binCount()));
    }

    @Test
    void fanBeamAgreesWithTheCpu() {
        for (DetectorShape shape : DetectorShape.values()) {
            FanBeamGeometry geometry = FanBeamGeometry.circular(72, 80, 150, shape, 71, 1.2).withDetectorOffset(0.5);
            float[] sinograms = PHANTOM.lineIntegrals(geometry.rays(STACK));
            float[] cpu = DivergentBeamFbp.fan(geometry, STACK, FilterWindow.RAM_LAK, 1, 2).reconstruct(sinograms);
            assertAgrees(cpu, OpenClFbp.fan(geometry, STACK, FilterWindow.RAM_LAK, 1, OpenClTestDevice.get()), sinograms,
                    3 * 4L * (STACK.sliceSize() + 2 * geometry.sinogramSize()) + constants(geometry.viewCount(), 1, geometry.binCount()));
        }
    }

    @Test
    void fdkAgreesWithTheCpu() {
        double[] shortScan = new double[50];
        for (int v = 0; v < shortScan.length; v++) {
            shortScan[v] = v * Math.toRadians(4.4); // 220 degrees: Parker weights
        }
        ConeBeamGeometry geometry = ConeBeamGeometry.circular(shortScan, 90, 160, 61, 41, 1.1, 1.2, 0.3, -0.6);
        float[] projections = PHANTOM.lineIntegrals(geometry.rays());
        float[] cpu = DivergentBeamFbp.fdk(geometry, CUBE, FilterWindow.SHEPP_LOGAN, 1, 2).reconstruct(projections);
        assertAgrees(cpu, OpenClFbp.fdk(geometry, CUBE, FilterWindow.SHEPP_LOGAN, 1, OpenClTestDevice.get()), projections,
                8L * projections.length + 3 * 4L * CUBE.sliceSize() + constants(50, 41, 61));
    }

    @Test
    void projectionsThatDoNotFitTheDeviceAreRefusedBeforeAnyWork() {
        ConeBeamGeometry geometry = ConeBeamGeometry.circular(20, 90, 160, 40, 30, 1.0);
        try (OpenClFbp fdk = OpenClFbp.fdk(geometry, CUBE, FilterWindow.RAM_LAK, 1, OpenClTestDevice.get())) {
            fdk.setMemoryBudget(10_000);
            InvalidInputException error = assertThrows(InvalidInputException.class,
                    () -> fdk.reconstruct(new float[geometry.projectionSize()]));
            assertTrue(error.getMessage().startsWith("the filtered cone-beam projections need 0.2 MB on "), error.getMessage());
        }
    }
}
