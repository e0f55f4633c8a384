package org.recon4j.phantom;

import java.util.List;
import org.recon4j.geometry.ParallelBeamGeometry;
import org.recon4j.geometry.VolumeGeometry;

/** A sum of uniform ellipses, with exact line integrals for test data free of any projector. */
public final class Phantom2D {
    private final List<Ellipse> ellipses;

    public Phantom2D(List<Ellipse> ellipses) {
        this.ellipses = List.copyOf(ellipses);
    }

    public List<Ellipse> ellipses() {
        return ellipses;
    }

    public double value(double x, double y) {
        double sum = 0;
        for (Ellipse ellipse : ellipses) {
            if (ellipse.contains(x, y)) {
                sum += ellipse.value();
            }
        }
        return sum;
    }

    public double lineIntegral(double theta, double t) {
        double sum = 0;
        for (Ellipse ellipse : ellipses) {
            sum += ellipse.lineIntegral(theta, t);
        }
        return sum;
    }

    /**
     * The phantom on every slice of {@code grid} (all slices equal), each pixel the mean of
     * {@code samples x samples} point values spread evenly over it.
     */
    public float[] image(VolumeGeometry grid, int samples) {
        return Voxeliser.average(grid, samples, 1, (x, y, z) -> value(x, y));
    }

    /** The exact sinogram {@code p[view][bin]}: line integrals through the bin centres. */
    public float[] sinogram(ParallelBeamGeometry geometry) {
        int bins = geometry.binCount();
        float[] sinogram = new float[geometry.sinogramSize()];
        for (int view = 0; view < geometry.viewCount(); view++) {
            double theta = geometry.angle(view);
            for (int bin = 0; bin < bins; bin++) {
                sinogram[view * bins + bin] = (float) lineIntegral(theta, geometry.binPosition(bin));
            }
        }
        return sinogram;
    }
}
