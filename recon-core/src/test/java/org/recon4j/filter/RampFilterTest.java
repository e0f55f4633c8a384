package org.recon4j.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.recon4j.InvalidInputException;

class RampFilterTest {
    private static final double TOLERANCE = 1e-5;

    /** Direct spatial convolution with the band-limited ramp, in double: the oracle. */
    private static double[] referenceRamLak(float[] projection, double spacing) {
        int n = projection.length;
        double[] result = new double[n];
        for (int m = 0; m < n; m++) {
            double sum = 0;
            for (int k = 0; k < n; k++) {
                int distance = Math.abs(m - k);
                double kernel = distance == 0 ? 1 / (4 * spacing * spacing)
                        : distance % 2 == 1 ? -1 / (Math.PI * Math.PI * distance * distance * spacing * spacing) : 0;
                sum += projection[k] * kernel;
            }
            result[m] = spacing * sum;
        }
        return result;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 64, 100, 257})
    void ramLakEqualsTheSpatialConvolution(int bins) {
        double spacing = 0.7;
        float[] projection = new float[bins];
        SplittableRandom random = new SplittableRandom(bins);
        for (int i = 0; i < bins; i++) {
            projection[i] = (float) random.nextDouble(-1, 2);
        }
        RampFilter filter = new RampFilter(bins, spacing, FilterWindow.RAM_LAK, 1.0);
        float[] output = new float[bins];
        filter.filter(projection, 0, output, 0, 1f, new float[filter.paddedLength()]);
        double[] expected = referenceRamLak(projection, spacing);
        double scale = 0;
        for (double value : expected) {
            scale = Math.max(scale, Math.abs(value));
        }
        for (int m = 0; m < bins; m++) {
            assertEquals(expected[m], output[m], TOLERANCE * scale, "bin " + m);
        }
    }

    @Test
    void responseIsTheRampWithItsDcTerm() {
        RampFilter filter = new RampFilter(256, 1.0, FilterWindow.RAM_LAK, 1.0);
        int length = filter.paddedLength();
        assertTrue(filter.responseAt(0) > 0, "a band-limited ramp keeps a small DC term");
        for (int k = length / 16; k <= length / 2; k += length / 16) {
            double frequency = (double) k / length;
            assertEquals(frequency, filter.responseAt(k), 2e-3, "at " + frequency + " cycles per bin");
        }
    }

    @Test
    void windowsShapeTheRampAtNyquist() {
        int bins = 128;
        double ramp = new RampFilter(bins, 1, FilterWindow.RAM_LAK, 1).responseAt(128);
        assertEquals(ramp * 2 / Math.PI, new RampFilter(bins, 1, FilterWindow.SHEPP_LOGAN, 1).responseAt(128), 1e-6);
        assertEquals(0, new RampFilter(bins, 1, FilterWindow.COSINE, 1).responseAt(128), 1e-6);
        assertEquals(ramp * 0.08, new RampFilter(bins, 1, FilterWindow.HAMMING, 1).responseAt(128), 1e-6);
        assertEquals(0, new RampFilter(bins, 1, FilterWindow.HANN, 1).responseAt(128), 1e-6);
    }

    @ParameterizedTest
    @EnumSource(FilterWindow.class)
    void cutoffRemovesHigherFrequencies(FilterWindow window) {
        RampFilter filter = new RampFilter(100, 1, window, 0.5);
        int length = filter.paddedLength();
        for (int k = length / 4 + 1; k <= length / 2; k++) {
            assertEquals(0, filter.responseAt(k), 0, "bin " + k);
        }
        assertTrue(filter.responseAt(length / 8) > 0);
    }

    @Test
    void paddingIsAPowerOfTwoAtLeastTwiceTheBins() {
        assertEquals(64, RampFilter.paddedLength(1));
        assertEquals(512, RampFilter.paddedLength(256));
        assertEquals(1024, RampFilter.paddedLength(257));
    }

    @Test
    void badParametersAreRefusedWithTheValueFound() {
        InvalidInputException cutoff = assertThrows(InvalidInputException.class,
                () -> new RampFilter(10, 1, FilterWindow.HANN, 0));
        assertTrue(cutoff.getMessage().contains("found 0.0"), cutoff.getMessage());
        assertThrows(InvalidInputException.class, () -> new RampFilter(10, 1, FilterWindow.HANN, 1.5));
        assertThrows(InvalidInputException.class, () -> new RampFilter(10, 1, FilterWindow.HANN, Double.NaN));
        assertThrows(InvalidInputException.class, () -> new RampFilter(10, 0, FilterWindow.HANN, 1));
        assertThrows(InvalidInputException.class, () -> new RampFilter(0, 1, FilterWindow.HANN, 1));
        InvalidInputException name = assertThrows(InvalidInputException.class, () -> FilterWindow.parse("gauss"));
        assertTrue(name.getMessage().contains("ram-lak, shepp-logan, cosine, hamming, hann"), name.getMessage());
    }

    @Test
    void filterNamesParseAsUsersWriteThem() {
        assertEquals(FilterWindow.RAM_LAK, FilterWindow.parse("ramp"));
        assertEquals(FilterWindow.SHEPP_LOGAN, FilterWindow.parse("Shepp_Logan"));
        assertEquals(FilterWindow.HANN, FilterWindow.parse("hanning"));
        for (FilterWindow window : FilterWindow.values()) {
            assertEquals(window, FilterWindow.parse(window.label()));
        }
    }
}
