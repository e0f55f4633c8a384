package org.recon4j.cli;

import org.recon4j.InvalidInputException;
import org.recon4j.projector.CollimatorResponse;
import picocli.CommandLine.Option;

/** The collimator response options of the SPECT reconstruction commands. */
final class PsfOptions {
    @Option(names = "--psf-slope", paramLabel = "A", description = "Collimator response: sigma(d) = A * d + SIGMA0 (A dimensionless).")
    Double psfSlope;

    @Option(names = "--psf-sigma0", paramLabel = "MM", description = "Collimator response sigma at the collimator face (mm).")
    Double psfSigma0;

    @Option(names = "--psf-max-sigmas", paramLabel = "K", defaultValue = "3",
            description = "Cut the response at K sigmas (default ${DEFAULT-VALUE}).")
    double psfMaxSigmas;

    /** The response, or null when none is given; both parameters or neither. */
    CollimatorResponse response() {
        if ((psfSlope == null) != (psfSigma0 == null)) {
            throw new InvalidInputException("the collimator response needs both --psf-slope and --psf-sigma0");
        }
        return psfSlope == null ? null : CollimatorResponse.linear(psfSlope, psfSigma0, psfMaxSigmas);
    }
}
