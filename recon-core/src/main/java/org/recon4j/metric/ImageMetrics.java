package org.recon4j.metric;

import org.recon4j.InvalidInputException;

/**
 * Image quality against a reference, over the voxels a mask selects. Sums run in double.
 *
 * <p>SSIM follows Wang et al. (2004): an 11 x 11 Gaussian window of sigma 1.5 pixels in each
 * slice, K1 = 0.01, K2 = 0.03, and the dynamic range L taken as the reference's max - min inside
 * the mask; the local SSIM map is averaged over the masked pixels. The window is cut at the image
 * edge and renormalised there. PSNR uses the same L as its peak.
 */
public final class ImageMetrics {
    private static final double K1 = 0.01;
    private static final double K2 = 0.03;
    private static final double SSIM_SIGMA = 1.5;
    private static final int SSIM_RADIUS = 5;

    private ImageMetrics() {
    }

    public static double rmse(float[] image, float[] reference, boolean[] mask) {
        check(image, reference, mask);
        double sum = 0;
        for (int i = 0; i < image.length; i++) {
            if (mask[i]) {
                double difference = (double) image[i] - reference[i];
                sum += difference * difference;
            }
        }
        return Math.sqrt(sum / Mask.count(mask));
    }

    /** Peak signal-to-noise ratio in dB, peak = the reference's range inside the mask. */
    public static double psnr(float[] image, float[] reference, boolean[] mask) {
        double range = range(reference, mask);
        return 20 * Math.log10(range / rmse(image, reference, mask));
    }

    /** Mean structural similarity over the masked voxels of each {@code nx x ny} slice. */
    public static double ssim(float[] image, float[] reference, boolean[] mask, int nx, int ny) {
        check(image, reference, mask);
        if ((long) nx * ny <= 0 || image.length % ((long) nx * ny) != 0) {
            throw new InvalidInputException("SSIM slice size " + nx + " x " + ny + " does not divide the "
                    + image.length + " values given");
        }
        double range = range(reference, mask);
        double c1 = (K1 * range) * (K1 * range);
        double c2 = (K2 * range) * (K2 * range);
        double[] kernel = gaussian(SSIM_RADIUS, SSIM_SIGMA);
        int sliceSize = nx * ny;
        double sum = 0;
        for (int offset = 0; offset < image.length; offset += sliceSize) {
            double[] meanA = blur(image, offset, nx, ny, kernel, null);
            double[] meanB = blur(reference, offset, nx, ny, kernel, null);
            double[] squareA = blur(image, offset, nx, ny, kernel, image);
            double[] squareB = blur(reference, offset, nx, ny, kernel, reference);
            double[] product = blur(image, offset, nx, ny, kernel, reference);
            for (int i = 0; i < sliceSize; i++) {
                if (!mask[offset + i]) {
                    continue;
                }
                double ma = meanA[i];
                double mb = meanB[i];
                double va = squareA[i] - ma * ma;
                double vb = squareB[i] - mb * mb;
                double cov = product[i] - ma * mb;
                sum += ((2 * ma * mb + c1) * (2 * cov + c2)) / ((ma * ma + mb * mb + c1) * (va + vb + c2));
            }
        }
        return sum / Mask.count(mask);
    }

    /**
     * The largest |value - reference| over the largest |reference|: how far two implementations of
     * one computation are apart, relative to the result's scale (0 when equal).
     */
    public static double maxRelativeDifference(float[] reference, float[] value) {
        requireSameLength(reference, value);
        double largest = 0;
        double difference = 0;
        for (int i = 0; i < reference.length; i++) {
            largest = Math.max(largest, Math.abs(reference[i]));
            difference = Math.max(difference, Math.abs(reference[i] - value[i]));
        }
        return largest == 0 ? difference : difference / largest;
    }

    /** ||value - reference|| / ||reference|| in the Euclidean norm. */
    public static double relativeL2(float[] reference, float[] value) {
        requireSameLength(reference, value);
        double difference = 0;
        double norm = 0;
        for (int i = 0; i < reference.length; i++) {
            difference += Math.pow(reference[i] - value[i], 2);
            norm += Math.pow(reference[i], 2);
        }
        return norm == 0 ? Math.sqrt(difference) : Math.sqrt(difference / norm);
    }

    private static void requireSameLength(float[] reference, float[] value) {
        if (reference.length != value.length) {
            throw new org.recon4j.InvalidInputException("images to compare must be the same size, found "
                    + reference.length + " and " + value.length + " values");
        }
    }

    private static double range(float[] values, boolean[] mask) {
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < values.length; i++) {
            if (mask[i]) {
                low = Math.min(low, values[i]);
                high = Math.max(high, values[i]);
            }
        }
        return high - low;
    }

    private static double[] gaussian(int radius, double sigma) {
        double[] kernel = new double[2 * radius + 1];
        for (int k = -radius; k <= radius; k++) {
            kernel[k + radius] = Math.exp(-0.5 * k * k / (sigma * sigma));
        }
        return kernel;
    }

    /** Normalised separable Gaussian mean of {@code a} (or of {@code a * b} when b is given) over one slice. */
    private static double[] blur(float[] a, int offset, int nx, int ny, double[] kernel, float[] b) {
        int radius = kernel.length / 2;
        double[] horizontal = new double[nx * ny];
        double[] horizontalWeight = new double[nx];
        for (int x = 0; x < nx; x++) {
            double weight = 0;
            for (int k = -radius; k <= radius; k++) {
                if (x + k >= 0 && x + k < nx) {
                    weight += kernel[k + radius];
                }
            }
            horizontalWeight[x] = weight;
        }
        for (int y = 0; y < ny; y++) {
            for (int x = 0; x < nx; x++) {
                double sum = 0;
                for (int k = Math.max(-radius, -x); k <= Math.min(radius, nx - 1 - x); k++) {
                    int index = offset + y * nx + x + k;
                    double value = b == null ? a[index] : (double) a[index] * b[index];
                    sum += kernel[k + radius] * value;
                }
                horizontal[y * nx + x] = sum / horizontalWeight[x];
            }
        }
        double[] result = new double[nx * ny];
        for (int y = 0; y < ny; y++) {
            double weight = 0;
            for (int k = Math.max(-radius, -y); k <= Math.min(radius, ny - 1 - y); k++) {
                weight += kernel[k + radius];
            }
            for (int x = 0; x < nx; x++) {
                double sum = 0;
                for (int k = Math.max(-radius, -y); k <= Math.min(radius, ny - 1 - y); k++) {
                    sum += kernel[k + radius] * horizontal[(y + k) * nx + x];
                }
                result[y * nx + x] = sum / weight;
            }
        }
        return result;
    }

    private static void check(float[] image, float[] reference, boolean[] mask) {
        if (image.length != reference.length || image.length != mask.length) {
            throw new InvalidInputException("metric inputs differ in size: image " + image.length
                    + ", reference " + reference.length + ", mask " + mask.length);
        }
        if (Mask.count(mask) == 0) {
            throw new InvalidInputException("the metric mask selects no voxel");
        }
    }
}
