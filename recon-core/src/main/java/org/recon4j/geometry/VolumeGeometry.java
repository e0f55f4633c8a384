package org.recon4j.geometry;

import org.recon4j.util.Checks;

/**
 * A regular voxel grid in patient coordinates (mm, DICOM LPS axes). Voxel centres are
 * {@code x_i = (i - (nx-1)/2) * dx + cx}, likewise y and z, so {@code (cx, cy, cz)} is the
 * position of the grid's centre. Data lives in a flat {@code float[]} indexed
 * {@code (z * ny + y) * nx + x}, x fastest; the row index grows with +y (posterior).
 */
public record VolumeGeometry(int nx, int ny, int nz,
                             double dx, double dy, double dz,
                             double cx, double cy, double cz) {

    public VolumeGeometry {
        Checks.elementCount("volume", Checks.positive("nx", nx), Checks.positive("ny", ny), Checks.positive("nz", nz));
        Checks.positiveFinite("voxel spacing dx", dx);
        Checks.positiveFinite("voxel spacing dy", dy);
        Checks.positiveFinite("voxel spacing dz", dz);
        Checks.finite("centre cx", cx);
        Checks.finite("centre cy", cy);
        Checks.finite("centre cz", cz);
    }

    /** One n x n slice of square pixels, centred on the rotation axis. */
    public static VolumeGeometry slice(int n, double pixel) {
        return new VolumeGeometry(n, n, 1, pixel, pixel, pixel, 0, 0, 0);
    }

    /** A stack of nz slices of n x n square pixels, slice spacing equal to the pixel size, centred. */
    public static VolumeGeometry stack(int n, int nz, double pixel) {
        return new VolumeGeometry(n, n, nz, pixel, pixel, pixel, 0, 0, 0);
    }

    public VolumeGeometry withCentre(double centreX, double centreY, double centreZ) {
        return new VolumeGeometry(nx, ny, nz, dx, dy, dz, centreX, centreY, centreZ);
    }

    public int voxelCount() {
        return nx * ny * nz;
    }

    public int sliceSize() {
        return nx * ny;
    }

    public double x(int i) {
        return (i - (nx - 1) / 2.0) * dx + cx;
    }

    public double y(int j) {
        return (j - (ny - 1) / 2.0) * dy + cy;
    }

    public double z(int k) {
        return (k - (nz - 1) / 2.0) * dz + cz;
    }

    /**
     * The largest in-plane distance (mm) from the rotation axis (x = y = 0) of a voxel centre
     * moved {@code voxels} voxel widths further out along x and y (0: centres, 0.5: corners).
     */
    public double reachFromAxis(double voxels) {
        double reachX = Math.max(Math.abs(x(0)), Math.abs(x(nx - 1))) + voxels * dx;
        double reachY = Math.max(Math.abs(y(0)), Math.abs(y(ny - 1))) + voxels * dy;
        return Math.hypot(reachX, reachY);
    }

    /** Position of the first voxel's centre, as MetaImage's Offset stores it. */
    public double[] origin() {
        return new double[] {x(0), y(0), z(0)};
    }
}
