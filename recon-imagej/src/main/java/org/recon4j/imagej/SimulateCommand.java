package org.recon4j.imagej;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.GenericDialog;
import ij.measure.Calibration;
import ij.plugin.PlugIn;
import ij.process.FloatProcessor;
import java.util.Locale;
import org.recon4j.InvalidInputException;
import org.recon4j.geometry.Angles;
import org.recon4j.geometry.ParallelBeamGeometry;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.phantom.TransmissionNoise;
import org.recon4j.projector.JosephProjector;

/**
 * Plugins &gt; Recon4J &gt; Simulate: parallel-beam projections of the active image (each slice
 * one sinogram) by the library's Joseph projector, the image's pixel size from its calibration,
 * with transmission noise when a photon count is given. {@code run("Simulate...",
 * "angles=0:1:180 bins=256")}; the sinograms open ready for the reconstruction commands.
 */
public final class SimulateCommand implements PlugIn {
    @Override
    public void run(String argument) {
        // ImageJ's own message and the macro stopped when no image is open
        ImagePlus image = IJ.getImage();
        int width = image.getWidth();
        double pixel = Results.pixelWidth(image);
        GenericDialog dialog = new GenericDialog("Simulate");
        dialog.addStringField("Angles", "0:1:180", 16);
        dialog.addNumericField("Bins", width, 0, 8, "");
        dialog.addNumericField("Bin_spacing", pixel, 4, 8, "mm");
        dialog.addNumericField("Noise_photons", 0, 0, 10, "per ray (0: none)");
        dialog.addNumericField("Attenuation_per_unit", 0.02, 4, 8, "1/mm for an image value of 1 (noise model)");
        dialog.showDialog();
        if (dialog.wasCanceled()) {
            return;
        }
        String angles = dialog.getNextString();
        int bins = (int) Math.round(dialog.getNextNumber());
        double spacing = dialog.getNextNumber();
        double photons = dialog.getNextNumber();
        double perUnit = dialog.getNextNumber();
        try {
            if (image.getHeight() != width) {
                throw new InvalidInputException("expected a square image, found " + width + " x " + image.getHeight());
            }
            if (bins < 1 || bins > 16384 || !(spacing > 0) || !(photons >= 0) || !(perUnit > 0)) {
                throw new InvalidInputException(String.format(Locale.ROOT, "expected Bins 1 to 16384, Bin_spacing > 0, "
                        + "Noise_photons >= 0 and Attenuation_per_unit > 0, found %d, %s, %s, %s", bins, spacing, photons, perUnit));
            }
            double[] radians = Angles.radians(Angles.parseRange("Angles", angles));
            ParallelBeamGeometry geometry = ParallelBeamGeometry.of(radians, bins, spacing, 0);
            JosephProjector projector = JosephProjector.parallel(geometry, VolumeGeometry.slice(width, pixel), 0);
            ImageStack sinograms = new ImageStack(bins, radians.length);
            for (int slice = 1; slice <= image.getStackSize(); slice++) {
                IJ.showProgress(slice - 1, image.getStackSize());
                float[] values = (float[]) image.getStack().getProcessor(slice).convertToFloatProcessor().getPixels();
                float[] sinogram = new float[geometry.sinogramSize()];
                projector.forward(values, sinogram);
                if (photons > 0) {
                    sinogram = TransmissionNoise.apply(sinogram, photons, perUnit, slice);
                }
                sinograms.addSlice(new FloatProcessor(bins, radians.length, sinogram));
            }
            IJ.showProgress(1.0);
            ImagePlus result = new ImagePlus("sinogram of " + image.getTitle(), sinograms);
            Calibration sinogramCalibration = result.getCalibration();
            sinogramCalibration.pixelWidth = spacing;
            sinogramCalibration.setXUnit("mm");
            result.show();
        } catch (InvalidInputException e) {
            SinogramCommand.refuse(e.getMessage());
        }
    }
}
