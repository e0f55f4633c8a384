package org.recon4j.algorithm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.recon4j.geometry.ParallelBeamGeometry;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.util.RawFloats;

/**
 * The back-projection layout against a plain double-precision back-projection, and its unchecked
 * inner loop: the same bits as the checked one, and only where its range is proved.
 */
class BackProjectionLayoutTest {
    private static final double FIXED_ONE = 4294967296.0;

    @Test
    void theUncheckedLoopGivesTheCheckedLoopsBits() {
        assumeTrue(RawFloats.AVAILABLE, "raw float access is not available on this runtime; the checked loop serves alone");
        SplittableRandom random = new SplittableRandom(17);
        float[] paired = new float[2 * 700];
        for (int i = 0; i < paired.length; i++) {
            paired[i] = (float) random.nextDouble(-1, 1);
        }
        for (int trial = 0; trial < 200; trial++) {
            double step = random.nextDouble(-1, 1);
            int count = 1 + random.nextInt(300);
            double lowest = Math.max(0, -step * (count - 1)) + 1;
            double nextStep = random.nextDouble(-1, 1);
            double nextLowest = Math.max(0, -nextStep * (count - 1)) + 1;
            long u = (long) ((lowest + random.nextDouble(0, 300)) * FIXED_ONE);
            long w = (long) ((lowest + random.nextDouble(0, 300)) * FIXED_ONE);
            long nextU = (long) ((nextLowest + random.nextDouble(0, 300)) * FIXED_ONE);
            long nextW = (long) ((nextLowest + random.nextDouble(0, 300)) * FIXED_ONE);
            long fixedStep = Math.round(step * FIXED_ONE);
            long fixedNextStep = Math.round(nextStep * FIXED_ONE);
            assertTrue(BackProjectionLayout.inside(paired, 0, u, fixedStep, count), "trial " + trial);
            assertTrue(BackProjectionLayout.inside(paired, 0, nextU, fixedNextStep, count), "trial " + trial);
            float[] checked = new float[2 * count + 8];
            for (int i = 0; i < checked.length; i++) {
                checked[i] = (float) random.nextDouble(-1, 1);
            }
            float[] unchecked = checked.clone();
            BackProjectionLayout.accumulateTwoRowsTwoViewsChecked(paired, 0, 0, checked, 3, count + 5, count,
                    u, w, fixedStep, nextU, nextW, fixedNextStep);
            BackProjectionLayout.accumulateTwoRowsTwoViewsUnchecked(paired, 0, 0, unchecked, 3, count + 5, count,
                    u, w, fixedStep, nextU, nextW, fixedNextStep);
            assertArrayEquals(checked, unchecked, "trial " + trial);
        }
    }

    /** Odd view counts and odd row counts take the loops for a block's last view and a range's last row. */
    @ParameterizedTest
    @CsvSource({"31, 29, 17, 23, 0.0", "64, 40, 40, 48, 0.7", "130, 33, 35, 41, -1.3"})
    void backProjectionMatchesAPlainLoop(int views, int nx, int ny, int bins, double detectorOffset) {
        double[] angles = new double[views];
        for (int v = 0; v < views; v++) {
            angles[v] = 2.9 * v / views + 0.1;
        }
        ParallelBeamGeometry geometry = ParallelBeamGeometry.of(angles, bins, 1.1, detectorOffset);
        VolumeGeometry volume = new VolumeGeometry(nx, ny, 1, 0.9, 1.05, 1, 0.4, -0.3, 0);
        BackProjectionLayout layout = BackProjectionLayout.of(geometry, volume);
        SplittableRandom random = new SplittableRandom(views);
        float[] rows = new float[views * bins];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = (float) random.nextDouble(-1, 1);
        }
        float[] paired = new float[views * layout.pairedRowLength()];
        for (int v = 0; v < views; v++) {
            layout.storeRow(rows, v * bins, bins, paired, v);
        }
        float[] image = new float[nx * ny + 3];
        java.util.Arrays.fill(image, 7f); // overwritten in range, kept outside it
        layout.backProjectRows(paired, image, 3, 0, ny);
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                double expected = plainBackProjection(geometry, rows, volume.x(i), volume.y(j));
                assertEquals(expected, image[3 + j * nx + i], 2e-5 * views, "voxel " + i + ", " + j);
            }
        }
        assertEquals(7f, image[2]);
    }

    private static double plainBackProjection(ParallelBeamGeometry geometry, float[] rows, double x, double y) {
        int bins = geometry.binCount();
        double sum = 0;
        for (int v = 0; v < geometry.viewCount(); v++) {
            double angle = geometry.angle(v);
            double bin = (x * Math.cos(angle) + y * Math.sin(angle) - geometry.detectorOffset()) / geometry.binSpacing()
                    + (bins - 1) / 2.0;
            int lower = (int) Math.floor(bin);
            double weight = bin - lower;
            sum += (1 - weight) * valueAt(rows, v, bins, lower) + weight * valueAt(rows, v, bins, lower + 1);
        }
        return sum;
    }

    private static double valueAt(float[] rows, int view, int bins, int bin) {
        return bin >= 0 && bin < bins ? rows[view * bins + bin] : 0;
    }

    @Test
    void aRangeThatLeavesTheRowsIsNotProved() {
        float[] paired = new float[2 * 100];
        long one = (long) FIXED_ONE;
        assertTrue(BackProjectionLayout.inside(paired, 0, 10 * one, one / 2, 100));
        assertFalse(BackProjectionLayout.inside(paired, 0, 90 * one, one / 2, 100), "runs past the end");
        assertFalse(BackProjectionLayout.inside(paired, 0, 10 * one, -one / 2, 100), "runs below zero");
        assertTrue(BackProjectionLayout.inside(paired, 10, 94 * one, 0, 1), "the last pair that fits");
        assertFalse(BackProjectionLayout.inside(paired, 10, 95 * one, 0, 1), "the base moves it past the end");
    }
}
