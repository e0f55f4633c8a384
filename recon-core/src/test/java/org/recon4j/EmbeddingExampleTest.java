package org.recon4j;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recon4j.algorithm.ParallelBeamFbp;
import org.recon4j.filter.FilterWindow;
import org.recon4j.geometry.ParallelBeamGeometry;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.io.FloatVolume;
import org.recon4j.io.MetaImage;
import org.recon4j.metric.ImageMetrics;
import org.recon4j.metric.Mask;
import org.recon4j.phantom.Phantom2D;
import org.recon4j.phantom.SheppLogan;

/** The README's embedding example, compiled and run so that it stays true. */
class EmbeddingExampleTest {
    @TempDir
    Path folder;

    @Test
    void readmeExample() throws Exception {
        // --- README example start
        ParallelBeamGeometry geometry = ParallelBeamGeometry.uniform(360, Math.PI, 256, 1.0); // views, arc, bins, mm
        VolumeGeometry grid = VolumeGeometry.slice(256, 1.0);                                  // 256 x 256, 1 mm pixels
        Phantom2D phantom = SheppLogan.modified2D(128);                                         // radius 128 mm
        float[] sinogram = phantom.sinogram(geometry);                                          // exact line integrals

        ParallelBeamFbp fbp = new ParallelBeamFbp(geometry, grid, FilterWindow.HANN, 1.0, 0);   // 0 = all cores
        float[] image = fbp.reconstruct(sinogram);

        double rmse = ImageMetrics.rmse(image, phantom.image(grid, 4), Mask.cylinder(grid, 127));
        MetaImage.write(folder.resolve("fbp.mhd"), FloatVolume.of(grid, image), false);
        // --- README example end
        assertTrue(rmse < 0.05, "RMSE " + rmse);
        assertTrue(MetaImage.read(folder.resolve("fbp.mhd")).data().length == 256 * 256);
    }
}
