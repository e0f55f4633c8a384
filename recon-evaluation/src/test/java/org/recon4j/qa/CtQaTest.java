package org.recon4j.qa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.recon4j.InvalidInputException;
import org.recon4j.io.FloatVolume;

/**
 * The CT tests on images with known answers: a water cylinder with inserts whose edges carry a
 * Gaussian blur of known width (so a known MTF), white or filtered noise of known spectrum.
 */
class CtQaTest {
    private static final double PIXEL = 0.5;
    private static final int SIZE = 400;
    private static final double BLUR = 0.8;
    /** Inserts at 45 degrees, clear of the 12, 3, 6 and 9 o'clock regions: x, y (mm), radius (mm), HU. */
    private static final double[][] INSERTS = {{35, -35, 10, -1000}, {-35, -35, 10, 900}, {-35, 35, 10, 120},
        {35, 35, 10, -95}};

    /** A disc's edge blurred by a Gaussian: the 1D error function across it (curvature is negligible at these radii). */
    private static double edge(double distance, double radius) {
        return 0.5 * org.recon4j.util.Gaussian.erfc((distance - radius) / (BLUR * Math.sqrt(2)));
    }

    private static FloatVolume phantom(int slices, double noise, boolean inserts, long seed) {
        float[] data = new float[SIZE * SIZE * slices];
        SplittableRandom random = new SplittableRandom(seed);
        double centre = (SIZE - 1) / 2.0;
        for (int z = 0; z < slices; z++) {
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    double px = (x - centre) * PIXEL;
                    double py = (y - centre) * PIXEL;
                    double value = -1000 + 1000 * edge(Math.hypot(px, py), 80);
                    if (inserts) {
                        for (double[] insert : INSERTS) {
                            value += insert[3] * edge(Math.hypot(px - insert[0], py - insert[1]), insert[2]);
                        }
                    }
                    data[(z * SIZE + y) * SIZE + x] = (float) (value + noise * normal(random));
                }
            }
        }
        return new FloatVolume(new int[] {SIZE, SIZE, slices}, new double[] {PIXEL, PIXEL, PIXEL},
                new double[] {-centre * PIXEL, -centre * PIXEL, 0}, data);
    }

    private static double normal(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    @Test
    void waterInsertsNoiseAndTheMtfOfAKnownBlur() {
        CtImageQuality.Result result = CtImageQuality.measure(phantom(4, 10, true, 1),
                new CtImageQuality.Options(CtImageQuality.Phantom.INSERTS, 0, 3, 50, 0));
        assertEquals(0, result.waterHu(), 1);
        assertEquals(10, result.noiseHu(), 0.5);
        assertEquals(0, result.uniformityHu(), 2);
        assertEquals(80, result.phantomRadiusMm(), 0.5);
        assertEquals(0, result.centreXMm(), 0.1);
        assertEquals(4, result.inserts().size());
        for (double[] expected : INSERTS) {
            CtImageQuality.Insert found = result.inserts().stream()
                    .filter(insert -> Math.hypot(insert.xMm() - expected[0], insert.yMm() - expected[1]) < 1).findFirst()
                    .orElseThrow(() -> new AssertionError("no insert found at " + expected[0] + ", " + expected[1]));
            assertEquals(expected[3], found.meanHu(), 3);
            assertEquals(expected[2], found.radiusMm(), 0.5);
        }
        // a Gaussian blur of sigma has MTF exp(-2 pi^2 sigma^2 f^2)
        double mtf50 = Math.sqrt(Math.log(2) / 2) / (Math.PI * BLUR);
        double mtf10 = Math.sqrt(Math.log(10) / 2) / (Math.PI * BLUR);
        assertTrue(result.ttf().edge().startsWith("insert"), result.ttf().edge());
        assertEquals(-1000, result.ttf().contrastHu(), 30);
        assertEquals(mtf50, result.mtf50LpPerMm(), 0.04 * mtf50);
        assertEquals(mtf10, result.mtf10LpPerMm(), 0.05 * mtf10);
        // white noise: the 2D NPS integrates to its variance
        assertEquals(100, result.nps().varianceHu2(), 8);
    }

    @Test
    void aPlainWaterPhantomTakesItsTtfFromItsOwnEdge() {
        CtImageQuality.Result result = CtImageQuality.measure(phantom(2, 5, false, 2),
                new CtImageQuality.Options(CtImageQuality.Phantom.WATER, 0, 1, 50, 0));
        assertTrue(result.inserts().isEmpty());
        assertTrue(result.ttf().edge().startsWith("phantom edge"), result.ttf().edge());
        double mtf50 = Math.sqrt(Math.log(2) / 2) / (Math.PI * BLUR);
        assertEquals(mtf50, result.mtf50LpPerMm(), 0.04 * mtf50);
        assertEquals(5, result.noiseHu(), 0.3);
    }

    @Test
    void noisePowerSpectrumOfFilteredWhiteNoise() {
        // white noise of sigma 20 HU through a Gaussian of 2 pixels (1 mm), in 128-pixel regions: NPS = sigma^2 dx dy |H(f)|^2 with
        // H(f) = exp(-2 pi^2 s^2 f^2), so its radial mean frequency is 1 / (2 pi^1.5 s) (up to Nyquist)
        int n = 512;
        double sigmaPixels = 2;
        SplittableRandom random = new SplittableRandom(7);
        float[] white = new float[n * n];
        for (int i = 0; i < white.length; i++) {
            white[i] = (float) (20 * normal(random));
        }
        float[] filtered = periodicBlur(white, n, sigmaPixels);
        List<double[]> slices = new ArrayList<>();
        double[] slice = new double[n * n];
        for (int i = 0; i < slice.length; i++) {
            slice[i] = filtered[i];
        }
        slices.add(slice);
        List<int[]> corners = new ArrayList<>();
        for (int y = 0; y + 128 <= n; y += 64) {
            for (int x = 0; x + 128 <= n; x += 64) {
                corners.add(new int[] {x, y});
            }
        }
        NoisePowerSpectrum.Result nps = NoisePowerSpectrum.measure(slices, n, corners, 128, PIXEL);
        double s = sigmaPixels * PIXEL;
        double variance = 400 / (4 * Math.PI * sigmaPixels * sigmaPixels);
        assertEquals(variance, nps.varianceHu2(), 0.1 * variance);
        assertEquals(1 / (2 * Math.pow(Math.PI, 1.5) * s), nps.meanFrequencyPerMm(), 0.1 / (2 * Math.pow(Math.PI, 1.5) * s));
        // each region less its plane loses power in the lowest rings (a known cost of detrending); beyond them, down to 7 % of the peak, the curve holds
        for (int ring = 4; ring <= 16; ring++) {
            double f = nps.frequencies()[ring];
            double expected = 400 * PIXEL * PIXEL * Math.exp(-4 * Math.PI * Math.PI * s * s * f * f);
            assertEquals(expected, nps.radial()[ring], 0.15 * expected, "NPS at " + f + " cycles/mm");
        }
    }

    @Test
    void sliceSensitivityProfileOfABeadBlurredAlongZ() {
        // a bead 2000 HU above water, Gaussian along z with sigma 1.2 mm on 0.5 mm slices: FWHM 2.83 mm
        FloatVolume volume = phantom(40, 5, false, 5);
        double sigmaZ = 1.2;
        for (int z = 0; z < 40; z++) {
            for (int y = 190; y < 210; y++) {
                for (int x = 250; x < 270; x++) {
                    double dx = (x - 260.2) * PIXEL;
                    double dy = (y - 199.7) * PIXEL;
                    double dz = (z - 18.4) * PIXEL;
                    volume.data()[(z * SIZE + y) * SIZE + x] += (float) (2000 * Math.exp(-0.5 * (dx * dx + dy * dy) / 0.16
                            - 0.5 * dz * dz / (sigmaZ * sigmaZ)));
                }
            }
        }
        CtImageQuality.Result result = CtImageQuality.measure(volume,
                new CtImageQuality.Options(CtImageQuality.Phantom.WATER, 0, 39, 50, 0, true));
        double fwhm = 2 * Math.sqrt(2 * Math.log(2)) * sigmaZ;
        assertEquals(fwhm, result.sliceSensitivity().fwhmMm(), 0.03 * fwhm);
        assertEquals(18.4 * PIXEL, result.sliceSensitivity().zMm(), 0.1);
        // the inserts run along z: no bead there, and the test says so
        InvalidInputException rod = assertThrows(InvalidInputException.class, () -> CtImageQuality.measure(phantom(12, 5, true, 6),
                new CtImageQuality.Options(CtImageQuality.Phantom.INSERTS, 0, 11, 50, 0, true)));
        assertTrue(rod.getMessage().startsWith("no bead found"), rod.getMessage());
    }

    @Test
    void anImageWithoutAPhantomIsRefusedInOneLine() {
        FloatVolume air = new FloatVolume(new int[] {64, 64, 1}, new double[] {1, 1, 1}, new double[3], filled(64 * 64, -1000));
        InvalidInputException failure = assertThrows(InvalidInputException.class,
                () -> CtImageQuality.measure(air, CtImageQuality.Options.defaults()));
        assertTrue(failure.getMessage().startsWith("no water phantom found"), failure.getMessage());
        InvalidInputException noInserts = assertThrows(InvalidInputException.class, () -> CtImageQuality.measure(
                phantom(1, 5, false, 3), new CtImageQuality.Options(CtImageQuality.Phantom.INSERTS, 0, 0, 50, 0)));
        assertTrue(noInserts.getMessage().startsWith("no inserts found"), noInserts.getMessage());
    }

    /** A separable Gaussian blur with wrap-around, so the noise stays stationary to the edges. */
    private static float[] periodicBlur(float[] image, int n, double sigma) {
        int reach = (int) Math.ceil(5 * sigma);
        double[] kernel = new double[2 * reach + 1];
        double total = 0;
        for (int k = -reach; k <= reach; k++) {
            kernel[k + reach] = Math.exp(-0.5 * k * k / (sigma * sigma));
            total += kernel[k + reach];
        }
        float[] rows = new float[image.length];
        float[] result = new float[image.length];
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                double sum = 0;
                for (int k = -reach; k <= reach; k++) {
                    sum += kernel[k + reach] / total * image[y * n + Math.floorMod(x + k, n)];
                }
                rows[y * n + x] = (float) sum;
            }
        }
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                double sum = 0;
                for (int k = -reach; k <= reach; k++) {
                    sum += kernel[k + reach] / total * rows[Math.floorMod(y + k, n) * n + x];
                }
                result[y * n + x] = (float) sum;
            }
        }
        return result;
    }

    private static float[] filled(int count, float value) {
        float[] values = new float[count];
        java.util.Arrays.fill(values, value);
        return values;
    }
}
