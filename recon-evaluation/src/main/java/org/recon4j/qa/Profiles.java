package org.recon4j.qa;

import org.recon4j.InvalidInputException;

/**
 * Widths of a peaked profile as NEMA NU 2 measures them: the maximum from a parabola through the
 * highest sample and its two neighbours, the crossing of a fraction of it found by linear
 * interpolation between the samples on each side, walking outward from the peak.
 */
public final class Profiles {
    private Profiles() {
    }

    /** The full width at {@code fraction} of the maximum (0.5 for FWHM, 0.1 for FWTM), in units of {@code spacing}. */
    public static double fullWidth(double[] profile, double spacing, double fraction) {
        return fullWidth(profile, spacing, fraction, argMax(profile));
    }

    /** As {@link #fullWidth(double[], double, double)} about the sample {@code peak}, where other peaks may share the profile. */
    public static double fullWidth(double[] profile, double spacing, double fraction, int peak) {
        double maximum = parabolicPeak(profile, peak)[1];
        double level = fraction * maximum;
        double left = crossing(profile, peak, -1, level);
        double right = crossing(profile, peak, +1, level);
        return (right - left) * spacing;
    }

    /** The index of the largest sample (the first, on ties). */
    public static int argMax(double[] profile) {
        int best = 0;
        for (int i = 1; i < profile.length; i++) {
            if (profile[i] > profile[best]) {
                best = i;
            }
        }
        return best;
    }

    /**
     * The vertex {position, value} of the parabola through samples {@code peak - 1 .. peak + 1};
     * the sample itself at an end of the profile or where the samples are not concave.
     */
    public static double[] parabolicPeak(double[] profile, int peak) {
        if (peak == 0 || peak == profile.length - 1) {
            return new double[] {peak, profile[peak]};
        }
        double before = profile[peak - 1];
        double at = profile[peak];
        double after = profile[peak + 1];
        double curvature = before - 2 * at + after;
        if (!(curvature < 0)) {
            return new double[] {peak, at};
        }
        double shift = 0.5 * (before - after) / curvature;
        return new double[] {peak + shift, at - 0.25 * (before - after) * shift};
    }

    /** Where the profile first falls to {@code level} going from {@code peak} in {@code direction}, in samples. */
    private static double crossing(double[] profile, int peak, int direction, double level) {
        for (int i = peak; i + direction >= 0 && i + direction < profile.length; i += direction) {
            double inner = profile[i];
            double outer = profile[i + direction];
            if (outer <= level) {
                double fraction = inner == outer ? 0 : (inner - level) / (inner - outer);
                return i + direction * fraction;
            }
        }
        throw new InvalidInputException(String.format("the profile through the peak at sample %d does not fall to %.0f %% of "
                + "its maximum before the image's %s edge: the source is too close to the edge or sits on a high background",
                peak, 100 * level / Math.max(profile[peak], Double.MIN_VALUE), direction < 0 ? "lower" : "upper"));
    }
}
