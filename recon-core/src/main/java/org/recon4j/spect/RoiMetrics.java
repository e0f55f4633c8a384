package org.recon4j.spect;

import org.recon4j.InvalidInputException;

/**
 * Region-of-interest figures of emission images, NEMA NU 2 style: contrast recovery of hot and
 * cold spheres and the background variability, from voxel masks.
 */
public final class RoiMetrics {
    private RoiMetrics() {
    }

    public static double mean(float[] image, boolean[] roi) {
        double sum = 0;
        int count = 0;
        for (int i = 0; i < image.length; i++) {
            if (roi[i]) {
                sum += image[i];
                count++;
            }
        }
        if (count == 0) {
            throw new InvalidInputException("the ROI holds no voxel");
        }
        return sum / count;
    }

    /** Sample standard deviation (n - 1) over the ROI. */
    public static double standardDeviation(float[] image, boolean[] roi) {
        double mean = mean(image, roi);
        double sum = 0;
        int count = 0;
        for (int i = 0; i < image.length; i++) {
            if (roi[i]) {
                sum += (image[i] - mean) * (image[i] - mean);
                count++;
            }
        }
        return count > 1 ? Math.sqrt(sum / (count - 1)) : 0;
    }

    /** Hot sphere: {@code (C_sphere / C_background - 1) / (true ratio - 1)}; 1 is perfect recovery. */
    public static double hotContrastRecovery(double sphereMean, double backgroundMean, double trueRatio) {
        if (!(trueRatio > 1)) {
            throw new InvalidInputException("a hot sphere's true activity ratio must exceed 1, found " + trueRatio);
        }
        return (sphereMean / backgroundMean - 1) / (trueRatio - 1);
    }

    /** Cold sphere: {@code 1 - C_sphere / C_background}; 1 is perfect recovery. */
    public static double coldContrastRecovery(double sphereMean, double backgroundMean) {
        return 1 - sphereMean / backgroundMean;
    }

    /** Background variability (coefficient of variation) of a region: std / mean. */
    public static double backgroundVariability(float[] image, boolean[] background) {
        return standardDeviation(image, background) / mean(image, background);
    }
}
