package org.recon4j.qa;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.recon4j.InvalidInputException;
import org.recon4j.io.FloatVolume;

/**
 * Tomographic uniformity of a reconstructed uniform cylinder. The cylinder is found by itself
 * (the largest round region above half the bright level of the slices' mean); the analysis uses
 * a disc of a fraction of its radius on the slices that hold it, less a tenth of them at each
 * end. Per slice, after NEMA NU 1's nine-point smoothing (weights 1 2 1 / 2 4 2 / 1 2 1): the
 * integral uniformity {@code 100 (max - min) / (max + min)} over the disc, and the differential
 * uniformity, the largest such figure over any five consecutive pixels of a row or column; and,
 * unsmoothed, the coefficient of variation. Rings: the mean of one-pixel annuli about the centre
 * on the slices' mean, each against the mean of the annuli three pixels inside and outside it,
 * so that a smooth trend (cupping) is not a ring.
 */
public final class TomographicUniformity {
    private static final int RING_REACH = 3;
    /** A ring must stand this many standard errors of its annulus mean above the local level. */
    private static final double RING_SIGNIFICANCE = 5;

    /** One slice's figures (percent). */
    public record Slice(int index, double integralUniformityPercent, double differentialUniformityPercent,
                        double coefficientOfVariationPercent, double mean) {
    }

    /**
     * The figures: the cylinder found (mm, in image coordinates), the slices used (from 0), the
     * worst integral and differential uniformity over them, the mean coefficient of variation,
     * and the ring profile (each annulus's deviation from its local level, percent of the mean).
     */
    public record Result(@JsonProperty("centre_x_mm") double centreXMm,
                         @JsonProperty("centre_y_mm") double centreYMm, double radiusMm, double roiRadiusMm, int firstSlice,
                         int lastSlice, List<Slice> slices, double integralUniformityPercent,
                         double differentialUniformityPercent, double coefficientOfVariationPercent, double[] ringRadiiMm,
                         double[] ringDeviationsPercent, double ringDeviationPercent, double ringRadiusMm,
                         double ringSignificance, boolean ringDetected) {
    }

    private TomographicUniformity() {
    }

    /**
     * @param roiFraction     the analysed disc's radius over the cylinder's (for example 0.75)
     * @param ringThreshold   a ring's least deviation (percent of the mean) to be reported as one
     */
    public static Result measure(FloatVolume image, double roiFraction, double ringThreshold) {
        if (!(roiFraction > 0 && roiFraction <= 1)) {
            throw new InvalidInputException("expected a region-of-interest fraction in (0, 1], found " + roiFraction);
        }
        int nx = image.size(0);
        int ny = image.size(1);
        int nz = image.size(2);
        int sliceSize = nx * ny;
        float[] data = image.data();
        double[] mean = new double[sliceSize];
        for (int z = 0; z < nz; z++) {
            for (int i = 0; i < sliceSize; i++) {
                mean[i] += data[z * sliceSize + i] / (double) nz;
            }
        }
        Components.Component cylinder = findCylinder(mean, nx, ny);
        double pixel = image.spacing(0);
        if (Math.abs(image.spacing(1) - pixel) > 1e-3 * pixel) {
            throw new InvalidInputException(String.format("expected square pixels, found %.4f x %.4f mm", pixel, image.spacing(1)));
        }
        double radius = cylinder.equivalentRadius();
        double roiRadius = roiFraction * radius;
        boolean[] roi = disc(nx, ny, cylinder.centreX(), cylinder.centreY(), roiRadius);
        int[] range = slicesInside(data, nx, ny, nz, roi);
        List<Slice> slices = new ArrayList<>();
        double worstIntegral = 0;
        double worstDifferential = 0;
        double variation = 0;
        double[] averaged = new double[sliceSize];
        for (int z = range[0]; z <= range[1]; z++) {
            double[] slice = new double[sliceSize];
            for (int i = 0; i < sliceSize; i++) {
                slice[i] = data[z * sliceSize + i];
                averaged[i] += slice[i] / (range[1] - range[0] + 1);
            }
            double[] smoothed = ninepoint(slice, nx, ny);
            Slice figures = new Slice(z, integral(smoothed, roi), differential(smoothed, roi, nx, ny),
                    coefficientOfVariation(slice, roi), meanOver(slice, roi));
            slices.add(figures);
            worstIntegral = Math.max(worstIntegral, figures.integralUniformityPercent());
            worstDifferential = Math.max(worstDifferential, figures.differentialUniformityPercent());
            variation += figures.coefficientOfVariationPercent() / (range[1] - range[0] + 1);
        }
        double[][] ring = ringProfile(averaged, nx, cylinder.centreX(), cylinder.centreY(), roiRadius);
        int worst = -1;
        for (int k = 0; k < ring[1].length; k++) {
            if (Double.isFinite(ring[1][k]) && (worst < 0 || Math.abs(ring[1][k]) > Math.abs(ring[1][worst]))) {
                worst = k;
            }
        }
        double deviation = worst < 0 ? Double.NaN : ring[1][worst];
        double significance = worst < 0 ? Double.NaN : ring[2][worst];
        double[] radii = new double[ring[0].length];
        for (int k = 0; k < radii.length; k++) {
            radii[k] = ring[0][k] * pixel;
        }
        double[] origin = image.origin();
        return new Result(origin[0] + cylinder.centreX() * pixel, origin[1] + cylinder.centreY() * image.spacing(1),
                radius * pixel, roiRadius * pixel, range[0], range[1], slices, worstIntegral, worstDifferential, variation, radii,
                ring[1], deviation, worst < 0 ? Double.NaN : radii[worst], significance,
                worst >= 0 && Math.abs(deviation) > ringThreshold && significance > RING_SIGNIFICANCE);
    }

