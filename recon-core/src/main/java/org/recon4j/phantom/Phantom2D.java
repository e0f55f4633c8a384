package org.recon4j.phantom;

import java.util.List;
import org.recon4j.geometry.ParallelBeamGeometry;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.util.Checks;
import org.recon4j.util.Parallel;

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
        Checks.positive("samples per pixel side", samples);
        float[] image = new float[grid.voxelCount()];
        int sliceSize = grid.sliceSize();
        try (Parallel parallel = new Parallel(0)) {
            parallel.forEach(grid.ny(), row -> {
                for (int column = 0; column < grid.nx(); column++) {
                    double sum = 0;
                    for (int sy = 0; sy < samples; sy++) {
                        double y = grid.y(row) + ((sy + 0.5) / samples - 0.5) * grid.dy();
                        for (int sx = 0; sx < samples; sx++) {
                            double x = grid.x(column) + ((sx + 0.5) / samples - 0.5) * grid.dx();
                            sum += value(x, y);
                        }
                    }
                    image[row * grid.nx() + column] = (float) (sum / (samples * samples));
                }
            });
        }
        for (int slice = 1; slice < grid.nz(); slice++) {
            System.arraycopy(image, 0, image, slice * sliceSize, sliceSize);
        }
        return image;
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
