package org.recon4j.helical;

import org.recon4j.InvalidInputException;
import org.recon4j.Progress;
import org.recon4j.filter.FilterWindow;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.util.Checks;
import org.recon4j.util.Parallel;

/**
 * Weighted filtered back-projection for helical multi-row CT (Stierstorfer, Rauscher, Boese,
 * Bruder, Schaller and Flohr 2004, Phys Med Biol 49:2209): the projections are rebinned to
 * parallel rays with the flying focal spot's positions interleaved and filtered row by row
 * ({@link ParallelRebinning}); each voxel then gathers, for every in-plane direction theta in
 * [0, pi), the rays of all turns that pass through it at theta or theta + pi, each weighted by
 * {@code W(q)} of its normalised row height q on the detector and the sum divided by the sum of
 * the weights (W is applied to the rebinned rows, so a ray read between two rows carries their
 * W interpolated as its value is). {@code W(q) = 1} for |q| &lt;= Q, falling as
 * {@code cos^2(pi/2 (|q| - Q) / (1 - Q))} to 0 at the detector's edge: Q near 1 uses most data (less noise), smaller Q suppresses cone
 * artefacts.
 *
 * <p>Instances are immutable; results do not depend on the thread count.
 */
public final class WeightedFbp {
    /** Stierstorfer's suggested Q for pitches up to about 1.5. */
    public static final double DEFAULT_Q = 0.7;

    private final HelicalGeometry geometry;
    private final VolumeGeometry volume;
    private final FilterWindow window;
    private final double cutoff;
    private final int threads;
    private final double q;

    public WeightedFbp(HelicalGeometry geometry, VolumeGeometry volume, FilterWindow window, double cutoff, double q,
                       int threads) {
        if (geometry == null || volume == null) {
            throw new InvalidInputException("weighted FBP needs a scan geometry and an image grid");
        }
        if (!(q >= 0 && q < 1)) {
            throw new InvalidInputException("the weighting parameter Q must be in [0, 1), found " + q);
        }
        double reach = Math.hypot(Math.abs(volume.x(0)) + volume.dx(), Math.abs(volume.y(0)) + volume.dy());
        if (reach >= geometry.sourceToIsocentre()) {
            throw new InvalidInputException(String.format(java.util.Locale.ROOT,
                    "the image grid reaches %.1f mm from the axis, beyond the source at %.1f mm", reach,
                    geometry.sourceToIsocentre()));
        }
        this.geometry = geometry;
        this.volume = volume;
        this.window = window;
        this.cutoff = cutoff;
        this.threads = Parallel.resolveThreads(threads);
        this.q = q;
    }

    /**
     * Reconstructs the attenuation (1/mm for line integrals in mm) on the volume grid from
     * projections {@code [view][row][channel]} in the geometry's order.
     */
    public float[] reconstruct(float[] projections, Progress progress) {
        return reconstructSlab(projections, 0, volume.nz(), progress);
    }

    /**
     * Slices {@code firstSlice} to {@code firstSlice + sliceCount - 1} of the volume grid, with the
     * same bits as those slices of the whole grid.
     */
    public float[] reconstructSlab(float[] projections, int firstSlice, int sliceCount, Progress progress) {
        if (firstSlice < 0 || sliceCount < 1 || firstSlice + sliceCount > volume.nz()) {
            throw new InvalidInputException("slices " + firstSlice + " to " + (firstSlice + sliceCount - 1)
                    + " are not within the grid's " + volume.nz());
        }
        double[] range = sourceRange(volume.z(firstSlice), volume.z(firstSlice + sliceCount - 1));
        ParallelProjections rebinned = new ParallelRebinning(geometry).rebin(projections, window, cutoff, q, threads,
                (done, total) -> progress.update(done, 2L * total), range[0], range[1]);
        long views = rebinned.views();
        float[] image = new WeightedBackProjection(volume).run(rebinned, firstSlice, sliceCount, threads,
                (done, total) -> progress.update(views + views * done / total, 2 * views));
        Checks.allFinite("helical reconstruction", image);
        return image;
    }

    /**
     * The first half of the reconstruction: the projections ({@code [view][row][channel]})
     * rebinned to parallel rays, ramp filtered and weighted by row, for a back-projection
     * elsewhere (recon-gpu's).
     */
    public ParallelProjections rebin(float[] projections, Progress progress) {
        double[] range = sourceRange(volume.z(0), volume.z(volume.nz() - 1));
        return new ParallelRebinning(geometry).rebin(projections, window, cutoff, q, threads, progress, range[0],
                range[1]);
    }

    /**
     * The focal centre z range whose rays can reach the grid: its slices widened by the
     * detector's half height seen from the farthest voxel, and by a tenth of a turn's feed for the
     * fan's spread of source positions.
     */
    private double[] sourceRange(double lowZ, double highZ) {
        MultiRowDetector d = geometry.detector();
        double height = Math.max(Math.abs(d.rowHeight(0)), Math.abs(d.rowHeight(d.rows() - 1))) + d.rowPitch();
        double reach = Math.hypot(Math.abs(volume.x(0)) + volume.dx(), Math.abs(volume.y(0)) + volume.dy());
        double margin = height * (geometry.sourceToIsocentre() + reach) / (d.sourceToDetector() * 0.9)
                + 0.1 * Math.abs(geometry.feedPerTurn()) + volume.dz();
        return new double[] {lowZ - margin, highZ + margin};
    }

    /** The weight of a ray at normalised row height {@code height} (0 at the centre, 1 at the edges). */
    public static double weight(double height, double q) {
        double magnitude = Math.abs(height);
        if (magnitude <= q) {
            return 1;
        }
        if (magnitude >= 1) {
            return 0;
        }
        double fall = Math.cos(Math.PI / 2 * (magnitude - q) / (1 - q));
        return fall * fall;
    }
}
