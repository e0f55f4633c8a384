package org.recon4j.helical;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.recon4j.Progress;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.util.FixedPoint;
import org.recon4j.util.Parallel;
import org.recon4j.util.RawFloats;

/**
 * The back-projection half of {@link WeightedFbp}, on Java threads. Each task takes a block of
 * {@value #TILE} x {@value #TILE} voxel columns (all the slices asked for) and goes through the
 * families of views (the views of one in-plane direction, half a turn apart) one by one, and
 * within a family column by column, so that the bins of the family's rebinned projections that
 * the block's rays meet stay in the cache; views whose cone cannot reach the slices are skipped.
 *
 * <p>A column's ray is the same line in every view of one direction, so its bin, its height
 * scale and its row step are worked out once a family and direction; each view adds only its
 * source's z. Per voxel, the weighted sum and the sum of weights over the family's views are
 * kept, and their quotient added when the family is done; the values come weighted by row
 * ({@link ParallelProjections}), so the weight sum interpolates the rows' weights as the values
 * are. A voxel column meets a view's rows on a straight line, so the row walks down the column in
 * 32.32 fixed point: no float-to-int conversion and, after a range proof, no bounds checks in the
 * loop. Each voxel adds its families in the order of their index among all the scan's views and
 * each slice's row is the grid's first slice's row plus whole steps, so a z-slab of a grid has
 * the whole grid's bits. Voxels beyond the field of view stay 0.
 */
final class WeightedBackProjection {
    private static final int TILE = 32;
    private static final double EDGE = 0.001;
    /** The weight sums start here, not at 0, so a voxel no ray reached divides 0 by it: far below any ray's weight. */
    private static final float EMPTY = 1e-30f;

    private final VolumeGeometry volume;

    WeightedBackProjection(VolumeGeometry volume) {
        this.volume = volume;
    }

    /** Slices {@code firstSlice} to {@code firstSlice + sliceCount - 1} of the grid. */
    float[] run(ParallelProjections p, int firstSlice, int sliceCount, int threads, Progress progress) {
        float[] image = new float[sliceCount * volume.sliceSize()];
        int across = (volume.nx() + TILE - 1) / TILE;
        int tasks = across * ((volume.ny() + TILE - 1) / TILE);
        double shortest = Double.POSITIVE_INFINITY;
        float[] inverseLength = new float[p.bins()];
        for (int n = 0; n < p.bins(); n++) {
            shortest = Math.min(shortest, p.rayLength()[n]);
            inverseLength[n] = 1f / p.rayLength()[n];
        }
        double farthest = p.sourceToIsocentre() + p.fieldOfViewRadius();
        double height = p.largestRowHeight() * farthest / shortest;
        double lowestZ = volume.z(firstSlice);
        double highestZ = volume.z(firstSlice + sliceCount - 1);
        int families = p.anglesPerHalfTurn();
        // family f: the views whose index among all the scan's views is f plus whole half turns, in
        // the order of that index, whose cone can reach the slices; each as 2 view + its direction,
        // 0 for the family's angle and 1 for the opposite, so that any part of the scan gives a
        // family the same angle and directions
        int[][] familyViews = new int[families][];
        double[] cosines = new double[families];
        double[] sines = new double[families];
        for (int family = 0; family < families; family++) {
            int first = Math.floorMod(family - p.firstView(), families);
            familyViews[family] = IntStream.iterate(first, view -> view < p.views(), view -> view + families)
                    .filter(view -> reaches(p, view, height, lowestZ, highestZ))
                    .map(view -> 2 * view + (p.firstView() + view) / families % 2).toArray();
            cosines[family] = Math.cos(p.firstAngle() + family * p.angleStep());
            sines[family] = Math.sin(p.firstAngle() + family * p.angleStep());
        }
        AtomicLong done = new AtomicLong();
        try (Parallel parallel = new Parallel(threads)) {
            parallel.forEach(tasks, task -> {
                int x = task % across * TILE;
                int y = task / across * TILE;
                new Block(p, inverseLength, cosines, sines, familyViews, x, Math.min(volume.nx(), x + TILE), y,
                        Math.min(volume.ny(), y + TILE), firstSlice, sliceCount).run(image);
                progress.update(done.incrementAndGet(), tasks);
            });
        }
        return image;
    }

    /** Whether a ray of view {@code view} rising or falling {@code height} from its source can reach z in [low, high]. */
    private static boolean reaches(ParallelProjections p, int view, double height, double low, double high) {
        float[] sourceZ = p.sourceZ();
        for (int n = 0; n < p.bins(); n++) {
            double z = sourceZ[view * p.bins() + n];
            if (z + height >= low && z - height <= high) {
                return true;
            }
        }
        return false;
    }

