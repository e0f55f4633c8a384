package org.recon4j.imagej;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.FloatProcessor;
import org.recon4j.geometry.VolumeGeometry;

/** Reconstructions as ImageJ shows them: 32-bit stacks calibrated in mm with the origin at the grid's centre. */
final class Results {
    private Results() {
    }

    /** The image's calibrated pixel width (mm), 1 when it is not calibrated. */
    static double pixelWidth(ImagePlus image) {
        Calibration calibration = image.getCalibration();
        return calibration.scaled() ? calibration.pixelWidth : 1;
    }

    /** The image's calibrated pixel height (mm), 1 when it is not calibrated. */
    static double pixelHeight(ImagePlus image) {
        Calibration calibration = image.getCalibration();
        return calibration.scaled() ? calibration.pixelHeight : 1;
    }

    /** A volume {@code [z][y][x]} on {@code grid} as a calibrated stack. */
    static ImagePlus stack(String title, float[] volume, VolumeGeometry grid) {
        ImageStack stack = new ImageStack(grid.nx(), grid.ny());
        for (int z = 0; z < grid.nz(); z++) {
            float[] slice = new float[grid.sliceSize()];
            System.arraycopy(volume, z * grid.sliceSize(), slice, 0, slice.length);
            stack.addSlice(new FloatProcessor(grid.nx(), grid.ny(), slice));
        }
        return calibrated(new ImagePlus(title, stack), grid);
    }

    /** Sets the image's voxel size (mm) and its origin at the grid's centre, where the rotation axis passes. */
    static ImagePlus calibrated(ImagePlus image, VolumeGeometry grid) {
        Calibration calibration = image.getCalibration();
        calibration.pixelWidth = grid.dx();
        calibration.pixelHeight = grid.dy();
        calibration.pixelDepth = grid.dz();
        calibration.setUnit("mm");
        calibration.xOrigin = (grid.nx() - 1) / 2.0;
        calibration.yOrigin = (grid.ny() - 1) / 2.0;
        calibration.zOrigin = grid.nz() == 1 ? 0 : (grid.nz() - 1) / 2.0;
        return image;
    }
}
