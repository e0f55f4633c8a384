package org.recon4j.qa;

import java.util.List;
import org.recon4j.InvalidInputException;

/**
 * The task transfer function from a circular edge (AAPM TG-233; Richard et al., Med Phys 39,
 * 4115, 2012): pixels about the edge are binned by their distance from the disc's centre into a
 * supersampled edge spread function, averaged over slices; its derivative, the line spread
 * function, is tapered by a Hann window over the analysed range, and the magnitude of its
 * Fourier transform over its sum is the TTF. MTF50 and MTF10 are where it first falls to 0.5
 * and 0.1 (linear interpolation).
 */
public final class TaskTransferFunction {
    /** Bins per pixel of the edge spread function. */
    private static final int SUPERSAMPLING = 10;
    private static final int FREQUENCY_REFINEMENT = 4;

    /**
     * The TTF of one edge: frequencies (cycles/mm) and values, the edge spread function (distance
     * in mm from the edge, HU), the contrast across the edge (HU) and the 50 % and 10 % frequencies.
     */
    public record Result(String edge, double radiusMm, double contrastHu, double[] frequencies, double[] ttf,
                         double[] edgeDistancesMm, double[] edgeSpread, double mtf50LpPerMm, double mtf10LpPerMm) {
    }

    private TaskTransferFunction() {
    }

    /**
     * @param slices    the slices (HU) that hold the edge at the same place
     * @param centreX   the disc's centre (pixels)
     * @param radius    the disc's radius (pixels)
     * @param reach     how far each side of the edge to look (pixels)
     * @param pixel     the pixel size (mm)
     */
    public static Result measure(String edge, List<double[]> slices, int nx, double centreX, double centreY, double radius,
                                 double reach, double pixel) {
        double step = 1.0 / SUPERSAMPLING;
        int bins = (int) Math.ceil(2 * reach / step);
        double start = radius - reach;
        double[] sum = new double[bins];
        int[] count = new int[bins];
        for (double[] slice : slices) {
            for (int i = 0; i < slice.length; i++) {
                double distance = Math.hypot(i % nx - centreX, i / nx - centreY);
                int bin = (int) Math.floor((distance - start) / step);
                if (bin >= 0 && bin < bins) {
                    sum[bin] += slice[i];
                    count[bin]++;
                }
            }
        }
        double[] spread = fillGaps(sum, count, edge);
        double inside = meanOf(spread, 0, bins / 4);
        double outside = meanOf(spread, bins - bins / 4, bins);
        double contrast = inside - outside;
        int half = bins / 2;
        double[] lsf = new double[bins];
        for (int k = 1; k < bins - 1; k++) {
            double window = 0.5 * (1 + Math.cos(Math.PI * (k - half) / half));
            lsf[k] = window * (spread[k - 1] - spread[k + 1]) / (2 * step * pixel);
        }
        double spacing = step * pixel;
        // the transform is evaluated directly, four times finer than the range's own resolution
        double resolution = 1 / (FREQUENCY_REFINEMENT * bins * spacing);
        int frequencies = (int) Math.floor(1 / (2 * pixel) / resolution) + 1;
        double[] frequency = new double[frequencies];
        double[] ttf = new double[frequencies];
        double dc = 0;
        for (double value : lsf) {
            dc += value;
        }
        if (dc == 0) {
            throw new InvalidInputException(edge + ": no edge found (no contrast across it)");
        }
        for (int j = 0; j < frequencies; j++) {
            frequency[j] = j * resolution;
            double real = 0;
            double imaginary = 0;
            for (int k = 0; k < bins; k++) {
                double phase = 2 * Math.PI * frequency[j] * (k - half) * spacing;
                real += lsf[k] * Math.cos(phase);
                imaginary -= lsf[k] * Math.sin(phase);
            }
            ttf[j] = Math.hypot(real, imaginary) / Math.abs(dc);
        }
        double[] distances = new double[bins];
        for (int k = 0; k < bins; k++) {
            distances[k] = (start + (k + 0.5) * step - radius) * pixel;
        }
        return new Result(edge, radius * pixel, contrast, frequency, ttf, distances, spread, crossing(frequency, ttf, 0.5),
                crossing(frequency, ttf, 0.1));
    }

    /** Bin means, with empty bins (near the centre of small discs) taken from their nearest filled neighbours. */
    private static double[] fillGaps(double[] sum, int[] count, String edge) {
        double[] mean = new double[sum.length];
        int filled = 0;
        for (int k = 0; k < sum.length; k++) {
            mean[k] = count[k] > 0 ? sum[k] / count[k] : Double.NaN;
            filled += count[k] > 0 ? 1 : 0;
        }
        if (filled < 2) {
            throw new InvalidInputException(edge + ": too few pixels about the edge to measure its spread");
        }
        for (int k = 0; k < mean.length; k++) {
            if (Double.isNaN(mean[k])) {
                int before = k - 1;
                while (before >= 0 && count[before] == 0) {
                    before--;
                }
                int after = k + 1;
                while (after < mean.length && count[after] == 0) {
                    after++;
                }
                mean[k] = before < 0 ? sum[after] / count[after] : after >= mean.length ? sum[before] / count[before]
                        : sum[before] / count[before] + (sum[after] / count[after] - sum[before] / count[before])
                                * (k - before) / (after - before);
            }
        }
        return mean;
    }

    private static double meanOf(double[] values, int from, int to) {
        double sum = 0;
        for (int k = from; k < to; k++) {
            sum += values[k];
        }
        return sum / Math.max(1, to - from);
    }

    /** The first frequency where the curve falls to {@code level}; NaN when it never does below Nyquist. */
    static double crossing(double[] frequency, double[] curve, double level) {
        for (int j = 1; j < curve.length; j++) {
            if (curve[j] <= level && curve[j - 1] > level) {
                return frequency[j - 1] + (curve[j - 1] - level) / (curve[j - 1] - curve[j]) * (frequency[j] - frequency[j - 1]);
            }
        }
        return Double.NaN;
    }
}
