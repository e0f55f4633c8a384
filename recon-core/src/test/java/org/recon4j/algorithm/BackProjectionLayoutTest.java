package org.recon4j.algorithm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The back-projection's unchecked inner loop: the same bits as the checked one, and only where its range is proved. */
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
            long u = (long) ((lowest + random.nextDouble(0, 300)) * FIXED_ONE);
            long w = (long) ((lowest + random.nextDouble(0, 300)) * FIXED_ONE);
            long fixedStep = Math.round(step * FIXED_ONE);
            assertTrue(BackProjectionLayout.inside(paired, 0, u, fixedStep, count), "trial " + trial);
            float[] checked = new float[2 * count + 8];
            float[] unchecked = checked.clone();
            BackProjectionLayout.accumulateTwoRowsChecked(paired, 0, checked, 3, count + 5, count, u, w, fixedStep);
            BackProjectionLayout.accumulateTwoRowsUnchecked(paired, 0, unchecked, 3, count + 5, count, u, w, fixedStep);
            assertArrayEquals(checked, unchecked, "trial " + trial);
        }
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
