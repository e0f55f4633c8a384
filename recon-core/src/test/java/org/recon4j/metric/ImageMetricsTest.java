package org.recon4j.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.recon4j.InvalidInputException;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.phantom.SheppLogan;
import org.recon4j.testdata.ReferenceData;

class ImageMetricsTest {
    @Test
    void rmseAndPsnrOfAKnownError() {
        float[] reference = {0, 1, 2, 3};
        float[] image = {0.5f, 1.5f, 2.5f, 100};
        boolean[] mask = {true, true, true, false};
        assertEquals(0.5, ImageMetrics.rmse(image, reference, mask), 1e-12);
        assertEquals(20 * Math.log10(2 / 0.5), ImageMetrics.psnr(image, reference, mask), 1e-9);
    }

    @Test
    void ssimIsOneForIdenticalImagesAndFallsWithNoise() {
        VolumeGeometry grid = VolumeGeometry.slice(64, 1);
        float[] phantom = SheppLogan.modified2D(32).image(grid, 2);
        boolean[] mask = Mask.cylinder(grid, 30);
        assertEquals(1.0, ImageMetrics.ssim(phantom, phantom, mask, 64, 64), 1e-12);
        SplittableRandom random = new SplittableRandom(3);
        float[] noisy = phantom.clone();
        float[] noisier = phantom.clone();
        for (int i = 0; i < noisy.length; i++) {
            double gaussian = random.nextGaussian();
            noisy[i] += (float) (0.02 * gaussian);
            noisier[i] += (float) (0.1 * gaussian);
        }
        double mild = ImageMetrics.ssim(noisy, phantom, mask, 64, 64);
        double strong = ImageMetrics.ssim(noisier, phantom, mask, 64, 64);
        assertTrue(mild < 1 && strong < mild, mild + " then " + strong);
    }

    /**
     * scikit-image 0.19.3 structural_similarity(gaussian_weights=True, sigma=1.5,
     * use_sample_covariance=False, data_range=1, full=True) of its own iradon image against the
     * pixel-averaged phantom, its map averaged over r <= 100 (away from the borders, where the
     * two treat edges differently): 0.9627579.
     */
    @Test
    void ssimAgreesWithScikitImage() {
        VolumeGeometry grid = VolumeGeometry.slice(256, 1).withCentre(-0.5, -0.5, 0);
        float[] truth = SheppLogan.modified2D(128).image(grid, 4);
        float[] reconstruction = ReferenceData.floats(ReferenceData.SKIMAGE_RAMP_256, 256 * 256);
        boolean[] mask = Mask.cylinder(grid, 100);
        assertEquals(0.9627579, ImageMetrics.ssim(reconstruction, truth, mask, 256, 256), 1e-5);
    }

    @Test
    void mismatchedInputsAreRefused() {
        assertThrows(InvalidInputException.class,
                () -> ImageMetrics.rmse(new float[2], new float[3], new boolean[2]));
        assertThrows(InvalidInputException.class,
                () -> ImageMetrics.rmse(new float[2], new float[2], new boolean[2]));
        assertThrows(InvalidInputException.class,
                () -> ImageMetrics.ssim(new float[6], new float[6], Mask.all(6), 4, 1));
    }
}
