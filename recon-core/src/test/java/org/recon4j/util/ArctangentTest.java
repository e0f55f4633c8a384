package org.recon4j.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ArctangentTest {
    private static final double TOLERANCE = 1e-14;

    @Test
    void agreesWithMathAtanOverEveryRange() {
        SplittableRandom random = new SplittableRandom(3);
        double worst = 0;
        for (int i = 0; i < 2_000_000; i++) {
            // magnitudes from 1e-8 to 1e8, both signs, so every reduction is taken
            double ratio = Math.copySign(Math.pow(10, random.nextDouble(-8, 8)), random.nextDouble(-1, 1));
            worst = Math.max(worst, Math.abs(Arctangent.of(ratio) - Math.atan(ratio)));
        }
        assertTrue(worst < TOLERANCE, "largest difference from Math.atan " + worst);
    }

    @Test
    void theEdgesOfEachRangeAreContinuous() {
        double[] edges = {0.6681786379192989, 1, Math.tan(Math.PI / 8)};
        for (double edge : edges) {
            for (double ratio : new double[] {Math.nextDown(edge), edge, Math.nextUp(edge), -edge}) {
                assertEquals(Math.atan(ratio), Arctangent.of(ratio), TOLERANCE, "at " + ratio);
            }
        }
    }

    @Test
    void specialValuesAreThoseOfMathAtan() {
        assertEquals(0.0, Arctangent.of(0.0));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(Arctangent.of(-0.0)));
        assertEquals(Math.PI / 2, Arctangent.of(Double.POSITIVE_INFINITY), TOLERANCE);
        assertEquals(-Math.PI / 2, Arctangent.of(Double.NEGATIVE_INFINITY), TOLERANCE);
        assertTrue(Double.isNaN(Arctangent.of(Double.NaN)));
        assertEquals(1e-300, Arctangent.of(1e-300), 1e-300 * TOLERANCE, "relative, for tiny ratios");
    }

    @Test
    void atan2IsMathAtan2InEveryQuadrant() {
        SplittableRandom random = new SplittableRandom(4);
        for (int i = 0; i < 100_000; i++) {
            double y = random.nextDouble(-100, 100);
            double x = random.nextDouble(-100, 100);
            assertEquals(Math.atan2(y, x), Arctangent.atan2(y, x), TOLERANCE, "at (" + x + ", " + y + ")");
        }
        assertEquals(Math.atan2(1, 0), Arctangent.atan2(1, 0));
        assertEquals(Math.atan2(-1, -0.0), Arctangent.atan2(-1, -0.0));
    }
}
