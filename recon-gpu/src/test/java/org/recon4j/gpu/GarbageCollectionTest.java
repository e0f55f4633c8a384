package org.recon4j.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.recon4j.filter.FilterWindow;
import org.recon4j.geometry.ConeBeamGeometry;

/**
 * Results do not depend on the garbage collector. Aparapi makes a new device buffer from the Java
 * array whenever the collector has moved the array, so data living only on the device would be
 * lost (it was, on an H100, before {@link DeviceQueue} mirrored every written array). Each chain
 * of launches runs once quietly and once beside a thread forcing full collections, and must give
 * the same bits. CPU drivers work in the Java arrays and pass either way; GPUs are the real check.
 */
class GarbageCollectionTest {
    @Test
    void deviceOsemGivesTheSameImageWhileTheCollectorMovesArrays() {
        SmallSpectCase spect = new SmallSpectCase(5);
        Supplier<float[]> osem = () -> {
            try (OpenClSpectProjector projector = spect.onDevice()) {
                return new OpenClOsem(projector, spect.counts, null, 4).run(3);
            }
        };
        assertArrayEquals(osem.get(), whileCollecting(osem));
    }

    @Test
    void fdkInSlabsGivesTheSameVolumeWhileTheCollectorMovesArrays() {
        ConeBeamGeometry geometry = ConeBeamGeometry.circular(24, 60, 90, 40, 30, 1.5);
        float[] projections = OpenClFbpTest.PHANTOM.lineIntegrals(geometry.rays());
        Supplier<float[]> fdk = () -> {
            try (OpenClFbp reconstruction = OpenClFbp.fdk(geometry, OpenClFbpTest.CUBE, FilterWindow.HANN, 1,
                    OpenClTestDevice.get())) {
                // three slices a slab, so slabs follow each other on the filtered projections
                reconstruction.setMemoryBudget(8L * projections.length + 3 * 4L * OpenClFbpTest.CUBE.sliceSize()
                        + OpenClFbpTest.constants(24, 30, 40));
                return reconstruction.reconstruct(projections);
            }
        };
        assertArrayEquals(fdk.get(), whileCollecting(fdk));
    }

    /**
     * Runs {@code work} while another thread asks for a full collection every 2 ms (without a
     * pause, each of the device's array pinnings would wait for a collection and the test would
     * crawl on a GPU).
     */
    private static float[] whileCollecting(Supplier<float[]> work) {
        AtomicBoolean done = new AtomicBoolean();
        Thread collector = new Thread(() -> {
            while (!done.get()) {
                System.gc();
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        collector.setDaemon(true);
        collector.start();
        try {
            return work.get();
        } finally {
            done.set(true);
        }
    }
}
