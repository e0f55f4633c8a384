package org.recon4j.spect;

import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.util.Checks;

/**
 * Reconstructed counts to activity concentration. An image in counts per voxel over a frame of
 * {@code T} seconds, from a camera with sensitivity {@code C} counts per second per MBq, holds
 * {@code counts / (T * C)} MBq a voxel at acquisition; divided by the voxel volume (ml) and
 * corrected for decay during the frame and back (or forward) to a reference time, it is Bq/ml.
 */
public final class Quantification {
    private Quantification() {
    }

    /**
     * @param image              reconstructed counts per voxel (the whole acquisition)
     * @param calibration        camera sensitivity, counts per second per MBq
     * @param frameSeconds       total acquisition time (all views), seconds
     * @param secondsToReference time from the acquisition start to the reference time (negative:
     *                           the reference lies before the acquisition)
     * @return activity concentration in Bq/ml at the reference time
     */
    public static float[] toBecquerelPerMillilitre(float[] image, VolumeGeometry grid, double calibration,
                                                   double frameSeconds, Radionuclide nuclide, double secondsToReference) {
        Checks.length("image", image, grid.voxelCount());
        Checks.positiveFinite("calibration (cps/MBq)", calibration);
        Checks.positiveFinite("frame duration (s)", frameSeconds);
        Checks.finite("time to the reference (s)", secondsToReference);
        double voxelMillilitres = grid.dx() * grid.dy() * grid.dz() / 1000;
        double lambda = Math.log(2) / nuclide.halfLifeSeconds();
        // mean activity during the frame relative to its start: (1 - exp(-lambda T)) / (lambda T)
        double duringFrame = -Math.expm1(-lambda * frameSeconds) / (lambda * frameSeconds);
        double toReference = Math.exp(-lambda * secondsToReference); // A(reference) = A(start) exp(-lambda dt)
        double scale = 1e6 * toReference / (frameSeconds * calibration * voxelMillilitres * duringFrame);
        float[] result = new float[image.length];
        for (int i = 0; i < image.length; i++) {
            result[i] = (float) (image[i] * scale);
        }
        return result;
    }
}
