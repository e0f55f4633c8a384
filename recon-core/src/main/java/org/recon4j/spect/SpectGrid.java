package org.recon4j.spect;

import org.recon4j.InvalidInputException;
import org.recon4j.geometry.SpectGeometry;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.util.Checks;

/**
 * The grid a SPECT acquisition is reconstructed on, and the cylindrical field of view inside it.
 * Clinical orbits hug the patient: a camera at 254 mm passes well inside the corners of a 128 x
 * 4.42 mm square, so only a cylinder about the rotation axis, inside every view's orbit, can be
 * reconstructed; voxels outside it stay 0.
 */
public final class SpectGrid {
    private SpectGrid() {
    }

    /**
     * The default grid: square voxels of the detector's column spacing, as many across as the
     * detector has columns, and the detector's axial extent in slices of {@code sliceSpacing}
     * (the row spacing when NaN). Centred on the axis and the detector's central row.
     */
    public static VolumeGeometry of(SpectGeometry geometry, int[] size, double pixel) {
        double in = Double.isNaN(pixel) ? geometry.columnSpacing() : Checks.positiveFinite("--pixel", pixel);
        double along = Double.isNaN(pixel) ? geometry.rowSpacing() : in;
        double axialExtent = geometry.rows() * geometry.rowSpacing();
        int nx = size == null ? (int) Math.round(geometry.columns() * geometry.columnSpacing() / in) : size[0];
        int ny = size == null ? nx : size[1];
        int nz = size != null && size.length == 3 ? size[2] : (int) Math.max(1, Math.round(axialExtent / along));
        return new VolumeGeometry(nx, ny, nz, in, in, along, 0, 0, 0);
    }

    /**
     * The default field of view: the largest cylinder about the axis inside every view's orbit,
     * less one voxel, so that no voxel reaches a collimator face.
     */
    public static double defaultRadius(SpectGeometry geometry, VolumeGeometry grid) {
        double radius = closestApproach(geometry) - Math.max(grid.dx(), grid.dy());
        if (!(radius > 0)) {
            throw new InvalidInputException(String.format("the camera passes within %.4g mm of the rotation axis; no field "
                    + "of view fits inside the orbit", closestApproach(geometry)));
        }
        return radius;
    }

    /** Refuses a field of view that reaches a collimator face. */
    public static void requireInsideOrbit(SpectGeometry geometry, double radius) {
        Checks.positiveFinite("field-of-view radius (mm)", radius);
        for (int view = 0; view < geometry.viewCount(); view++) {
            if (radius >= geometry.radius(view)) {
                throw new InvalidInputException(String.format("the field of view (radius %.4g mm) reaches the camera of view %d "
                        + "(radius %.4g mm); give a smaller --fov-radius", radius, view + 1, geometry.radius(view)));
            }
        }
    }

    /** The voxels whose centres lie within {@code radius} of the rotation axis (x = y = 0). */
    public static boolean[] cylinder(VolumeGeometry grid, double radius) {
        boolean[] inside = new boolean[grid.voxelCount()];
        double limit = radius * radius;
        for (int y = 0; y < grid.ny(); y++) {
            double dy = grid.y(y);
            for (int x = 0; x < grid.nx(); x++) {
                double dx = grid.x(x);
                if (dx * dx + dy * dy <= limit) {
                    for (int z = 0; z < grid.nz(); z++) {
                        inside[(z * grid.ny() + y) * grid.nx() + x] = true;
                    }
                }
            }
        }
        return inside;
    }

    private static double closestApproach(SpectGeometry geometry) {
        double closest = Double.POSITIVE_INFINITY;
        for (int view = 0; view < geometry.viewCount(); view++) {
            closest = Math.min(closest, geometry.radius(view));
        }
        return closest;
    }
}