    private static Components.Component findCylinder(double[] mean, int nx, int ny) {
        double[] sorted = mean.clone();
        Arrays.sort(sorted);
        double bright = sorted[(int) (0.98 * (sorted.length - 1))];
        if (!(bright > 0)) {
            throw new InvalidInputException("no uniform cylinder found: the image holds no positive values");
        }
        boolean[] mask = new boolean[mean.length];
        for (int i = 0; i < mean.length; i++) {
            mask[i] = mean[i] > 0.5 * bright;
        }
        List<Components.Component> regions = Components.label(mask, nx, ny);
        Components.Component largest = regions.isEmpty() ? null : regions.get(0);
        if (largest == null || largest.area() < 50 || largest.roundness(nx) < 0.6) {
            throw new InvalidInputException("no uniform cylinder found: expected one round region above half the image's bright "
                    + "level, at least 50 pixels, found " + (largest == null ? "none"
                    : String.format("%d pixels of roundness %.2f", largest.area(), largest.roundness(nx))));
        }
        return largest;
    }

    private static boolean[] disc(int nx, int ny, double centreX, double centreY, double radius) {
        boolean[] inside = new boolean[nx * ny];
        for (int y = 0; y < ny; y++) {
            for (int x = 0; x < nx; x++) {
                inside[y * nx + x] = Math.hypot(x - centreX, y - centreY) <= radius;
            }
        }
        return inside;
    }

    /** The slices whose disc mean is at least half the highest, less a tenth of them (at least one) at each end. */
    private static int[] slicesInside(float[] data, int nx, int ny, int nz, boolean[] roi) {
        int sliceSize = nx * ny;
        double[] means = new double[nz];
        double highest = 0;
        for (int z = 0; z < nz; z++) {
            double sum = 0;
            int count = 0;
            for (int i = 0; i < sliceSize; i++) {
                if (roi[i]) {
                    sum += data[z * sliceSize + i];
                    count++;
                }
            }
            means[z] = sum / count;
            highest = Math.max(highest, means[z]);
        }
        int first = 0;
        while (means[first] < 0.5 * highest) {
            first++;
        }
        int last = nz - 1;
        while (means[last] < 0.5 * highest) {
            last--;
        }
        int margin = nz == 1 ? 0 : Math.max(1, (last - first + 1) / 10);
        if (last - first < 2 * margin) {
            throw new InvalidInputException("the cylinder fills " + (last - first + 1) + " slices; the uniformity test needs at "
                    + "least " + (2 * margin + 1) + " (its ends are left out)");
        }
        return new int[] {first + margin, last - margin};
    }

