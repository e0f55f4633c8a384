package org.recon4j.spect;

import org.recon4j.InvalidInputException;
import org.recon4j.util.Checks;

/**
 * Scatter in the photopeak window estimated from neighbouring energy windows, bin by bin. The
 * estimate goes into the reconstruction as an additive term ({@link org.recon4j.algorithm.Osem}),
 * never subtracted from the data.
 */
public final class ScatterEstimate {
    private ScatterEstimate() {
    }

    /**
     * Triple energy window (Ogawa et al. 1991): the scatter spectrum under the photopeak is the
     * trapezoid between the count densities of the two narrow side windows,
     * {@code S = (C_lower / W_lower + C_upper / W_upper) * W_peak / 2}. Widths in keV; {@code upper}
     * may be null (no upper window, as for Tc-99m often), which counts as zero.
     */
    public static float[] tripleEnergyWindow(float[] lower, float[] upper, double lowerWidth, double peakWidth,
                                             double upperWidth) {
        Checks.positiveFinite("lower window width (keV)", lowerWidth);
        Checks.positiveFinite("photopeak window width (keV)", peakWidth);
        if (upper != null) {
            Checks.positiveFinite("upper window width (keV)", upperWidth);
            Checks.length("upper window counts", upper, lower.length);
        }
        checkCounts("lower window", lower);
        if (upper != null) {
            checkCounts("upper window", upper);
        }
        float[] scatter = new float[lower.length];
        for (int i = 0; i < lower.length; i++) {
            double density = lower[i] / lowerWidth + (upper == null ? 0 : upper[i] / upperWidth);
            scatter[i] = (float) (density * peakWidth / 2);
        }
        return scatter;
    }

    /** Dual energy window (Jaszczak et al. 1984): {@code S = k * C_lower}, k typically 0.5. */
    public static float[] dualEnergyWindow(float[] lower, double k) {
        Checks.positiveFinite("DEW factor k", k);
        checkCounts("lower window", lower);
        float[] scatter = new float[lower.length];
        for (int i = 0; i < lower.length; i++) {
            scatter[i] = (float) (k * lower[i]);
        }
        return scatter;
    }

    private static void checkCounts(String name, float[] counts) {
        for (int i = 0; i < counts.length; i++) {
            if (!(counts[i] >= 0) || !Float.isFinite(counts[i])) {
                throw new InvalidInputException(name + " counts must be finite and >= 0, found " + counts[i]
                        + " at index " + i);
            }
        }
    }
}
