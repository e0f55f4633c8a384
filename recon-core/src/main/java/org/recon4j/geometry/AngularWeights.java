package org.recon4j.geometry;

import java.util.Arrays;

/**
 * Quadrature weights over view angles for parallel-beam back-projection.
 *
 * <p>Parallel rays at theta and theta + pi are the same lines, so each angle is taken modulo pi
 * and given half the gap to its neighbours on that circle (the midpoint rule). Evenly spaced
 * views over 180 or 360 degrees then all get pi / N. A gap more than twice the median gap is the
 * edge of a limited-angle scan, not a sampled interval, and counts as one median gap, so the
 * views next to a missing wedge are not weighted up to fill it.
 */
public final class AngularWeights {
    private AngularWeights() {
    }

    public static double[] parallel(double[] angles) {
        int n = angles.length;
        double[] weights = new double[n];
        if (n == 1) {
            weights[0] = Math.PI;
            return weights;
        }
        Integer[] order = new Integer[n];
        double[] folded = new double[n];
        for (int v = 0; v < n; v++) {
            order[v] = v;
            double a = angles[v] % Math.PI;
            folded[v] = a < 0 ? a + Math.PI : a;
        }
        Arrays.sort(order, (a, b) -> Double.compare(folded[a], folded[b]));
        double[] gapAfter = new double[n];
        for (int k = 0; k < n; k++) {
            double here = folded[order[k]];
            double next = k + 1 < n ? folded[order[k + 1]] : folded[order[0]] + Math.PI;
            gapAfter[k] = next - here;
        }
        double[] positive = Arrays.stream(gapAfter).filter(g -> g > 1e-12).sorted().toArray();
        double median = positive.length == 0 ? Math.PI / n : positive[positive.length / 2];
        double largest = 2 * median;
        for (int k = 0; k < n; k++) {
            double before = gapAfter[(k + n - 1) % n];
            double after = gapAfter[k];
            before = before > largest ? median : before;
            after = after > largest ? median : after;
            weights[order[k]] = 0.5 * (before + after);
        }
        return weights;
    }
}
