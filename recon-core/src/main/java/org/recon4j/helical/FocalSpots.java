package org.recon4j.helical;

import org.recon4j.InvalidInputException;

/**
 * The flying focal spot: the source jumps between {@code count} positions, view {@code i} taking
 * position {@code i mod count}. Each position is offset from the focal centre (the centre of the
 * detector's arc) by an angle about the rotation axis (radians, in the sense of increasing source
 * angle beta), along z (mm, patient frame) and radially (mm, outward).
 */
public record FocalSpots(double[] angularShift, double[] axialShift, double[] radialShift) {

    public FocalSpots {
        if (angularShift.length == 0 || angularShift.length != axialShift.length
                || angularShift.length != radialShift.length) {
            throw new InvalidInputException("focal spot shifts need one angular, axial and radial value per position");
        }
        for (int i = 0; i < angularShift.length; i++) {
            if (!Double.isFinite(angularShift[i]) || !Double.isFinite(axialShift[i]) || !Double.isFinite(radialShift[i])) {
                throw new InvalidInputException("focal spot shifts must be finite numbers");
            }
        }
    }

    /** A fixed focal spot at the focal centre. */
    public static FocalSpots none() {
        return new FocalSpots(new double[1], new double[1], new double[1]);
    }

    public int count() {
        return angularShift.length;
    }
}
