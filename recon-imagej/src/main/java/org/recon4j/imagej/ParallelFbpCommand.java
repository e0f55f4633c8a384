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
import org.recon4j.algorithm.ParallelBeamFbp;
import org.recon4j.filter.FilterWindow;
import org.recon4j.geometry.Angles;
import org.recon4j.geometry.ParallelBeamGeometry;
import org.recon4j.geometry.VolumeGeometry;

/**
 * Plugins &gt; Recon4J &gt; Parallel FBP: the active stack as sinograms (width = bins, height =
 * views, one slice a slice) reconstructed by the library's parallel-beam FBP. Recorded and replayed
 * by the macro recorder: {@code run("Parallel FBP...", "angles=0:1:180 filter=ram-lak")}, other
 * keys optional with the command line's defaults; the bin spacing comes from the stack's pixel
 * width when it is calibrated. Bad parameters give ImageJ's error message, one line.
 */
public final class ParallelFbpCommand implements PlugIn {
    private static final String[] FILTERS = {"ram-lak", "shepp-logan", "cosine", "hamming", "hann"};

    @Override
    public void run(String argument) {
        ImagePlus sinograms = IJ.getImage();
        if (sinograms == null) {
            return;
        }
        int bins = sinograms.getWidth();
        int views = sinograms.getHeight();
        Calibration calibration = sinograms.getCalibration();
        double spacing = calibration.scaled() ? calibration.pixelWidth : 1;
        GenericDialog dialog = new GenericDialog("Parallel FBP");
        dialog.addStringField("Angles", String.format(Locale.ROOT, "0:%s:%d", plain(180.0 / views), views), 16);
        dialog.addMessage("START:STEP:COUNT in degrees; COUNT = the image height (" + views + " views)");
        dialog.addChoice("Filter", FILTERS, FILTERS[0]);
        dialog.addNumericField("Cutoff", 1, 2);
        dialog.addNumericField("Detector_offset", 0, 3, 8, "mm");
        dialog.addNumericField("Bin_spacing", spacing, 4, 8, "mm");
        dialog.addNumericField("Size", bins, 0, 8, "pixels");
        dialog.addNumericField("Pixel", spacing, 4, 8, "mm");
        dialog.showDialog();
        if (dialog.wasCanceled()) {
            return;
        }
        String angles = dialog.getNextString();
        String filter = dialog.getNextChoice();
        double cutoff = dialog.getNextNumber();
        double offset = dialog.getNextNumber();
        double binSpacing = dialog.getNextNumber();
        int size = (int) Math.round(dialog.getNextNumber());
        double pixel = dialog.getNextNumber();
        try {
            ImagePlus result = reconstruct(sinograms, Angles.radians(Angles.parseRange("Angles", angles)), FilterWindow.parse(filter), cutoff,
                    offset, binSpacing, size, pixel);
            if (result != null) {
                result.show();
            }
        } catch (InvalidInputException e) {
            refuse(e.getMessage());
        }
    }

    /**
     * ImageJ's error message: a dialog for a person, one line on the log (standard output in
     * {@code -batch} mode) with the macro stopped when a macro runs without a window to answer it.
     */
    static void refuse(String message) {
        if (ij.macro.Interpreter.isBatchMode() || IJ.getInstance() == null) {
            IJ.log("Recon4J: " + message);
            ij.Macro.abort();
        } else {
            IJ.error("Recon4J", message);
        }
    }

    private static String plain(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    /** The reconstruction of every slice, or null when cancelled with Esc. */
    static ImagePlus reconstruct(ImagePlus sinograms, double[] radians, FilterWindow window, double cutoff, double offset,
                                 double binSpacing, int size, double pixel) {
        int bins = sinograms.getWidth();
        int views = sinograms.getHeight();
        if (radians.length != views) {
            throw new InvalidInputException(String.format(Locale.ROOT,
                    "the angles give %d views, the image has %d rows (one a view)", radians.length, views));
        }
        if (size < 1 || size > 16384) {
            throw new InvalidInputException("Size must be 1 to 16384 pixels, found " + size);
        }
        if (!(pixel > 0) || !(binSpacing > 0) || !Double.isFinite(offset)) {
            throw new InvalidInputException("Pixel and Bin_spacing must be positive and the offset finite");
        }
        ParallelBeamGeometry geometry = ParallelBeamGeometry.of(radians, bins, binSpacing, offset);
        VolumeGeometry grid = VolumeGeometry.slice(size, pixel);
        ParallelBeamFbp fbp = new ParallelBeamFbp(geometry, grid, window, cutoff, 0);
        int slices = sinograms.getStackSize();
        ImageStack stack = new ImageStack(size, size);
        for (int slice = 1; slice <= slices; slice++) {
            if (IJ.escapePressed()) {
                IJ.showStatus("Parallel FBP cancelled");
                return null;
            }
            IJ.showStatus("Parallel FBP: slice " + slice + " of " + slices);
            IJ.showProgress(slice - 1, slices);
            float[] sinogram = (float[]) sinograms.getStack().getProcessor(slice).convertToFloatProcessor().getPixels();
            stack.addSlice(new FloatProcessor(size, size, fbp.reconstruct(sinogram)));
        }
        IJ.showProgress(1.0);
        ImagePlus result = new ImagePlus("FBP of " + sinograms.getTitle(), stack);
        Calibration calibration = result.getCalibration();
        calibration.pixelWidth = pixel;
        calibration.pixelHeight = pixel;
        calibration.pixelDepth = pixel;
        calibration.setUnit("mm");
        calibration.xOrigin = (size - 1) / 2.0;
        calibration.yOrigin = (size - 1) / 2.0;
        return result;
    }
}
