package org.recon4j.phantom;

import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.util.Checks;
import org.recon4j.util.Parallel;

/** Point-defined objects on a voxel grid: each voxel the mean of evenly spread point samples. */
final class Voxeliser {
    /** A value at a point (mm). */
    @FunctionalInterface
    interface PointValue {
        double at(double x, double y, double z);
    }

    private Voxeliser() {
    }

    /**
     * Each voxel of {@code grid} as the mean of {@code samples x samples} points in its plane
     * times {@code samplesZ} along z, spread evenly over the voxel.
     */
    static float[] average(VolumeGeometry grid, int samples, int samplesZ, PointValue value) {
        Checks.positive("samples per voxel side", samples);
        float[] image = new float[grid.voxelCount()];
        double inverse = 1.0 / ((double) samples * samples * samplesZ);
        try (Parallel parallel = new Parallel(0)) {
            parallel.forEach(grid.nz() * grid.ny(), line -> {
                int slice = line / grid.ny();
                int row = line % grid.ny();
                for (int column = 0; column < grid.nx(); column++) {
                    double sum = 0;
                    for (int sz = 0; sz < samplesZ; sz++) {
                        double z = grid.z(slice) + ((sz + 0.5) / samplesZ - 0.5) * grid.dz();
                        for (int sy = 0; sy < samples; sy++) {
                            double y = grid.y(row) + ((sy + 0.5) / samples - 0.5) * grid.dy();
                            for (int sx = 0; sx < samples; sx++) {
                                sum += value.at(grid.x(column) + ((sx + 0.5) / samples - 0.5) * grid.dx(), y, z);
                            }
                        }
                    }
                    image[line * grid.nx() + column] = (float) (sum * inverse);
                }
            });
        }
        return image;
    }
}
