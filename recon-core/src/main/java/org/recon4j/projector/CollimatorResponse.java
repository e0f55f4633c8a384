package org.recon4j.projector;

import org.recon4j.util.Checks;

/**
 * The collimator-detector response of a parallel-hole camera: a Gaussian whose width grows with
 * the distance d (mm) from the collimator face, cut at {@link #maxSigmas()} standard deviations.
 */
public interface CollimatorResponse {
    /** Standard deviation (mm) at depth d (mm). */
    double sigma(double depth);

    /** Where the Gaussian is cut, in standard deviations (STIR's "maximum number of sigmas"). */
    double maxSigmas();

    /** {@code sigma(d) = slope * d + sigma0}, both in mm (STIR's SPECTUB model; slope is dimensionless). */
    static CollimatorResponse linear(double slope, double sigma0, double maxSigmas) {
        Checks.finite("PSF slope", slope);
        if (slope < 0) {
            throw new org.recon4j.InvalidInputException("PSF slope must be >= 0, found " + slope);
        }
        Checks.positiveFinite("PSF sigma at the collimator face (mm)", sigma0);
        Checks.positiveFinite("PSF cut-off in sigmas", maxSigmas);
        return new CollimatorResponse() {
            @Override
            public double sigma(double depth) {
                return slope * Math.max(depth, 0) + sigma0;
            }

            @Override
            public double maxSigmas() {
                return maxSigmas;
            }
        };
    }

    /**
     * From the collimator's hole length and diameter and the camera's intrinsic resolution (all
     * mm, resolutions as FWHM): geometric FWHM {@code D (L + d) / L} added in quadrature to the
     * intrinsic FWHM (Cherry, Sorenson and Phelps, ch. 14).
     */
    static CollimatorResponse fromCollimator(double holeLength, double holeDiameter, double intrinsicFwhm,
                                             double maxSigmas) {
        Checks.positiveFinite("collimator hole length (mm)", holeLength);
        Checks.positiveFinite("collimator hole diameter (mm)", holeDiameter);
        Checks.positiveFinite("intrinsic resolution FWHM (mm)", intrinsicFwhm);
        Checks.positiveFinite("PSF cut-off in sigmas", maxSigmas);
        double fwhmToSigma = 1 / (2 * Math.sqrt(2 * Math.log(2)));
        return new CollimatorResponse() {
            @Override
            public double sigma(double depth) {
                double geometric = holeDiameter * (holeLength + Math.max(depth, 0)) / holeLength;
                return Math.hypot(geometric, intrinsicFwhm) * fwhmToSigma;
            }

            @Override
            public double maxSigmas() {
                return maxSigmas;
            }
        };
    }
}
