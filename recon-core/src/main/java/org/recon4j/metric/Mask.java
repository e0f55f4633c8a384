package org.recon4j.metric;

import org.recon4j.geometry.VolumeGeometry;

/** Region masks for metrics: {@code true} marks a voxel that counts. */
public final class Mask {
    private Mask() {
    }

    /**
     * Voxels whose centre lies within {@code radius} mm of the rotation axis (x = y = 0, where
     * every view sees the object), on every slice.
     */
    public static boolean[] cylinder(VolumeGeometry grid, double radius) {
        boolean[] mask = new boolean[grid.voxelCount()];
        double limit = radius * radius;
        for (int z = 0; z < grid.nz(); z++) {
            for (int y = 0; y < grid.ny(); y++) {
                double dy = grid.y(y);
                for (int x = 0; x < grid.nx(); x++) {
                    double dx = grid.x(x);
                    mask[(z * grid.ny() + y) * grid.nx() + x] = dx * dx + dy * dy <= limit;
                }
            }
        }
        return mask;
    }

    /** Every voxel. */
    public static boolean[] all(int count) {
        boolean[] mask = new boolean[count];
        java.util.Arrays.fill(mask, true);
        return mask;
    }

    static int count(boolean[] mask) {
        int count = 0;
        for (boolean inside : mask) {
            if (inside) {
                count++;
            }
        }
        return count;
    }
}
