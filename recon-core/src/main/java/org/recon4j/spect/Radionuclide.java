package org.recon4j.spect;

import java.util.Locale;
import org.recon4j.InvalidInputException;

/** SPECT radionuclides and their half-lives (seconds; DDEP/NNDC recommended values). */
public enum Radionuclide {
    TC99M("Tc-99m", 6.0067 * 3600),
    I123("I-123", 13.2235 * 3600),
    IN111("In-111", 2.8047 * 86400),
    LU177("Lu-177", 6.647 * 86400),
    I131("I-131", 8.0252 * 86400),
    TL201("Tl-201", 3.0421 * 86400),
    GA67("Ga-67", 3.2617 * 86400);

    private final String label;
    private final double halfLifeSeconds;

    Radionuclide(String label, double halfLifeSeconds) {
        this.label = label;
        this.halfLifeSeconds = halfLifeSeconds;
    }

    public String label() {
        return label;
    }

    public double halfLifeSeconds() {
        return halfLifeSeconds;
    }

    /** The fraction of activity left after {@code seconds}. */
    public double decayFactor(double seconds) {
        return Math.exp(-Math.log(2) * seconds / halfLifeSeconds);
    }

    /** Accepts "Tc-99m", "tc99m", "TC99M" and the like. */
    public static Radionuclide parse(String text) {
        String key = text.trim().toUpperCase(Locale.ROOT).replace("-", "").replace(" ", "");
        for (Radionuclide nuclide : values()) {
            if (nuclide.name().equals(key)) {
                return nuclide;
            }
        }
        throw new InvalidInputException("unknown radionuclide '" + text
                + "': expected Tc-99m, I-123, In-111, Lu-177, I-131, Tl-201 or Ga-67");
    }

    @Override
    public String toString() {
        return label;
    }
}
