package org.recon4j.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.recon4j.InvalidInputException;

class ScanWeightsTest {
    @Test
    void aFullScanWeighsEveryRayOneHalfAndEveryViewItsStep() {
        double[] angles = new double[36];
        for (int v = 0; v < 36; v++) {
            angles[v] = Math.toRadians(10 * v);
        }
        ScanWeights weights = ScanWeights.of(angles, 0.2);
        assertTrue(weights.isFullScan());
        for (int v = 0; v < 36; v++) {
            assertEquals(Math.toRadians(10), weights.angularWeight(v), 1e-12);
            assertEquals(0.5, weights.redundancy(v, 0.1), 0);
        }
    }

    @Test
    void parkerWeightsOfTheTwoMeasurementsOfALineSumToOne() {
        double halfFan = Math.toRadians(12);
        double step = Math.toRadians(0.5);
        int count = (int) Math.round((Math.PI + 2 * halfFan) / step) + 1;
        for (double sign : new double[] {1, -1}) {
            double[] angles = new double[count];
            for (int v = 0; v < count; v++) {
                angles[v] = 1.0 + sign * v * step;
            }
            ScanWeights weights = ScanWeights.of(angles, halfFan);
            assertTrue(!weights.isFullScan());
            for (int v = 0; v < count; v++) {
                for (double alpha = -0.95 * halfFan; alpha < 0.96 * halfFan; alpha += 0.95 * halfFan / 7) {
                    // the same line: beta + pi - 2 alpha, fan angle -alpha (along the orbit's direction)
                    double conjugate = v * step + Math.PI - 2 * sign * alpha;
                    if (conjugate < 0 || conjugate > (count - 1) * step) {
                        continue;
                    }
                    int other = (int) Math.round(conjugate / step);
                    if (Math.abs(other * step - conjugate) > 1e-9) {
                        continue;
                    }
                    double sum = weights.redundancy(v, alpha) + weights.redundancy(other, -alpha);
                    assertEquals(1.0, sum, 1e-9, "view " + v + " alpha " + alpha + " direction " + sign);
                }
            }
        }
    }

    @Test
    void unsortedOrTooShortScansAreRefused() {
        assertThrows(InvalidInputException.class, () -> ScanWeights.of(new double[] {0, 2, 1, 3}, 0.1));
        assertThrows(InvalidInputException.class, () -> ScanWeights.of(new double[] {0, 0.5, 1.0}, 0.1));
        assertThrows(InvalidInputException.class, () -> ScanWeights.of(new double[] {0}, 0.1));
    }
}
