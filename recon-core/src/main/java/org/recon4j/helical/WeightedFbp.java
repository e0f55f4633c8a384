package org.recon4j.helical;

import java.util.concurrent.atomic.AtomicLong;
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
 * the weights. {@code W(q) = 1} for |q| &lt;= Q, falling as {@code cos^2(pi/2 (|q| - Q) / (1 - Q))}
 * to 0 at the detector's edge: Q near 1 uses most data (less noise), smaller Q suppresses cone
 * artefacts.
 *
 * <p>Instances are immutable; results do not depend on the thread count.
 */
public final class WeightedFbp {
    /** Stierstorfer's suggested Q for pitches up to about 1.5. */
    public static final double DEFAULT_Q = 0.7;
    private static final int WEIGHT_TABLE = 4096;

    private final HelicalGeometry geometry;
    private final VolumeGeometry volume;
    private final FilterWindow window;
    private final double cutoff;
    private final int threads;
    private final float[] weights;

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
        this.weights = new float[WEIGHT_TABLE + 1];
        for (int i = 0; i <= WEIGHT_TABLE; i++) {
            weights[i] = (float) weight((double) i / WEIGHT_TABLE, q);
        }
    }

    /**
     * Reconstructs the attenuation (1/mm for line integrals in mm) on the volume grid from
     * projections {@code [view][row][channel]} in the geometry's order.
     */
    public float[] reconstruct(float[] projections, Progress progress) {
        ParallelProjections rebinned = rebin(projections, (done, total) -> progress.update(done, 2L * total));
        float[] image = new float[volume.voxelCount()];
        AtomicLong rowsDone = new AtomicLong();
        int views = rebinned.views();
        double[] cos = new double[views];
        double[] sin = new double[views];
        for (int view = 0; view < views; view++) {
            cos[view] = Math.cos(rebinned.angle(view));
            sin[view] = Math.sin(rebinned.angle(view));
        }
        try (Parallel parallel = new Parallel(threads)) {
            parallel.forEach(volume.ny(), y -> {
                float[] numerator = new float[volume.nz()];
                float[] denominator = new float[volume.nz()];
                for (int x = 0; x < volume.nx(); x++) {
                    backProjectColumn(rebinned, cos, sin, x, y, image, numerator, denominator);
                }
                progress.update(views + views * rowsDone.incrementAndGet() / volume.ny(), 2L * views);
            });
        }
        Checks.allFinite("helical reconstruction", image);
        return image;
    }

    /**
     * The first half of the reconstruction: the projections ({@code [view][row][channel]})
     * rebinned to parallel rays and ramp filtered, for a back-projection elsewhere (recon-gpu's).
     */
    public ParallelProjections rebin(float[] projections, Progress progress) {
        return new ParallelRebinning(geometry).rebin(projections, window, cutoff, threads, progress);
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

    /** All slices of the voxel column at (x, y). */
    private void backProjectColumn(ParallelProjections p, double[] cosines, double[] sines, int x, int y, float[] image,
                                   float[] numerator, float[] denominator) {
        double px = volume.x(x);
        double py = volume.y(y);
        int nz = volume.nz();
        double z0 = volume.z(0);
        double dz = volume.dz();
        int bins = p.bins();
        int rows = p.rows();
        float[] values = p.values();
        float[] sourceZ = p.sourceZ();
        float[] lengths = p.rayLength();
        double radiusSquared = p.sourceToIsocentre() * p.sourceToIsocentre();
        double lastRow = p.firstRow() + (rows - 1) * p.rowSpacing();
        double middleRow = (rows - 1) / 2.0;
        double rowScale = WEIGHT_TABLE / middleRow;
        int half = p.anglesPerHalfTurn();
        int sliceSize = volume.nx() * volume.ny();
        for (int family = 0; family < half; family++) {
            int low = nz;
            int high = -1;
            for (int view = family; view < p.views(); view += half) {
                double cos = cosines[view];
                double sin = sines[view];
                double t = px * cos + py * sin;
                double bin = (t - p.firstBin()) / p.binSpacing();
                if (!(bin >= 0 && bin < bins - 1)) {
                    continue;
                }
                int n = (int) bin;
                float wn = (float) (bin - n);
                double along = -px * sin + py * cos + Math.sqrt(radiusSquared - t * t);
                double zSource = (1 - wn) * sourceZ[view * bins + n] + wn * sourceZ[view * bins + n + 1];
                double length = (1 - wn) * lengths[n] + wn * lengths[n + 1];
                double scale = length / along;
                int first = Math.max(0, (int) Math.ceil((zSource + p.firstRow() / scale - z0) / dz));
                int last = Math.min(nz - 1, (int) Math.floor((zSource + lastRow / scale - z0) / dz));
                if (first > last) {
                    continue;
                }
                low = Math.min(low, first);
                high = Math.max(high, last);
                int base = (view * bins + n) * rows;
                double row = ((z0 + first * dz - zSource) * scale - p.firstRow()) / p.rowSpacing();
                double rowStep = dz * scale / p.rowSpacing();
                for (int k = first; k <= last; k++, row += rowStep) {
                    int r = Math.min(Math.max((int) row, 0), rows - 2);
                    float wr = (float) Math.min(1, Math.max(0, row - r));
                    int a = base + r;
                    float value = (1 - wn) * ((1 - wr) * values[a] + wr * values[a + 1])
                            + wn * ((1 - wr) * values[a + rows] + wr * values[a + rows + 1]);
                    float position = (float) Math.min(WEIGHT_TABLE - 1e-3, Math.abs(row - middleRow) * rowScale);
                    int entry = (int) position;
                    float weight = weights[entry] + (position - entry) * (weights[entry + 1] - weights[entry]);
                    numerator[k] += weight * value;
                    denominator[k] += weight;
                }
            }
            for (int k = low; k <= high; k++) {
                if (denominator[k] > 0) {
                    image[k * sliceSize + y * volume.nx() + x] += numerator[k] / denominator[k];
                }
                numerator[k] = 0;
                denominator[k] = 0;
            }
        }
    }
}
