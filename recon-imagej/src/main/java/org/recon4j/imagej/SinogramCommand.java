package org.recon4j.imagej;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import ij.process.FloatProcessor;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.recon4j.InvalidInputException;
import org.recon4j.filter.FilterWindow;
import org.recon4j.geometry.Angles;
import org.recon4j.geometry.VolumeGeometry;

/**
 * What the sinogram commands share: the active stack as sinograms (width = bins, height = views,
 * one slice a slice), a dialog the macro recorder records (angles, the method's fields: FBP's filter
 * and cutoff or an iterative method's settings, detector offset,
 * bin spacing from the stack's calibration, output size and pixel, and the geometry's own fields),
 * the slices reconstructed one by one with progress in the status bar and Esc between them, and the
 * result as a calibrated 32-bit stack. Bad parameters give ImageJ's error message, one line.
 */
abstract class SinogramCommand implements PlugIn {
    /** The filter windows by the names the command line uses. */
    static final String[] FILTERS = {"ram-lak", "shepp-logan", "cosine", "hamming", "hann"};

    private final String title;
    private final double defaultArc;

    /**
     * @param title      the dialog's and the status bar's name, e.g. "Parallel FBP"
     * @param defaultArc the arc the default angles cover, in degrees
     */
    SinogramCommand(String title, double defaultArc) {
        this.title = title;
        this.defaultArc = defaultArc;
    }

    String title() {
        return title;
    }

    double defaultArc() {
        return defaultArc;
    }

    /** Adds the geometry's own fields after the common ones. */
    void addGeometryFields(GenericDialog dialog) {
    }

    /** Reads the geometry's own fields, in the order they were added. */
    void readGeometryFields(GenericDialog dialog) {
    }

    /** Adds the method's fields (FBP's filter and cutoff) after the angles. */
    void addMethodFields(GenericDialog dialog) {
        dialog.addChoice("Filter", FILTERS, FILTERS[0]);
        dialog.addNumericField("Cutoff", 1, 2);
    }

    /** Reads the method's fields, in the order they were added. */
    void readMethodFields(GenericDialog dialog) {
        window = FilterWindow.parse(dialog.getNextChoice());
        cutoff = dialog.getNextNumber();
    }

    /** FBP's filter window and cutoff, as the dialog set them. */
    FilterWindow window = FilterWindow.RAM_LAK;
    double cutoff = 1;

    /** The reconstruction of one sinogram onto {@code grid}, for these settings. */
    abstract UnaryOperator<float[]> reconstructor(double[] radians, int bins, double offset, double binSpacing,
                                                  VolumeGeometry grid);

    @Override
    public void run(String argument) {
        // ImageJ's own message and the macro stopped when no image is open
        ImagePlus sinograms = IJ.getImage();
        int bins = sinograms.getWidth();
        int views = sinograms.getHeight();
        double spacing = Results.pixelWidth(sinograms);
        GenericDialog dialog = new GenericDialog(title());
        dialog.addStringField("Angles", String.format(Locale.ROOT, "0:%s:%d", plain(defaultArc() / views), views), 16);
        dialog.addMessage("START:STEP:COUNT in degrees; COUNT = the image height (" + views + " views)");
        addMethodFields(dialog);
        dialog.addNumericField("Detector_offset", 0, 3, 8, "mm");
        dialog.addNumericField("Bin_spacing", spacing, 4, 8, "mm");
        dialog.addNumericField("Size", bins, 0, 8, "pixels");
        dialog.addNumericField("Pixel", spacing, 4, 8, "mm");
        addGeometryFields(dialog);
        dialog.showDialog();
        if (dialog.wasCanceled()) {
            return;
        }
        String angles = dialog.getNextString();
        try {
            readMethodFields(dialog);
        } catch (InvalidInputException e) {
            refuse(e.getMessage());
            return;
        }
        double offset = dialog.getNextNumber();
        double binSpacing = dialog.getNextNumber();
        int size = (int) Math.round(dialog.getNextNumber());
        double pixel = dialog.getNextNumber();
        readGeometryFields(dialog);
        try {
            double[] radians = Angles.radians(Angles.parseRange("Angles", angles));
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
            UnaryOperator<float[]> reconstruct = reconstructor(radians, bins, offset, binSpacing, VolumeGeometry.slice(size, pixel));
            ImagePlus result = reconstructSlices(sinograms, reconstruct, size, pixel);
            if (result != null) {
                result.show();
            }
        } catch (InvalidInputException e) {
            refuse(e.getMessage());
        }
    }

    /** Every slice, or null when cancelled with Esc. */
    private ImagePlus reconstructSlices(ImagePlus sinograms, UnaryOperator<float[]> reconstruct, int size, double pixel) {
        int slices = sinograms.getStackSize();
        ImageStack stack = new ImageStack(size, size);
        for (int slice = 1; slice <= slices; slice++) {
            if (IJ.escapePressed()) {
                IJ.showStatus(title() + " cancelled");
                return null;
            }
            IJ.showStatus(title() + ": slice " + slice + " of " + slices);
            IJ.showProgress(slice - 1, slices);
            float[] sinogram = (float[]) sinograms.getStack().getProcessor(slice).convertToFloatProcessor().getPixels();
            stack.addSlice(new FloatProcessor(size, size, reconstruct.apply(sinogram)));
        }
        IJ.showProgress(1.0);
        return Results.calibrated(new ImagePlus(title() + " of " + sinograms.getTitle(), stack),
                new VolumeGeometry(size, size, 1, pixel, pixel, pixel, 0, 0, 0));
    }

    private static String plain(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
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
}
