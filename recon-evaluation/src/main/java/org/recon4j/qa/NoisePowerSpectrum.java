package org.recon4j.qa;

import java.util.List;
import org.jtransforms.fft.DoubleFFT_2D;
import org.recon4j.InvalidInputException;

/**
 * The noise power spectrum of square regions of a uniform area (AAPM TG-233):
 * {@code NPS(fx, fy) = dx dy / (N N) <|DFT(ROI - plane)|^2>}, each region less its least-squares
 * plane (so that cupping is not noise), averaged over every region of every slice; its radial
 * average in rings one frequency step wide, and the mean frequency
 * {@code integral f NPS(f) df / integral NPS(f) df} of that radial curve up to Nyquist (trapezoids). The 2D spectrum integrates to the
 * noise variance (HU^2).
 */
public final class NoisePowerSpectrum {
    /** The radial NPS (HU^2 mm^2) by frequency (cycles/mm), with the figures derived from it. */
    public record Result(int roiSize, int roiCount, double[] frequencies, double[] radial, double meanFrequencyPerMm,
                         double peakFrequencyPerMm, double varianceHu2) {
    }

    private NoisePowerSpectrum() {
    }

    /**
     * @param regions the top-left corners {x, y} of the regions, each {@code size} pixels square, in every slice
     */
    public static Result measure(List<double[]> slices, int nx, List<int[]> regions, int size, double pixel) {
        if (regions.isEmpty() || slices.isEmpty()) {
            throw new InvalidInputException("the noise power spectrum needs at least one uniform region of " + size + " x "
                    + size + " pixels, found none");
        }
        double[][] power = new double[size][size];
        DoubleFFT_2D transform = new DoubleFFT_2D(size, size);
        int count = 0;
        for (double[] slice : slices) {
            for (int[] corner : regions) {
                double[][] roi = detrended(slice, nx, corner, size);
                double[][] complex = new double[size][2 * size];
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        complex[y][2 * x] = roi[y][x];
                    }
                }
                transform.complexForward(complex);
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        power[y][x] += complex[y][2 * x] * complex[y][2 * x] + complex[y][2 * x + 1] * complex[y][2 * x + 1];
                    }
                }
                count++;
            }
        }
        double scale = pixel * pixel / ((double) size * size * count);
        double step = 1 / (size * pixel);
        int rings = size / 2 + 1;
        double[] sum = new double[rings];
        int[] members = new int[rings];
        double variance = 0;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double value = power[y][x] * scale;
                variance += value * step * step;
                int fx = x <= size / 2 ? x : x - size;
                int fy = y <= size / 2 ? y : y - size;
                int ring = (int) Math.round(Math.hypot(fx, fy));
                if (ring < rings) {
                    sum[ring] += value;
                    members[ring]++;
                }
            }
        }
        double[] frequencies = new double[rings];
        double[] radial = new double[rings];
        for (int ring = 0; ring < rings; ring++) {
            frequencies[ring] = ring * step;
            radial[ring] = sum[ring] / members[ring];
        }
        // removing each region's mean leaves no power at zero frequency: the curve starts at its first ring's level
        radial[0] = radial[1];
        double weighted = 0;
        double total = 0;
        int peak = 0;
        for (int ring = 0; ring < rings; ring++) {
            double weight = ring == 0 || ring == rings - 1 ? 0.5 : 1;
            weighted += weight * frequencies[ring] * radial[ring];
            total += weight * radial[ring];
            peak = radial[ring] > radial[peak] ? ring : peak;
        }
        return new Result(size, count, frequencies, radial, weighted / total, frequencies[peak], variance);
    }

    /**
     * The region less its least-squares plane {@code a + b x + c y}. With x and y measured from
     * the region's centre the three terms are orthogonal over the square, so each coefficient is
     * a projection on its own: a the mean, b = sum(x v) / sum(x^2), c = sum(y v) / sum(y^2).
     */
    private static double[][] detrended(double[] slice, int nx, int[] corner, int size) {
        double centre = (size - 1) / 2.0;
        double sum = 0;
        double sumX = 0;
        double sumY = 0;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double value = slice[(corner[1] + y) * nx + corner[0] + x];
                sum += value;
                sumX += (x - centre) * value;
                sumY += (y - centre) * value;
            }
        }
        // sum over the square of (x - centre)^2: size times the sum over one line
        double squares = size * size * ((double) size * size - 1) / 12.0;
        double mean = sum / ((double) size * size);
        double slopeX = sumX / squares;
        double slopeY = sumY / squares;
        double[][] roi = new double[size][size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                roi[y][x] = slice[(corner[1] + y) * nx + corner[0] + x] - mean - slopeX * (x - centre) - slopeY * (y - centre);
            }
        }
        return roi;
    }
}
