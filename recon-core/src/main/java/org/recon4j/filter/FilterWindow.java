package org.recon4j.filter;

import java.util.Locale;
import org.recon4j.InvalidInputException;

/**
 * Apodisation windows applied to the ramp, as functions of {@code r = f / f_cut} in [0, 1]
 * where f is the frequency in cycles per detector bin and {@code f_cut = cutoff * 0.5} (the
 * cut-off as a fraction of the Nyquist frequency). With cutoff 1 these match scikit-image's
 * {@code iradon} filters and MATLAB's {@code iradon}.
 */
public enum FilterWindow {
    /** The plain ramp. */
    RAM_LAK("ram-lak"),
    /** Ramp times sinc: {@code sin(pi r / 2) / (pi r / 2)}. */
    SHEPP_LOGAN("shepp-logan"),
    /** Ramp times {@code cos(pi r / 2)}. */
    COSINE("cosine"),
    /** Ramp times {@code 0.54 + 0.46 cos(pi r)}. */
    HAMMING("hamming"),
    /** Ramp times {@code 0.5 + 0.5 cos(pi r)}. */
    HANN("hann");

    private final String label;

    FilterWindow(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The window's value at {@code r = f / f_cut}, with r in [0, 1]. */
    public double value(double r) {
        return switch (this) {
            case RAM_LAK -> 1.0;
            case SHEPP_LOGAN -> r == 0 ? 1.0 : Math.sin(0.5 * Math.PI * r) / (0.5 * Math.PI * r);
            case COSINE -> Math.cos(0.5 * Math.PI * r);
            case HAMMING -> 0.54 + 0.46 * Math.cos(Math.PI * r);
            case HANN -> 0.5 + 0.5 * Math.cos(Math.PI * r);
        };
    }

    /** Parses a label such as {@code shepp-logan} (case-insensitive; {@code ramp} and {@code ramlak} are accepted). */
    public static FilterWindow parse(String text) {
        String key = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        if (key.equals("ramp") || key.equals("ramlak")) {
            return RAM_LAK;
        }
        if (key.equals("hanning")) {
            return HANN;
        }
        for (FilterWindow window : values()) {
            if (window.label.equals(key)) {
                return window;
            }
        }
        throw new InvalidInputException("unknown filter '" + text
                + "': expected one of ram-lak, shepp-logan, cosine, hamming, hann");
    }

    @Override
    public String toString() {
        return label;
    }
}
