package org.recon4j.filter;

import org.jtransforms.fft.FloatFFT_1D;
import org.recon4j.InvalidInputException;
import org.recon4j.util.Checks;

/**
 * The ramp filter of filtered back-projection, applied by FFT with zero padding.
 *
 * <p>The frequency response is the discrete Fourier transform of the band-limited spatial
 * ramp {@code h[0] = 1/(4 d^2)}, {@code h[n] = -1/(pi n d)^2} for odd n, 0 for even n
 * (Kak and Slaney, eq. 3.61), not a sampled {@code |f|}: sampling |f| leaves out the DC term
 * that a finite detector needs and shifts the reconstruction by a constant. A window from
 * {@link FilterWindow} then shapes it, and frequencies above the cut-off are removed.
 * Filtering a projection p gives {@code q[m] = d * sum_k p[k] h[m - k]}, so that
 * back-projecting q with the angular weights reconstructs image values.
 *
 * <p>An instance is immutable and may be shared; each thread passes its own work buffer
 * of {@link #paddedLength()} floats.
 */
public final class RampFilter {
    private final int binCount;
    private final int paddedLength;
    private final FilterWindow window;
    private final double cutoff;
    /**
     * Real frequency response for FFT bins 0..P/2, times the factor d of the convolution and 2/P:
     * JTransforms' unscaled {@code realInverse} returns P/2 times the input (Ooura's convention).
     */
    private final float[] response;
    private final FloatFFT_1D fft;

    /**
     * @param binCount   detector bins per projection row
     * @param binSpacing distance between bin centres (mm)
     * @param window     apodisation window
     * @param cutoff     cut-off frequency as a fraction of Nyquist, in (0, 1]
     */
    public RampFilter(int binCount, double binSpacing, FilterWindow window, double cutoff) {
        this(binCount, binSpacing, window, cutoff, false);
    }

    /**
     * The ramp for an equiangular (arc) fan detector with angular bin spacing
     * {@code angleStep} (radians): the spatial kernel becomes {@code (g / sin g)^2 h(g)} at fan
     * angle g (Kak and Slaney, eq. 3.105), so that filtering in angle equals filtering along a line.
     */
    public static RampFilter equiangular(int binCount, double angleStep, FilterWindow window, double cutoff) {
        return new RampFilter(binCount, angleStep, window, cutoff, true);
    }

    private RampFilter(int binCount, double binSpacing, FilterWindow window, double cutoff, boolean equiangular) {
        this.binCount = Checks.positive("detector bin count", binCount);
        Checks.positiveFinite("detector bin spacing", binSpacing);
        if (window == null) {
            throw new InvalidInputException("a filter window is required");
        }
        if (!(cutoff > 0 && cutoff <= 1)) {
            throw new InvalidInputException("filter cut-off must be in (0, 1] (a fraction of Nyquist), found " + cutoff);
        }
        this.window = window;
        this.cutoff = cutoff;
        this.paddedLength = paddedLength(binCount);
        this.response = buildResponse(paddedLength, binSpacing, window, cutoff, equiangular);
        this.fft = new FloatFFT_1D(paddedLength);
    }

    /** The power of two at least twice the bin count (and at least 64): no wrap-around overlap. */
    static int paddedLength(int binCount) {
        int length = 64;
        while (length < 2 * binCount) {
            length <<= 1;
        }
        return length;
    }

    private static float[] buildResponse(int length, double spacing, FilterWindow window, double cutoff,
                                         boolean equiangular) {
        double[] kernel = new double[2 * length];
        kernel[0] = 1.0 / (4 * spacing * spacing);
        for (int n = 1; n <= length / 2; n += 2) {
            double value = -1.0 / (Math.PI * Math.PI * n * n * spacing * spacing);
            if (equiangular) {
                double angle = n * spacing;
                double ratio = angle / Math.sin(angle);
                value *= ratio * ratio;
            }
            kernel[2 * n] = value;
            kernel[2 * (length - n)] = value;
        }
        new org.jtransforms.fft.DoubleFFT_1D(length).complexForward(kernel);
        float[] result = new float[length / 2 + 1];
        for (int k = 0; k <= length / 2; k++) {
            double frequency = (double) k / length;
            double r = frequency / (0.5 * cutoff);
            double shaped = r > 1 + 1e-12 ? 0 : kernel[2 * k] * window.value(Math.min(r, 1));
            result[k] = (float) (shaped * spacing * 2 / length);
        }
        return result;
    }

    public int binCount() {
        return binCount;
    }

    public int paddedLength() {
        return paddedLength;
    }

    public FilterWindow window() {
        return window;
    }

    public double cutoff() {
        return cutoff;
    }

    /** The response at FFT bin k of the padded length (0..P/2), for inspection and tests. */
    public double responseAt(int k) {
        return response[k] * (double) paddedLength / 2;
    }

    /**
     * Filters one projection row. Reads {@code binCount} values from {@code input[inputOffset..]}
     * and writes {@code binCount} filtered values to {@code output[outputOffset..]}, each times
     * {@code scale}. {@code work} must hold at least {@link #paddedLength()} floats.
     * Input and output may be the same array region.
     */
    public void filter(float[] input, int inputOffset, float[] output, int outputOffset, float scale, float[] work) {
        if (work.length < paddedLength) {
            throw new IllegalArgumentException("work buffer needs " + paddedLength + " floats, found " + work.length);
        }
        System.arraycopy(input, inputOffset, work, 0, binCount);
        java.util.Arrays.fill(work, binCount, paddedLength, 0f);
        fft.realForward(work);
        work[0] *= response[0];
        work[1] *= response[paddedLength / 2];
        for (int k = 1; k < paddedLength / 2; k++) {
            float gain = response[k];
            work[2 * k] *= gain;
            work[2 * k + 1] *= gain;
        }
        fft.realInverse(work, false);
        for (int m = 0; m < binCount; m++) {
            output[outputOffset + m] = work[m] * scale;
        }
    }
}
