package org.recon4j.projector;

import org.recon4j.InvalidInputException;
import org.recon4j.util.Gaussian;

/**
 * The share of one point source that each detector bin along one axis receives: a Gaussian of
 * {@code sigma} bins integrated over each bin, cut at {@code cut} sigmas and scaled so that the
 * uncut Gaussian sums to 1, or, with no blur, linear sharing between the two nearest bins. Holds
 * weights for bins {@code first() .. first() + count() - 1}. A reusable scratch object, not
 * thread-safe; the SPECT projectors (CPU and OpenCL) share it so that both use the same weights.
 */
public final class BinWeights {
    /** The most bins one response may span. */
    public static final int CAPACITY = 256;
    final double[] weights = new double[CAPACITY];
    int first;
    int count;

    /**
     * Sets the weights for a source at bin coordinate {@code centre} (bin m's centre is m),
     * clipped to bins [0, bins) unless {@code bins} is 0 (then the caller clips).
     */
    public void set(double centre, double sigma, double cut, int bins) {
        count = 0;
        if (sigma <= 0) {
            int left = (int) Math.floor(centre);
            double fraction = centre - left;
            first = left;
            weights[0] = 1 - fraction;
            weights[1] = fraction;
            count = 2;
        } else {
            double reach = cut * sigma;
            int low = (int) Math.floor(centre - reach + 0.5);
            int high = (int) Math.floor(centre + reach + 0.5);
            if (high - low + 1 > CAPACITY) {
                throw new InvalidInputException("the collimator response spans more than " + CAPACITY
                        + " bins; check its sigma and cut-off");
            }
            double total = Gaussian.cdf(cut) - Gaussian.cdf(-cut);
            first = low;
            double previous = Gaussian.cdf(Math.max(low - 0.5 - centre, -reach) / sigma);
            for (int bin = low; bin <= high; bin++) {
                double edge = Gaussian.cdf(Math.min(bin + 0.5 - centre, reach) / sigma);
                weights[count++] = (edge - previous) / total;
                previous = edge;
            }
        }
        if (bins == 0) {
            return;
        }
        int start = Math.max(0, -first);
        int end = Math.min(count, bins - first);
        if (end <= start) {
            count = 0;
            return;
        }
        if (start > 0) {
            System.arraycopy(weights, start, weights, 0, end - start);
        }
        first += start;
        count = end - start;
    }

    public int first() {
        return first;
    }

    public int count() {
        return count;
    }

    /** The weight of bin {@code first() + i}. */
    public double weight(int i) {
        return weights[i];
    }
}
