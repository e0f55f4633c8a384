package org.recon4j.imagej;

import ij.ImagePlus;
import ij.gui.GenericDialog;
import ij.measure.Calibration;
import ij.plugin.PlugIn;
import ij.process.FloatProcessor;
import java.util.Locale;
import org.recon4j.InvalidInputException;
import org.recon4j.geometry.ParallelBeamGeometry;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.phantom.Phantom2D;
import org.recon4j.phantom.SheppLogan;
import org.recon4j.phantom.TransmissionNoise;
import org.recon4j.phantom.WaterPhantom;

/**
 * Plugins &gt; Recon4J &gt; Phantom: the modified Shepp-Logan phantom (or the CT QA water phantom)
 * and its exact parallel-beam sinogram over [0, 180) degrees, optionally with transmission noise,
 * as two calibrated images, the sinogram in front ready for Parallel FBP.
 * {@code run("Phantom...", "phantom=shepp-logan size=256 views=180")}.
 */
public final class PhantomCommand implements PlugIn {
    private static final String[] PHANTOMS = {"shepp-logan", "water"};

    @Override
    public void run(String argument) {
        GenericDialog dialog = new GenericDialog("Phantom");
        dialog.addChoice("Phantom", PHANTOMS, PHANTOMS[0]);
        dialog.addNumericField("Size", 256, 0, 6, "pixels (and bins)");
        dialog.addNumericField("Views", 180, 0, 6, "over 180 degrees");
        dialog.addNumericField("Pixel", 1, 4, 8, "mm");
        dialog.addNumericField("Noise_photons", 0, 0, 10, "per ray (0: exact)");
        dialog.showDialog();
        if (dialog.wasCanceled()) {
            return;
        }
        String name = dialog.getNextChoice().toLowerCase(Locale.ROOT);
        int size = (int) Math.round(dialog.getNextNumber());
        int views = (int) Math.round(dialog.getNextNumber());
        double pixel = dialog.getNextNumber();
        double photons = dialog.getNextNumber();
        try {
            if (size < 8 || size > 8192 || views < 1 || views > 100000 || !(pixel > 0) || !(photons >= 0)) {
                throw new InvalidInputException(String.format(Locale.ROOT, "expected Size 8 to 8192, Views 1 to 100000, Pixel > 0"
                        + " and Noise_photons >= 0, found %d, %d, %s, %s", size, views, pixel, photons));
            }
            double radius = size * pixel / 2;
            Phantom2D phantom = name.equals("water") ? WaterPhantom.withInserts(radius) : SheppLogan.modified2D(radius);
            ParallelBeamGeometry geometry = ParallelBeamGeometry.uniform(views, Math.PI, size, pixel);
            float[] sinogram = phantom.sinogram(geometry);
            if (photons > 0) {
                sinogram = TransmissionNoise.apply(sinogram, photons, 0.02, 1);
            }
            ImagePlus image = new ImagePlus(name + " phantom", new FloatProcessor(size, size,
                    phantom.image(VolumeGeometry.slice(size, pixel), 4)));
            calibrate(image, pixel, pixel, (size - 1) / 2.0, (size - 1) / 2.0, "mm");
            ImagePlus projections = new ImagePlus(name + " sinogram", new FloatProcessor(size, views, sinogram));
            calibrate(projections, pixel, 180.0 / views, (size - 1) / 2.0, 0, "degree");
            image.show();
            projections.show();
        } catch (InvalidInputException e) {
            SinogramCommand.refuse(e.getMessage());
        }
    }

    private static void calibrate(ImagePlus image, double width, double height, double xOrigin, double yOrigin,
                                  String yUnit) {
        Calibration calibration = image.getCalibration();
        calibration.pixelWidth = width;
        calibration.pixelHeight = height;
        calibration.setXUnit("mm");
        calibration.setYUnit(yUnit);
        calibration.xOrigin = xOrigin;
        calibration.yOrigin = yOrigin;
    }
}
