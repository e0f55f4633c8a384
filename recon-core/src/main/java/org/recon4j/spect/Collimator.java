package org.recon4j.spect;

import java.util.Locale;
import org.recon4j.InvalidInputException;
import org.recon4j.projector.CollimatorResponse;

/**
 * Common parallel-hole collimators: hexagonal holes of the given flat-to-flat diameter and
 * length (mm), from the SIMIND Monte Carlo program's collimator database (as PyTomography
 * distributes it, codes GI-, SY-, PB-), and the camera's nominal intrinsic resolution (NEMA
 * UFOV FWHM at 140 keV, vendors' datasheets: about 3.8 to 3.9 mm for these cameras).
 */
public enum Collimator {
    GE_LEHR("GE-LEHR", 1.50, 35.0, 3.9),
    GE_LEGP("GE-LEGP", 1.90, 35.0, 3.9),
    GE_ELEGP("GE-ELEGP", 2.50, 40.0, 3.9),
    GE_MEGP("GE-MEGP", 3.00, 58.0, 3.9),
    GE_HEGP("GE-HEGP", 4.00, 66.0, 3.9),
    SIEMENS_LEHR("SIEMENS-LEHR", 1.11, 24.05, 3.8),
    SIEMENS_LEAP("SIEMENS-LEAP", 1.45, 24.05, 3.8),
    SIEMENS_ME("SIEMENS-ME", 2.94, 40.64, 3.8),
    SIEMENS_HE("SIEMENS-HE", 4.00, 59.70, 3.8),
    PHILIPS_LEHR("PHILIPS-LEHR", 1.22, 27.0, 3.9),
    PHILIPS_LEGP("PHILIPS-LEGP", 1.40, 24.7, 3.9),
    PHILIPS_MEGP("PHILIPS-MEGP", 3.40, 58.4, 3.9),
    PHILIPS_HEGP("PHILIPS-HEGP", 3.81, 58.4, 3.9);

    /** Lead's mass attenuation (cm2/g, NIST XCOM, with coherent scattering) at 100 to 600 keV, for septal penetration. */
    private static final double[] LEAD_KEV = {100, 150, 200, 300, 400, 500, 600};
    private static final double[] LEAD_MASS_ATTENUATION = {5.549, 2.014, 0.9985, 0.4031, 0.2323, 0.1614, 0.1248};
    private static final double LEAD_DENSITY = 11.35;

    private final String label;
    private final double holeDiameter;
    private final double holeLength;
    private final double intrinsicFwhm;

    Collimator(String label, double holeDiameter, double holeLength, double intrinsicFwhm) {
        this.label = label;
        this.holeDiameter = holeDiameter;
        this.holeLength = holeLength;
        this.intrinsicFwhm = intrinsicFwhm;
    }

    public String label() {
        return label;
    }

    public double holeDiameter() {
        return holeDiameter;
    }

    public double holeLength() {
        return holeLength;
    }

    public double intrinsicFwhm() {
        return intrinsicFwhm;
    }

    /**
     * The hole length less the septal penetration at this energy, {@code L - 2 / mu_lead}
     * (Cherry, Sorenson and Phelps, ch. 14), in mm.
     */
    public double effectiveLength(double photonKeV) {
        double mu = LEAD_DENSITY * leadMassAttenuation(photonKeV) / 10; // 1/mm
        return holeLength - 2 / mu;
    }

    /** The response at this energy, with the given intrinsic FWHM (NaN: the camera's nominal one). */
    public CollimatorResponse response(double photonKeV, double intrinsic, double maxSigmas) {
        return CollimatorResponse.fromCollimator(effectiveLength(photonKeV), holeDiameter,
                Double.isNaN(intrinsic) ? intrinsicFwhm : intrinsic, maxSigmas);
    }

    /** "GE-MEGP", "ge_megp" and the like; also a DICOM Collimator/Grid Name such as "MEGP" with the vendor's name. */
    public static Collimator parse(String text) {
        String key = text.trim().toUpperCase(Locale.ROOT).replace('_', '-').replace(' ', '-');
        for (Collimator collimator : values()) {
            if (collimator.label.equals(key)) {
                return collimator;
            }
        }
        StringBuilder known = new StringBuilder();
        for (Collimator collimator : values()) {
            known.append(known.length() == 0 ? "" : ", ").append(collimator.label);
        }
        throw new InvalidInputException("unknown collimator '" + text + "': expected one of " + known);
    }

    private static double leadMassAttenuation(double keV) {
        if (!(keV >= LEAD_KEV[0] && keV <= LEAD_KEV[LEAD_KEV.length - 1])) {
            throw new InvalidInputException("collimator penetration is tabulated for 100 to 600 keV, found " + keV
                    + " keV; give --psf-slope and --psf-sigma0 instead");
        }
        return AttenuationFromCt.logLog(LEAD_KEV, LEAD_MASS_ATTENUATION, keV);
    }

    @Override
    public String toString() {
        return label;
    }
}
