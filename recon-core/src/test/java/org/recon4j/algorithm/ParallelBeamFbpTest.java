package org.recon4j.algorithm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.recon4j.InvalidInputException;
import org.recon4j.Progress;
import org.recon4j.filter.FilterWindow;
import org.recon4j.geometry.ParallelBeamGeometry;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.metric.ImageMetrics;
import org.recon4j.metric.Mask;
import org.recon4j.phantom.Phantom2D;
import org.recon4j.phantom.Phantom3D;
import org.recon4j.phantom.SheppLogan;

/** Behaviour of FBP beyond accuracy: stacks, threads, offsets, coverage, bad input. */
class ParallelBeamFbpTest {
    private static final int SIZE = 96;
    private static final Phantom2D PHANTOM = SheppLogan.modified2D(SIZE / 2.0);

    @Test
    void sameBitsForAnyThreadCountAndConcurrentUse() throws Exception {
        ParallelBeamGeometry geometry = ParallelBeamGeometry.uniform(90, Math.PI, SIZE, 1);
        VolumeGeometry grid = VolumeGeometry.slice(SIZE, 1);
        float[] sinogram = PHANTOM.sinogram(geometry);
        float[] one = new ParallelBeamFbp(geometry, grid, FilterWindow.HANN, 0.8, 1).reconstruct(sinogram);
        for (int threads : new int[] {2, 3, 7}) {
            assertArrayEquals(one, new ParallelBeamFbp(geometry, grid, FilterWindow.HANN, 0.8, threads)
                    .reconstruct(sinogram), threads + " threads");
        }
        ParallelBeamFbp shared = new ParallelBeamFbp(geometry, grid, FilterWindow.HANN, 0.8, 2);
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            java.util.List<Future<float[]>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(callers.submit(() -> shared.reconstruct(sinogram)));
            }
            for (Future<float[]> result : results) {
                assertArrayEquals(one, result.get());
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void aStackReconstructsEachSliceFromItsOwnSinogram() {
        Phantom3D phantom = SheppLogan.modified3D(SIZE / 2.0);
        ParallelBeamGeometry geometry = ParallelBeamGeometry.uniform(120, Math.PI, SIZE, 1);
        VolumeGeometry stack = new VolumeGeometry(SIZE, SIZE, 5, 1, 1, 8, 0, 0, 0);
        float[] sinograms = phantom.parallelSinograms(geometry, stack);
        AtomicLong reported = new AtomicLong();
        float[] volume = new float[stack.voxelCount()];
        Progress progress = (done, total) -> reported.set(done * 1000 + total);
        new ParallelBeamFbp(geometry, stack, FilterWindow.RAM_LAK, 1, 2).reconstruct(sinograms, volume, progress);
        assertTrue(reported.get() == 5005, "progress reaches 5 of 5");
        VolumeGeometry one = VolumeGeometry.slice(SIZE, 1);
        ParallelBeamFbp single = new ParallelBeamFbp(geometry, one, FilterWindow.RAM_LAK, 1, 2);
        for (int slice = 0; slice < 5; slice++) {
            float[] sinogram = java.util.Arrays.copyOfRange(sinograms, slice * geometry.sinogramSize(),
                    (slice + 1) * geometry.sinogramSize());
            float[] expected = single.reconstruct(sinogram);
            assertArrayEquals(expected, java.util.Arrays.copyOfRange(volume, slice * SIZE * SIZE,
                    (slice + 1) * SIZE * SIZE), "slice " + slice);
        }
        float[] truth = new float[stack.voxelCount()];
        for (int z = 0; z < 5; z++) {
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    double sum = 0;
                    for (int sample = 0; sample < 16; sample++) {
                        sum += phantom.value(stack.x(x) + (sample % 4 - 1.5) / 4, stack.y(y) + (sample / 4 - 1.5) / 4,
                                stack.z(z));
                    }
                    truth[(z * SIZE + y) * SIZE + x] = (float) (sum / 16);
                }
            }
        }
        double rmse = ImageMetrics.rmse(volume, truth, Mask.cylinder(stack, SIZE / 2.0 - 1));
        assertTrue(rmse < 0.05, "3D phantom stack RMSE " + rmse);
    }

    @Test
    void aShiftedDetectorIsHonoured() {
        // the same object measured on a detector shifted by 3.3 bins must reconstruct the same
        VolumeGeometry grid = VolumeGeometry.slice(SIZE, 1);
        ParallelBeamGeometry centred = ParallelBeamGeometry.uniform(180, Math.PI, SIZE + 16, 1);
        ParallelBeamGeometry shifted = centred.withDetectorOffset(3.3);
        float[] truth = PHANTOM.image(grid, 4);
        boolean[] mask = Mask.cylinder(grid, SIZE / 2.0 - 1);
        float[] fromCentred = new ParallelBeamFbp(centred, grid, FilterWindow.RAM_LAK, 1, 0)
                .reconstruct(PHANTOM.sinogram(centred));
        float[] fromShifted = new ParallelBeamFbp(shifted, grid, FilterWindow.RAM_LAK, 1, 0)
                .reconstruct(PHANTOM.sinogram(shifted));
        double centredError = ImageMetrics.rmse(fromCentred, truth, mask);
        double shiftedError = ImageMetrics.rmse(fromShifted, truth, mask);
        System.out.printf("offset 3.3 bins: RMSE %.5f, centred %.5f%n", shiftedError, centredError);
        assertTrue(shiftedError < centredError * 1.2, centredError + " vs " + shiftedError);
        ParallelBeamGeometry wholeBins = centred.withDetectorOffset(3);
        float[] fromWholeBins = new ParallelBeamFbp(wholeBins, grid, FilterWindow.RAM_LAK, 1, 0)
                .reconstruct(PHANTOM.sinogram(wholeBins));
        assertTrue(ImageMetrics.rmse(fromWholeBins, fromCentred, mask) < 1e-4,
                "a whole-bin shift sees the same rays, so gives the same image");
        float[] ignoringOffset = new ParallelBeamFbp(centred, grid, FilterWindow.RAM_LAK, 1, 0)
                .reconstruct(PHANTOM.sinogram(shifted));
        assertTrue(ImageMetrics.rmse(ignoringOffset, truth, mask) > 3 * shiftedError, "the offset matters");
    }

    @Test
    void fullCircleDataReconstructsLikeHalfCircle() {
        VolumeGeometry grid = VolumeGeometry.slice(SIZE, 1);
        ParallelBeamGeometry half = ParallelBeamGeometry.uniform(180, Math.PI, SIZE, 1);
        ParallelBeamGeometry full = ParallelBeamGeometry.uniform(360, 2 * Math.PI, SIZE, 1);
        float[] truth = PHANTOM.image(grid, 4);
        boolean[] mask = Mask.cylinder(grid, SIZE / 2.0 - 1);
        double halfError = ImageMetrics.rmse(new ParallelBeamFbp(half, grid, FilterWindow.RAM_LAK, 1, 0)
                .reconstruct(PHANTOM.sinogram(half)), truth, mask);
        double fullError = ImageMetrics.rmse(new ParallelBeamFbp(full, grid, FilterWindow.RAM_LAK, 1, 0)
                .reconstruct(PHANTOM.sinogram(full)), truth, mask);
        assertTrue(Math.abs(halfError - fullError) < 0.1 * halfError, halfError + " vs " + fullError);
    }

    @Test
    void anOffCentreGridShowsThatPartOfTheObject() {
        ParallelBeamGeometry geometry = ParallelBeamGeometry.uniform(180, Math.PI, SIZE, 1);
        VolumeGeometry quarter = new VolumeGeometry(SIZE / 2, SIZE / 2, 1, 1, 1, 1, -SIZE / 4.0, SIZE / 4.0, 0);
        float[] image = new ParallelBeamFbp(geometry, quarter, FilterWindow.RAM_LAK, 1, 0)
                .reconstruct(PHANTOM.sinogram(geometry));
        double rmse = ImageMetrics.rmse(image, PHANTOM.image(quarter, 4), Mask.cylinder(quarter, SIZE / 2.0 - 1));
        assertTrue(rmse < 0.05, "RMSE " + rmse);
    }

    @Test
    void badInputIsRefusedBeforeAnyWork() {
        ParallelBeamGeometry geometry = ParallelBeamGeometry.uniform(10, Math.PI, 16, 1);
        ParallelBeamFbp fbp = new ParallelBeamFbp(geometry, VolumeGeometry.slice(16, 1), FilterWindow.RAM_LAK, 1, 1);
        InvalidInputException size = assertThrows(InvalidInputException.class, () -> fbp.reconstruct(new float[150]));
        assertTrue(size.getMessage().contains("expected 16 bins x 10 views x 1 slices = 160 values, found 150"),
                size.getMessage());
        float[] nan = new float[160];
        nan[37] = Float.NaN;
        InvalidInputException finite = assertThrows(InvalidInputException.class, () -> fbp.reconstruct(nan));
        assertTrue(finite.getMessage().contains("NaN at index 37"), finite.getMessage());
        float[] infinite = new float[160];
        infinite[3] = Float.POSITIVE_INFINITY;
        assertThrows(InvalidInputException.class, () -> fbp.reconstruct(infinite));
        assertThrows(InvalidInputException.class, () -> new ParallelBeamFbp(geometry, VolumeGeometry.slice(16, 1),
                FilterWindow.RAM_LAK, 1, -1));
    }
}
