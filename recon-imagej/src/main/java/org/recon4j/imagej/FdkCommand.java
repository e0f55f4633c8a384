package org.recon4j.imagej;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import java.util.Locale;
import org.recon4j.InvalidInputException;
import org.recon4j.algorithm.DivergentBeamFbp;
import org.recon4j.filter.FilterWindow;
import org.recon4j.geometry.Angles;
import org.recon4j.geometry.ConeBeamGeometry;
import org.recon4j.geometry.VolumeGeometry;

/**
 * Plugins &gt; Recon4J &gt; FDK: cone-beam FDK on the active stack of flat-panel projections
 * (width = detector columns, height = rows, one slice a view), a circular orbit as
 * docs/CONVENTIONS.md defines it. {@code run("FDK...", "angles=0:1:360 source_to_axis=500
 * source_to_detector=1000")}; other keys optional: the detector's spacings from the stack's
 * calibration, the volume as many voxels as columns (and rows, in z) of the size one column has at
 * the axis. The volume comes in eight slabs (each filters every projection again, so not more),
 * with Esc between them.
 */
public final class FdkCommand implements PlugIn {
    @Override
    public void run(String argument) {
        // ImageJ's own message and the macro stopped when no image is open
        ImagePlus projections = IJ.getImage();
        int columns = projections.getWidth();
        int rows = projections.getHeight();
        int views = projections.getStackSize();
        double columnSpacing = Results.pixelWidth(projections);
        double rowSpacing = Results.pixelHeight(projections);
        GenericDialog dialog = new GenericDialog("FDK");
        dialog.addStringField("Angles", String.format(Locale.ROOT, "0:%s:%d", Double.toString(360.0 / views), views), 16);
        dialog.addMessage("START:STEP:COUNT in degrees; COUNT = the stack size (" + views + " views)");
        dialog.addNumericField("Source_to_axis", 0, 2, 8, "mm");
        dialog.addNumericField("Source_to_detector", 0, 2, 8, "mm");
        dialog.addChoice("Filter", SinogramCommand.FILTERS, SinogramCommand.FILTERS[0]);
        dialog.addNumericField("Cutoff", 1, 2);
        dialog.addNumericField("Column_spacing", columnSpacing, 4, 8, "mm");
        dialog.addNumericField("Row_spacing", rowSpacing, 4, 8, "mm");
        dialog.addNumericField("Column_offset", 0, 3, 8, "mm");
        dialog.addNumericField("Row_offset", 0, 3, 8, "mm");
        dialog.addNumericField("Size", columns, 0, 8, "voxels in x and y");
        dialog.addNumericField("Slices", rows, 0, 8, "voxels in z");
        dialog.addNumericField("Pixel", 0, 4, 8, "mm (0: a column at the axis)");
        dialog.showDialog();
        if (dialog.wasCanceled()) {
            return;
        }
        String angles = dialog.getNextString();
        double sourceToAxis = dialog.getNextNumber();
        double sourceToDetector = dialog.getNextNumber();
        String filter = dialog.getNextChoice();
        double cutoff = dialog.getNextNumber();
        columnSpacing = dialog.getNextNumber();
        rowSpacing = dialog.getNextNumber();
        double columnOffset = dialog.getNextNumber();
        double rowOffset = dialog.getNextNumber();
        int size = (int) Math.round(dialog.getNextNumber());
        int slices = (int) Math.round(dialog.getNextNumber());
        double pixel = dialog.getNextNumber();
        try {
            double[] radians = Angles.radians(Angles.parseRange("Angles", angles));
            if (radians.length != views) {
                throw new InvalidInputException(String.format(Locale.ROOT,
                        "the angles give %d views, the stack has %d slices (one a view)", radians.length, views));
            }
            if (!(sourceToAxis > 0) || !(sourceToDetector > sourceToAxis)) {
                throw new InvalidInputException("Source_to_axis must be positive and Source_to_detector larger, found "
                        + sourceToAxis + " and " + sourceToDetector + " mm");
            }
            if (size < 1 || size > 4096 || slices < 1 || slices > 4096) {
                throw new InvalidInputException("Size and Slices must be 1 to 4096 voxels, found " + size + " and " + slices);
            }
            double voxel = pixel > 0 ? pixel : columnSpacing * sourceToAxis / sourceToDetector;
            ConeBeamGeometry geometry = ConeBeamGeometry.circular(radians, sourceToAxis, sourceToDetector, columns, rows,
                    columnSpacing, rowSpacing, columnOffset, rowOffset);
            VolumeGeometry grid = new VolumeGeometry(size, size, slices, voxel, voxel, voxel, 0, 0, 0);
            DivergentBeamFbp fdk = DivergentBeamFbp.fdk(geometry, grid, FilterWindow.parse(filter), cutoff, 0);
            ImagePlus result = reconstruct(fdk, projections, grid);
            if (result != null) {
                result.show();
            }
        } catch (InvalidInputException e) {
            SinogramCommand.refuse(e.getMessage());
        }
    }

    /** The volume in slabs of a few slices, or null when cancelled with Esc between them. */
    private static ImagePlus reconstruct(DivergentBeamFbp fdk, ImagePlus projections, VolumeGeometry grid) {
        int frame = projections.getWidth() * projections.getHeight();
        float[] data = new float[frame * projections.getStackSize()];
        for (int view = 0; view < projections.getStackSize(); view++) {
            float[] pixels = (float[]) projections.getStack().getProcessor(view + 1).convertToFloatProcessor().getPixels();
            System.arraycopy(pixels, 0, data, view * frame, frame);
        }
        float[] volume = new float[grid.voxelCount()];
        int slab = Math.max(1, (grid.nz() + 7) / 8);
        for (int first = 0; first < grid.nz(); first += slab) {
            if (IJ.escapePressed()) {
                IJ.showStatus("FDK cancelled");
                return null;
            }
            int count = Math.min(slab, grid.nz() - first);
            IJ.showStatus("FDK: slices " + (first + 1) + " to " + (first + count) + " of " + grid.nz());
            IJ.showProgress(first, grid.nz());
            float[] voxels = fdk.reconstructSlab(data, first, count, org.recon4j.Progress.NONE);
            System.arraycopy(voxels, 0, volume, first * grid.sliceSize(), voxels.length);
        }
        IJ.showProgress(1.0);
        return Results.stack("FDK of " + projections.getTitle(), volume, grid);
    }
}
