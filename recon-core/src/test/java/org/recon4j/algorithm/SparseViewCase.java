package org.recon4j.algorithm;

import org.recon4j.geometry.ParallelBeamGeometry;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.metric.Mask;
import org.recon4j.phantom.Phantom2D;
import org.recon4j.phantom.SheppLogan;
import org.recon4j.projector.JosephProjector;
import org.recon4j.projector.Projector;

/**
 * The sparse-view case the iterative tests share: 60 parallel views over 180 degrees of the
 * modified Shepp-Logan phantom on 128 x 128, with the exact closed-form sinogram (no inverse
 * crime: the projector never made the data).
 */
final class SparseViewCase {
    static final int SIZE = 128;
    static final int VIEWS = 60;
    static final VolumeGeometry GRID = VolumeGeometry.slice(SIZE, 1);
    static final ParallelBeamGeometry GEOMETRY = ParallelBeamGeometry.uniform(VIEWS, Math.PI, SIZE, 1);
    static final Phantom2D PHANTOM = SheppLogan.modified2D(SIZE / 2.0);
    static final Projector PROJECTOR = JosephProjector.parallel(GEOMETRY, GRID, 0);
    static final float[] SINOGRAM = PHANTOM.sinogram(GEOMETRY);
    static final float[] TRUTH = PHANTOM.image(GRID, 4);
    /** The circle every view sees, less a pixel. */
    static final boolean[] MASK = Mask.cylinder(GRID, SIZE / 2.0 - 1);

    private SparseViewCase() {
    }

    /** Runs {@code iterations} iterations and returns every report. */
    static java.util.List<IterationReport> record(IterativeReconstruction method, int iterations) {
        java.util.List<IterationReport> reports = new java.util.ArrayList<>();
        method.addListener(reports::add);
        method.run(iterations);
        return reports;
    }
}