    /** One task's voxel columns and their running sums. */
    private final class Block {
        private final ParallelProjections p;
        private final double[] cosines;
        private final double[] sines;
        private final int[][] familyViews;
        private final int[] imageOffset;
        private final boolean any;
        private final int firstSlice;
        private final int slices;
        private final int columns;
        private final double[] columnX;
        private final double[] columnY;
        private final boolean[] inside;
        private final float[] inverseLength;
        /** Per slice of the column, the family's weighted sum and its sum of weights. */
        private final float[] numerators;
        private final float[] denominators;
        /** Per column, each slice's sum over the families done so far. */
        private final float[][] sum;
        private final double inverseBinSpacing;
        private final double inverseSliceSpacing;
        private final double gridZ;
        private final double inverseRowSpacing;
        private final float[] weights;
        private final double lowestRow;
        private final double highestRow;
        /** The column's ray in the family's two directions: lower bin, weight of the next, height scales, row step. */
        private final int[] rayBin = new int[2];
        private final float[] rayAcross = new float[2];
        private final double[] rayInverseScale = new double[2];
        private final double[] rayScale = new double[2];
        private final long[] rayStep = new long[2];

        Block(ParallelProjections p, float[] inverseLength, double[] cosines, double[] sines, int[][] familyViews,
              int firstX, int endX, int firstY, int endY, int firstSlice, int slices) {
            this.p = p;
            this.inverseLength = inverseLength;
            this.cosines = cosines;
            this.sines = sines;
            this.familyViews = familyViews;
            this.firstSlice = firstSlice;
            this.slices = slices;
            int width = endX - firstX;
            this.columns = width * (endY - firstY);
            columnX = new double[columns];
            columnY = new double[columns];
            inside = new boolean[columns];
            imageOffset = new int[columns];
            double radius = p.fieldOfViewRadius();
            boolean found = false;
            for (int c = 0; c < columns; c++) {
                int x = firstX + c % width;
                int y = firstY + c / width;
                columnX[c] = volume.x(x);
                columnY[c] = volume.y(y);
                imageOffset[c] = y * volume.nx() + x;
                inside[c] = Math.hypot(columnX[c], columnY[c]) <= radius;
                found |= inside[c];
            }
            any = found;
            numerators = new float[slices];
            denominators = new float[slices];
            Arrays.fill(denominators, EMPTY);
            sum = new float[columns][slices];
            inverseBinSpacing = 1 / p.binSpacing();
            inverseSliceSpacing = 1 / volume.dz();
            gridZ = volume.z(0);
            inverseRowSpacing = 1 / p.rowSpacing();
            this.weights = p.rowWeights();
            // rows within EDGE of the detector's ends are left out: W is 0 at the end rows, so their weight
            // is at most a thousandth of the next row's, and the margin keeps every row read within
            // [0, rows - 1) whatever the rounding
            lowestRow = p.firstRow() + EDGE * p.rowSpacing();
            highestRow = p.firstRow() + (p.rows() - 1 - EDGE) * p.rowSpacing();
        }

        void run(float[] image) {
            if (!any) {
                return;
            }
            for (int family = 0; family < familyViews.length; family++) {
                if (familyViews[family].length == 0) {
                    continue;
                }
                for (int c = 0; c < columns; c++) {
                    if (inside[c]) {
                        gatherFamily(familyViews[family], cosines[family], sines[family], c);
                    }
                }
            }
            int sliceSize = volume.sliceSize();
            for (int c = 0; c < columns; c++) {
                for (int k = 0; k < slices; k++) {
                    image[k * sliceSize + imageOffset[c]] = sum[c][k];
                }
            }
        }

        /**
         * Adds column {@code c}'s weighted mean over the family's views (in-plane direction
         * {@code (cos, sin)} or the opposite, by the views' lowest bit): the ray through the
         * column is the same line in every view of one direction, so its bin, height scale and
         * row step are worked out once a direction, and each view adds only its source's z.
         */
        private void gatherFamily(int[] views, double cos, double sin, int c) {
            double px = columnX[c];
            double py = columnY[c];
            double t = px * cos + py * sin;
            double across = -px * sin + py * cos;
            double radius = p.sourceToIsocentre();
            double root = Math.sqrt(radius * radius - t * t);
            boolean forward = prepare(0, t, across + root);
            boolean backward = prepare(1, -t, root - across);
            int low = slices;
            int high = -1;
            for (int entry : views) {
                int direction = entry & 1;
                if (direction == 0 ? forward : backward) {
                    long reached = accumulate(entry >> 1, direction);
                    low = Math.min(low, (int) (reached >> 32));
                    high = Math.max(high, (int) reached);
                }
            }
            // one array per column: the loop then indexes all three arrays alike, and C2 vectorises it
            float[] columnSum = sum[c];
            for (int k = low; k <= high; k++) {
                columnSum[k] += numerators[k] / denominators[k];
                numerators[k] = 0;
                denominators[k] = EMPTY;
            }
        }

        /**
         * The ray at offset {@code t} whose source lies {@code along} from the column in-plane, for
         * direction {@code direction}: false if it misses the detector's bins.
         */
        private boolean prepare(int direction, double t, double along) {
            double bin = (t - p.firstBin()) * inverseBinSpacing;
            if (!(bin >= 0 && bin < p.bins() - 1)) {
                return false;
            }
            int n = (int) bin;
            float wn = (float) (bin - n);
            // the ray's height on the virtual detector is (z - zSource) * scale
            double inverseScale = along * ((1 - wn) * inverseLength[n] + wn * inverseLength[n + 1]);
            double scale = 1 / inverseScale;
            rayBin[direction] = n;
            rayAcross[direction] = wn;
            rayInverseScale[direction] = inverseScale;
            rayScale[direction] = scale;
            rayStep[direction] = Math.round(volume.dz() * scale * inverseRowSpacing * FixedPoint.ONE);
            return true;
        }

