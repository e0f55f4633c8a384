package org.recon4j.io;

import java.util.Arrays;
import org.recon4j.InvalidInputException;
import org.recon4j.geometry.VolumeGeometry;

/**
 * An image of 1 to 3 dimensions as it sits in a file: sizes (fastest first), spacing (mm),
 * the position of the first element's centre (mm) and a flat {@code float[]}, first axis fastest.
 * The arrays are held as given, not copied: this is a carrier between files and algorithms.
 */
public record FloatVolume(int[] size, double[] spacing, double[] origin, float[] data) {

    public FloatVolume {
        if (size.length < 1 || size.length > 3 || spacing.length != size.length || origin.length != size.length) {
            throw new InvalidInputException("an image needs 1 to 3 dimensions with as many spacings and origins, found "
                    + size.length + " sizes, " + spacing.length + " spacings, " + origin.length + " origins");
        }
        long count = 1;
        for (int s : size) {
            count *= s;
        }
        if (count != data.length) {
            throw new InvalidInputException("image size " + Arrays.toString(size) + " needs " + count
                    + " values, found " + data.length);
        }
    }

    /** A volume with unit spacing and its first element at the origin. */
    public static FloatVolume of(float[] data, int... size) {
        double[] spacing = new double[size.length];
        Arrays.fill(spacing, 1.0);
        return new FloatVolume(size.clone(), spacing, new double[size.length], data);
    }

    /** A reconstructed volume on {@code grid}: 3 dimensions, or 2 when the grid has one slice. */
    public static FloatVolume of(VolumeGeometry grid, float[] data) {
        double[] origin = grid.origin();
        if (grid.nz() == 1) {
            return new FloatVolume(new int[] {grid.nx(), grid.ny()}, new double[] {grid.dx(), grid.dy()},
                    new double[] {origin[0], origin[1]}, data);
        }
        return new FloatVolume(new int[] {grid.nx(), grid.ny(), grid.nz()},
                new double[] {grid.dx(), grid.dy(), grid.dz()}, origin, data);
    }

    public int dimensions() {
        return size.length;
    }

    /** Size along axis {@code axis}, 1 beyond the stored dimensions. */
    public int size(int axis) {
        return axis < size.length ? size[axis] : 1;
    }

    public double spacing(int axis) {
        return axis < spacing.length ? spacing[axis] : 1.0;
    }
}