    static double[] ninepoint(double[] slice, int nx, int ny) {
        double[] smoothed = new double[slice.length];
        for (int y = 0; y < ny; y++) {
            for (int x = 0; x < nx; x++) {
                double sum = 0;
                double weights = 0;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int xx = x + dx;
                        int yy = y + dy;
                        if (xx >= 0 && yy >= 0 && xx < nx && yy < ny) {
                            double weight = (2 - Math.abs(dx)) * (2 - Math.abs(dy));
                            sum += weight * slice[yy * nx + xx];
                            weights += weight;
                        }
                    }
                }
                smoothed[y * nx + x] = sum / weights;
            }
        }
        return smoothed;
    }

    private static double integral(double[] slice, boolean[] roi) {
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < slice.length; i++) {
            if (roi[i]) {
                low = Math.min(low, slice[i]);
                high = Math.max(high, slice[i]);
            }
        }
        return 100 * (high - low) / (high + low);
    }

    private static double differential(double[] slice, boolean[] roi, int nx, int ny) {
        double worst = 0;
        for (int line = 0; line < ny; line++) {
            worst = Math.max(worst, differentialAlong(slice, roi, line * nx, 1, nx));
        }
        for (int line = 0; line < nx; line++) {
            worst = Math.max(worst, differentialAlong(slice, roi, line, nx, ny));
        }
        return worst;
    }

    private static double differentialAlong(double[] slice, boolean[] roi, int start, int stride, int length) {
        double worst = 0;
        for (int i = 0; i + 4 < length; i++) {
            double low = Double.POSITIVE_INFINITY;
            double high = Double.NEGATIVE_INFINITY;
            boolean inside = true;
            for (int k = i; k < i + 5 && inside; k++) {
                int pixel = start + k * stride;
                inside = roi[pixel];
                low = Math.min(low, slice[pixel]);
                high = Math.max(high, slice[pixel]);
            }
            if (inside) {
                worst = Math.max(worst, 100 * (high - low) / (high + low));
            }
        }
        return worst;
    }

    private static double meanOver(double[] slice, boolean[] roi) {
        double sum = 0;
        int count = 0;
        for (int i = 0; i < slice.length; i++) {
            if (roi[i]) {
                sum += slice[i];
                count++;
            }
        }
        return sum / count;
    }

    private static double coefficientOfVariation(double[] slice, boolean[] roi) {
        double mean = meanOver(slice, roi);
        double squares = 0;
        int count = 0;
        for (int i = 0; i < slice.length; i++) {
            if (roi[i]) {
                squares += (slice[i] - mean) * (slice[i] - mean);
                count++;
            }
        }
        return 100 * Math.sqrt(squares / (count - 1)) / mean;
    }

    /** {radii (pixels), deviation from the local level (percent of the mean), significance} per annulus. */
    private static double[][] ringProfile(double[] image, int nx, double centreX, double centreY, double radius) {
        int annuli = (int) Math.floor(radius);
        double[] sum = new double[annuli];
        double[] squares = new double[annuli];
        int[] count = new int[annuli];
        double total = 0;
        int totalCount = 0;
        for (int i = 0; i < image.length; i++) {
            double distance = Math.hypot(i % nx - centreX, i / nx - centreY);
            int annulus = (int) Math.floor(distance);
            if (annulus < annuli) {
                sum[annulus] += image[i];
                squares[annulus] += image[i] * image[i];
                count[annulus]++;
                total += image[i];
                totalCount++;
            }
        }
        double overall = total / totalCount;
        double[] radii = new double[annuli];
        double[] deviation = new double[annuli];
        double[] significance = new double[annuli];
        for (int k = 0; k < annuli; k++) {
            radii[k] = k + 0.5;
            deviation[k] = Double.NaN;
            significance[k] = Double.NaN;
            if (k >= RING_REACH && k + RING_REACH < annuli && count[k] > 1) {
                double mean = sum[k] / count[k];
                double local = 0.5 * (sum[k - RING_REACH] / count[k - RING_REACH] + sum[k + RING_REACH] / count[k + RING_REACH]);
                double variance = Math.max(0, (squares[k] - count[k] * mean * mean) / (count[k] - 1));
                deviation[k] = 100 * (mean - local) / overall;
                significance[k] = Math.abs(mean - local) / Math.max(Math.sqrt(variance / count[k]), 1e-12 * Math.abs(overall));
            }
        }
        return new double[][] {radii, deviation, significance};
    }
}
