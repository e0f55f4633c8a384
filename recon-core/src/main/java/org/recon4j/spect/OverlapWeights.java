package org.recon4j.spect;

import java.util.Arrays;

/**
 * One axis of a resampling by partial volumes: target cell i (centre {@code t0 + i dt}, width
 * dt) takes from each source cell (centre {@code s0 + j ds}, width ds) the fraction of its own
 * width that the two share. The weights of a target sum to the fraction of it the sources cover.
 */
final class OverlapWeights {
    private final int[] start;
    private final int[] sources;
    private final double[] weights;
    private final int lowestSource;
    private final int highestSource;

    OverlapWeights(int targetCount, double firstTarget, double targetSpacing, int sourceCount, double firstSource,
                   double sourceSpacing) {
        start = new int[targetCount + 1];
        int[] index = new int[16];
        double[] share = new double[16];
        int used = 0;
        int lowest = Integer.MAX_VALUE;
        int highest = -1;
        for (int i = 0; i < targetCount; i++) {
            double low = firstTarget + (i - 0.5) * targetSpacing;
            double high = low + targetSpacing;
            int from = Math.max(0, (int) Math.floor((low - firstSource) / sourceSpacing + 0.5));
            int to = Math.min(sourceCount - 1, (int) Math.floor((high - firstSource) / sourceSpacing + 0.5));
            for (int j = from; j <= to; j++) {
                double sourceLow = firstSource + (j - 0.5) * sourceSpacing;
                double overlap = Math.min(high, sourceLow + sourceSpacing) - Math.max(low, sourceLow);
                if (overlap > 0) {
                    if (used == index.length) {
                        index = Arrays.copyOf(index, used * 2);
                        share = Arrays.copyOf(share, used * 2);
                    }
                    index[used] = j;
                    share[used++] = overlap / targetSpacing;
                    lowest = Math.min(lowest, j);
                    highest = Math.max(highest, j);
                }
            }
            start[i + 1] = used;
        }
        sources = Arrays.copyOf(index, used);
        weights = Arrays.copyOf(share, used);
        lowestSource = lowest;
        highestSource = highest;
    }

    /** The fraction of target i that the sources cover (0 to 1). */
    double cover(int target) {
        double sum = 0;
        for (int n = start[target]; n < start[target + 1]; n++) {
            sum += weights[n];
        }
        return sum;
    }

    /** The weight of source j in target i (0 when they do not overlap). */
    double weight(int target, int source) {
        for (int n = start[target]; n < start[target + 1]; n++) {
            if (sources[n] == source) {
                return weights[n];
            }
        }
        return 0;
    }

    /** The lowest source any target takes from; above {@link #highestSource()} when none does. */
    int lowestSource() {
        return lowestSource;
    }

    int highestSource() {
        return highestSource;
    }

    /** Along the fastest axis: {@code target[r][i] = sum_j w(i, j) source[offset + r * rowLength + j]}. */
    void reduceRows(float[] source, int offset, int rowCount, int rowLength, float[] target) {
        int targets = start.length - 1;
        for (int r = 0; r < rowCount; r++) {
            int row = offset + r * rowLength;
            for (int i = 0; i < targets; i++) {
                double sum = 0;
                for (int n = start[i]; n < start[i + 1]; n++) {
                    sum += weights[n] * source[row + sources[n]];
                }
                target[r * targets + i] = (float) sum;
            }
        }
    }

    /** Along the slower axis of rows {@code width} long: {@code target[i][c] = sum_j w(i, j) source[j][c]}. */
    void reduceColumns(float[] source, int width, float[] target) {
        int targets = start.length - 1;
        Arrays.fill(target, 0, targets * width, 0f);
        for (int i = 0; i < targets; i++) {
            for (int n = start[i]; n < start[i + 1]; n++) {
                float weight = (float) weights[n];
                int from = sources[n] * width;
                int to = i * width;
                for (int c = 0; c < width; c++) {
                    target[to + c] += weight * source[from + c];
                }
            }
        }
    }
}
