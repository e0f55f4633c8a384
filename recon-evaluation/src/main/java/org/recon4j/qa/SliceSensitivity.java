package org.recon4j.qa;

import org.recon4j.InvalidInputException;
import org.recon4j.io.FloatVolume;

/**
 * The slice sensitivity profile from a small bead (a metal or high-contrast sphere much smaller
 * than the slice): the profile along z through the brightest voxel, less the water level, and
 * its full width at half maximum (the reconstructed slice thickness, IEC 61223-3-5's bead
 * method). A rod or insert that runs along z has no peak in z and is refused.
 */
public final class SliceSensitivity {
    /** A bead must stand this far above water (HU) to be told from the phantom's inserts' noise. */
    private static final double MINIMUM_CONTRAST = 300;

    /** The bead (mm, image coordinates), its peak above water (HU), the profile (HU above water) and its FWHM and FWTM (mm). */
    public record Result(double xMm, double yMm, double zMm, double peakHu, double[] profileHu, double fwhmMm,
                         double fwtmMm) {
    }

    private SliceSensitivity() {
    }

    public static Result measure(FloatVolume hu, double waterHu) {
        int nx = hu.size(0);
        int ny = hu.size(1);
        int nz = hu.size(2);
        if (nz < 5) {
            throw new InvalidInputException("the slice sensitivity profile needs a volume of at least 5 slices, found " + nz);
        }
        float[] data = hu.data();
        int brightest = 0;
        for (int i = 1; i < data.length; i++) {
            if (data[i] > data[brightest]) {
                brightest = i;
            }
        }
        double peak = data[brightest] - waterHu;
        if (peak < MINIMUM_CONTRAST) {
            throw new InvalidInputException(String.format("no bead found for the slice sensitivity profile: the brightest voxel is "
                    + "%.0f HU above water, expected a bead at least %.0f HU above it", peak, MINIMUM_CONTRAST));
        }
        int x = brightest % nx;
        int y = brightest / nx % ny;
        int z = brightest / (nx * ny);
        double[] profile = new double[nz];
        for (int k = 0; k < nz; k++) {
            profile[k] = data[(k * ny + y) * nx + x] - waterHu;
        }
        double fwhm;
        double fwtm;
        try {
            fwhm = Profiles.fullWidth(profile, hu.spacing(2), 0.5);
            fwtm = Profiles.fullWidth(profile, hu.spacing(2), 0.1);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(String.format("no bead found for the slice sensitivity profile: the brightest voxel "
                    + "(column %d, row %d, slice %d) does not fall to a tenth of its peak along z within the volume (a rod or "
                    + "insert, or a bead at the volume's end)", x, y, z));
        }
        double[] origin = hu.origin();
        double zPeak = Profiles.parabolicPeak(profile, z)[0];
        return new Result(origin[0] + x * hu.spacing(0), origin[1] + y * hu.spacing(1), origin[2] + zPeak * hu.spacing(2),
                peak, profile, fwhm, fwtm);
    }
}