        /**
         * Adds view {@code view}'s rays (direction {@code direction}, prepared) through the
         * column's slices; returns the first and last slice reached (high and low 32 bits), or an
         * empty range.
         */
        private long accumulate(int view, int direction) {
            int bins = p.bins();
            int n = rayBin[direction];
            float wn = rayAcross[direction];
            double inverseScale = rayInverseScale[direction];
            float[] sourceZ = p.sourceZ();
            double zSource = (1 - wn) * sourceZ[view * bins + n] + wn * sourceZ[view * bins + n + 1];
            // counted from the grid's slice 0, so that a slab includes exactly the whole grid's slices
            int first = Math.max(0, (int) Math.ceil((zSource + lowestRow * inverseScale - gridZ) * inverseSliceSpacing) - firstSlice);
            int last = Math.min(slices - 1,
                    (int) Math.floor((zSource + highestRow * inverseScale - gridZ) * inverseSliceSpacing) - firstSlice);
            if (first > last) {
                return (long) slices << 32 | 0xffffffffL;
            }
            // slice k's row in 32.32 fixed point: the grid's slice 0's row plus whole steps, so that a slab
            // finds each slice's row with the same bits as the whole grid
            long step = rayStep[direction];
            long position = (long) (((gridZ - zSource) * rayScale[direction] - p.firstRow()) * inverseRowSpacing * FixedPoint.ONE)
                    + (firstSlice + first) * step;
            int rows = p.rows();
            int base = (view * bins + n) * rows;
            int count = last - first + 1;
            long end = position + (count - 1L) * step;
            if (RawFloats.AVAILABLE && step > 0 && position >= 0 && (end >>> 32) <= rows - 2) {
                accumulateUnchecked(base, wn, position, step, first, count);
            } else {
                accumulateChecked(base, wn, position, step, first, count);
            }
            return (long) first << 32 | last;
        }

        /**
         * Adds {@code count} slices of one (view, column): bilinear reads between bins {@code base}
         * and {@code base + rows} (weight {@code across} to the second), the row walking from
         * {@code position} by {@code step}, and the rows' weights interpolated alike.
         */
        private void accumulateChecked(int base, float across, long position, long step, int sum, int count) {
            float[] values = p.values();
            int rows = p.rows();
            for (int i = 0; i < count; i++) {
                long row = position >> 32;
                int r = row < 0 ? 0 : row > rows - 2 ? rows - 2 : (int) row;
                float down = row == r ? (float) (position & FixedPoint.FRACTION_BITS) * FixedPoint.FRACTION_UNIT
                        : row < 0 ? 0f : 1f;
                int a = base + r;
                float near = values[a] + down * (values[a + 1] - values[a]);
                float far = values[a + rows] + down * (values[a + rows + 1] - values[a + rows]);
                float weight = weights[r] + down * (weights[r + 1] - weights[r]);
                numerators[sum + i] += near + across * (far - near);
                denominators[sum + i] += weight;
                position += step;
            }
        }

        /**
         * {@link #accumulateChecked}'s arithmetic, its range proved by the caller: the row moves one
         * way, so its ends bound every read, and the loop runs without bounds checks (as
         * recon-core's FDK loop does: the checks otherwise cost about as much as the arithmetic).
         */
        private void accumulateUnchecked(int base, float across, long position, long step, int sum, int count) {
            sun.misc.Unsafe memory = RawFloats.UNSAFE;
            float[] values = p.values();
            float[] weights = this.weights;
            long next = 4L * p.rows();
            long valuesStart = RawFloats.BASE + 4L * base;
            long sumStart = RawFloats.BASE + 4L * sum;
            for (int i = 0; i < count; i++) {
                long row = 4 * (position >>> 32);
                long at = valuesStart + row;
                float down = (float) (position & FixedPoint.FRACTION_BITS) * FixedPoint.FRACTION_UNIT;
                float upper = memory.getFloat(values, at);
                float lower = memory.getFloat(values, at + 4);
                float upperNext = memory.getFloat(values, at + next);
                float lowerNext = memory.getFloat(values, at + next + 4);
                float near = upper + down * (lower - upper);
                float far = upperNext + down * (lowerNext - upperNext);
                float value = near + across * (far - near);
                long weightAt = RawFloats.BASE + row;
                float weightAbove = memory.getFloat(weights, weightAt);
                float weight = weightAbove + down * (memory.getFloat(weights, weightAt + 4) - weightAbove);
                long voxel = sumStart + 4L * i;
                memory.putFloat(numerators, voxel, memory.getFloat(numerators, voxel) + value);
                memory.putFloat(denominators, voxel, memory.getFloat(denominators, voxel) + weight);
                position += step;
            }
        }
    }
}
