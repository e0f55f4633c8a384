package org.recon4j.spect;

import java.util.Locale;
import org.recon4j.InvalidInputException;

/** SPECT radionuclides and their half-lives (seconds; DDEP/NNDC recommended values). */
public enum Radionuclide {
    TC99M("Tc-99m", "TC", "TECHNETIUM", "99M", 6.0067 * 3600, 140.5),
    I123("I-123", "I", "IODINE", "123", 13.2235 * 3600, 159.0),
    IN111("In-111", "IN", "INDIUM", "111", 2.8047 * 86400, 171.3, 245.4),
    LU177("Lu-177", "LU", "LUTETIUM", "177", 6.647 * 86400, 112.9, 208.4),
    I131("I-131", "I", "IODINE", "131", 8.0252 * 86400, 364.5),
    TL201("Tl-201", "TL", "THALLIUM", "201", 3.0421 * 86400, 70.8, 167.4),
    GA67("Ga-67", "GA", "GALLIUM", "67", 3.2617 * 86400, 93.3, 184.6, 300.2);

    private final String label;
    private final String symbol;
    private final String element;
    private final String mass;
    private final double halfLifeSeconds;
    private final double[] mainEmissionsKeV;

    Radionuclide(String label, String symbol, String element, String mass, double halfLifeSeconds,
                 double... mainEmissionsKeV) {
        this.label = label;
        this.symbol = symbol;
        this.element = element;
        this.mass = mass;
        this.halfLifeSeconds = halfLifeSeconds;
        this.mainEmissionsKeV = mainEmissionsKeV;
    }

    /**
     * The photon energies (keV) imaged with this nuclide (for Tl-201 the mercury X-rays' centre
     * and the 167 keV gamma); NNDC/DDEP values.
     */
    public double[] mainEmissionsKeV() {
        return mainEmissionsKeV.clone();
    }

    /**
     * The nuclide a free text names, as DICOM's Code Meaning ("^177^Lutetium"), a vendor's window
     * name ("Lu177_EM") or a user writes it ("Tc-99m", "99mTc", "Technetium Tc-99m"); empty
     * when it names none (or more than one).
     */
    public static java.util.Optional<Radionuclide> find(String text) {
        String key = text == null ? "" : text.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "");
        Radionuclide found = null;
        for (Radionuclide nuclide : values()) {
            boolean named = key.contains(nuclide.symbol + nuclide.mass) || key.contains(nuclide.mass + nuclide.symbol)
                    || key.contains(nuclide.element + nuclide.mass) || key.contains(nuclide.mass + nuclide.element)
                    || key.contains(nuclide.element + nuclide.symbol + nuclide.mass);
            if (named) {
                if (found != null && found != nuclide) {
                    return java.util.Optional.empty();
                }
                found = nuclide;
            }
        }
        return java.util.Optional.ofNullable(found);
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
