package org.recon4j.algorithm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.recon4j.filter.FilterWindow;
import org.recon4j.geometry.ParallelBeamGeometry;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.metric.ImageMetrics;
import org.recon4j.metric.Mask;
import org.recon4j.phantom.Phantom2D;
import org.recon4j.phantom.SheppLogan;
import org.recon4j.testdata.ReferenceData;

/**
 * FBP judged without the inverse crime: on exact closed-form sinograms of the modified
 * Shepp-Logan phantom, against the pixel-averaged phantom, beside scikit-image's iradon of the
 * same data; and on projections written by ctsim, against ctsim's phantom.
 */
class ParallelBeamFbpAccuracyTest {
    /** Gap allowed between two float32/float64 implementations of the same linear FBP. */
    private static final double IMPLEMENTATION_TOLERANCE = 1e-5;

    /** The case scikit-image's reference images were made for: its axis at index N//2. */
    private record Case(ParallelBeamGeometry geometry, VolumeGeometry grid, float[] sinogram, float[] truth,
                        boolean[] mask) {
        static Case skimageGrid(int size, int views) {
            Phantom2D phantom = SheppLogan.modified2D(size / 2.0);
            ParallelBeamGeometry geometry = ParallelBeamGeometry.uniform(views, Math.PI, size, 1.0)
                    .withDetectorOffset(-0.5);
            VolumeGeometry grid = VolumeGeometry.slice(size, 1.0).withCentre(-0.5, -0.5, 0);
            boolean[] mask = Mask.cylinder(grid, size / 2.0 - 1);
            return new Case(geometry, grid, phantom.sinogram(geometry), phantom.image(grid, 4), mask);
        }

        float[] reconstruct(FilterWindow window) {
            return new ParallelBeamFbp(geometry, grid, window, 1.0, 0).reconstruct(sinogram);
        }
    }

    @ParameterizedTest(name = "{0} px, {1} views, {2}")
    @CsvSource({"256, 180, ram-lak, " + ReferenceData.SKIMAGE_RAMP_256,
                "256, 180, shepp-logan, " + ReferenceData.SKIMAGE_SHEPP_LOGAN_256,
                "512, 720, ram-lak, " + ReferenceData.SKIMAGE_RAMP_512})
    void matchesAndIsNoWorseThanScikitImage(int size, int views, String filter, String reference) {
        Case data = Case.skimageGrid(size, views);
        float[] image = data.reconstruct(FilterWindow.parse(filter));
        float[] skimage = ReferenceData.floats(reference, size * size);
        double ours = ImageMetrics.rmse(image, data.truth(), data.mask());
        double theirs = ImageMetrics.rmse(skimage, data.truth(), data.mask());
        double between = ImageMetrics.rmse(image, skimage, data.mask());
        System.out.printf("FBP %s %d px %d views: RMSE %.5f, scikit-image %.5f, difference %.2e%n",
                filter, size, views, ours, theirs, between);
        assertTrue(between < IMPLEMENTATION_TOLERANCE, "differs from scikit-image by RMSE " + between);
        assertTrue(ours <= theirs * (1 + 1e-3), "RMSE " + ours + " is worse than scikit-image's " + theirs);
    }

    @Test
    void everyWindowReconstructsThePhantomAndSmoothsMoreThanTheRamp() {
        Case data = Case.skimageGrid(128, 180);
        double previousNoiseGain = Double.POSITIVE_INFINITY;
        for (FilterWindow window : FilterWindow.values()) {
            float[] image = data.reconstruct(window);
            double rmse = ImageMetrics.rmse(image, data.truth(), data.mask());
            assertTrue(rmse < 0.08, window + " RMSE " + rmse);
            double gain = highFrequencyGain(window);
            assertTrue(gain <= previousNoiseGain + 1e-12, window + " passes more high frequencies than the one before");
            previousNoiseGain = gain;
        }
    }

    private static double highFrequencyGain(FilterWindow window) {
        org.recon4j.filter.RampFilter filter = new org.recon4j.filter.RampFilter(128, 1.0, window, 1.0);
        double sum = 0;
        for (int k = filter.paddedLength() / 4; k <= filter.paddedLength() / 2; k++) {
            sum += filter.responseAt(k);
        }
        return sum;
    }

    /**
     * scikit-image 0.19.3 iradon of the same ctsim file on the same grid and mask, computed
     * once with Debian's python3-skimage (linear interpolation, circle=False).
     */
    @ParameterizedTest(name = "{0}: RMSE no worse than scikit-image's {1}")
    @CsvSource({"ram-lak, 0.024309", "shepp-logan, 0.023478", "cosine, 0.029525", "hamming, 0.036256",
                "hann, 0.038383"})
    void reconstructsCtsimProjectionsAsWellAsScikitImage(String filter, double skimageRmse) {
        // ctsim: y up, axis and detector centre at index 128; negated angles and half-pixel
        // shifts put it on our grid (see the data's README), with rows in the same order
        int size = 256;
        int views = 180;
        float[] sinogram = ReferenceData.floats(ReferenceData.CTSIM_SINOGRAM, views * size);
        float[] phantom = ReferenceData.floats(ReferenceData.CTSIM_PHANTOM, size * size);
        double[] angles = new double[views];
        for (int v = 0; v < views; v++) {
            angles[v] = -v * Math.PI / views;
        }
        ParallelBeamGeometry geometry = ParallelBeamGeometry.of(angles, size, 1.0, -0.5);
        VolumeGeometry grid = VolumeGeometry.slice(size, 1.0).withCentre(-0.5, -0.5, 0);
        float[] image = new ParallelBeamFbp(geometry, grid, FilterWindow.parse(filter), 1.0, 0).reconstruct(sinogram);
        boolean[] mask = Mask.cylinder(grid, 127);
        double rmse = ImageMetrics.rmse(image, phantom, mask);
        System.out.printf("FBP %s of ctsim data: RMSE %.6f, scikit-image %.6f%n", filter, rmse, skimageRmse);
        assertTrue(rmse <= skimageRmse * (1 + 1e-3), "RMSE " + rmse + " vs scikit-image " + skimageRmse);
    }
}
