package org.recon4j.phantom;

import java.util.List;
import org.recon4j.geometry.ParallelBeamGeometry;
import org.recon4j.geometry.Rays;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.util.Parallel;

/** A sum of uniform ellipsoids, with exact line integrals along any line. */
public final class Phantom3D {
    private final List<Ellipsoid> ellipsoids;

    public Phantom3D(List<Ellipsoid> ellipsoids) {
        this.ellipsoids = List.copyOf(ellipsoids);
    }

    public List<Ellipsoid> ellipsoids() {
        return ellipsoids;
    }

    public double value(double x, double y, double z) {
        double sum = 0;
        for (Ellipsoid ellipsoid : ellipsoids) {
            if (ellipsoid.contains(x, y, z)) {
                sum += ellipsoid.value();
            }
        }
        return sum;
    }

    /** The integral along the line through p with direction d (need not be unit length). */
    public double lineIntegral(double px, double py, double pz, double dx, double dy, double dz) {
        double length = Math.sqrt(dx * dx + dy * dy + dz * dz);
        double ux = dx / length;
        double uy = dy / length;
        double uz = dz / length;
        double sum = 0;
        for (Ellipsoid ellipsoid : ellipsoids) {
            sum += ellipsoid.lineIntegral(px, py, pz, ux, uy, uz);
        }
        return sum;
    }

    /** The phantom on {@code grid}, each voxel the mean of {@code samples^3} point values. */
    public float[] image(VolumeGeometry grid, int samples) {
        return Voxeliser.average(grid, samples, samples, this::value);
    }

    /**
     * Exact parallel-beam sinograms, one for each slice of {@code volume} at height
     * {@code volume.z(k)}: {@code p[slice][view][bin]}.
     */
    public float[] parallelSinograms(ParallelBeamGeometry geometry, VolumeGeometry volume) {
        int bins = geometry.binCount();
        int views = geometry.viewCount();
        float[] sinograms = new float[volume.nz() * geometry.sinogramSize()];
        try (Parallel parallel = new Parallel(0)) {
            parallel.forEach(volume.nz() * views, index -> {
                int slice = index / views;
                int view = index % views;
                double theta = geometry.angle(view);
                double cos = Math.cos(theta);
                double sin = Math.sin(theta);
                double z = volume.z(slice);
                for (int bin = 0; bin < bins; bin++) {
                    double t = geometry.binPosition(bin);
                    sinograms[index * bins + bin] = (float) lineIntegral(t * cos, t * sin, z, -sin, cos, 0);
                }
            });
        }
        return sinograms;
    }

    /** Exact projections along every ray of {@code rays}, in the order the projection array stores them. */
    public float[] lineIntegrals(Rays rays) {
        float[] values = new float[rays.count()];
        try (Parallel parallel = new Parallel(0)) {
            parallel.forEach(rays.viewCount(), view -> {
                double[] ray = new double[6];
                for (int k = 0; k < rays.raysPerView(); k++) {
                    rays.ray(view, k, ray);
                    values[rays.index(view, k)] = (float) lineIntegral(ray[0], ray[1], ray[2], ray[3], ray[4], ray[5]);
                }
            });
        }
        return values;
    }
}
