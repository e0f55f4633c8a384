package org.recon4j.cli;

import org.recon4j.InvalidInputException;
import org.recon4j.projector.CollimatorResponse;
import org.recon4j.spect.Collimator;
import picocli.CommandLine.Option;

/** The collimator response options of the SPECT reconstruction commands. */
final class PsfOptions {
    @Option(names = "--psf-slope", paramLabel = "A", description = "Collimator response: sigma(d) = A * d + SIGMA0 (A dimensionless).")
    Double psfSlope;

    @Option(names = "--psf-sigma0", paramLabel = "MM", description = "Collimator response sigma at the collimator face (mm).")
    Double psfSigma0;

    @Option(names = "--collimator", paramLabel = "NAME",
            description = "Collimator response from a table: GE-LEHR, GE-LEGP, GE-ELEGP, GE-MEGP, GE-HEGP, SIEMENS-LEHR, "
                    + "SIEMENS-LEAP, SIEMENS-ME, SIEMENS-HE, PHILIPS-LEHR, PHILIPS-LEGP, PHILIPS-MEGP, PHILIPS-HEGP "
                    + "(hole size and septal penetration at the photon energy).")
    String collimator;

    @Option(names = "--intrinsic-fwhm", paramLabel = "MM",
            description = "With --collimator: the camera's intrinsic resolution (default the table's nominal value).")
    Double intrinsicFwhm;

    @Option(names = "--psf-max-sigmas", paramLabel = "K", defaultValue = "3",
            description = "Cut the response at K sigmas (default ${DEFAULT-VALUE}).")
    double psfMaxSigmas;

    /** Checks the options before any data are read. */
    void check() {
        if ((psfSlope == null) != (psfSigma0 == null)) {
            throw new InvalidInputException("the collimator response needs both --psf-slope and --psf-sigma0");
        }
        if (collimator != null && psfSlope != null) {
            throw new InvalidInputException("give --collimator or --psf-slope/--psf-sigma0, not both");
        }
        if (intrinsicFwhm != null && collimator == null) {
            throw new InvalidInputException("--intrinsic-fwhm goes with --collimator");
        }
        if (collimator != null) {
            Collimator.parse(collimator);
        }
    }

    /** The response at the photon energy (keV), or null when none is given. */
    CollimatorResponse response(double photonKeV) {
        check();
        if (collimator != null) {
            return Collimator.parse(collimator).response(photonKeV, intrinsicFwhm == null ? Double.NaN : intrinsicFwhm,
                    psfMaxSigmas);
        }
        return psfSlope == null ? null : CollimatorResponse.linear(psfSlope, psfSigma0, psfMaxSigmas);
    }
}
