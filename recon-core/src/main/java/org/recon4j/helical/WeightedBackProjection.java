package org.recon4j.helical;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.recon4j.Progress;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.util.FixedPoint;
import org.recon4j.util.Parallel;
import org.recon4j.util.RawFloats;

/**
 * The back-projection half of {@link WeightedFbp}, on Java threads. Each task takes a block of
 * {@value #TILE} x {@value #TILE} voxel columns (all the slices asked for) and goes through the
 * views family by family (the views of one in-plane direction, half a turn apart), so that the
 * bins of a view's rebinned projection that the tile's rays meet are read for every column of the
 * tile while they are in the cache; views whose cone cannot reach the slices are skipped.
 *
 * <p>Per voxel, the Q-weighted sum and the sum of weights of one family are kept, and their
 * quotient added when the family is done. A voxel column meets a view's rows on a straight line,
 * so the row walks down the column in 32.32 fixed point, and W comes from a table with
 * {@value #STEPS} points a row picked by the same fixed-point value: no float-to-int conversion
 * and, after a range proof, no bounds checks in the loop. Families are taken in the order of
 * their index among all the scan's views, and each slice's row is the grid's first slice's row
 * plus whole steps, so a z-slab of a grid has the whole grid's bits. Voxels beyond the field of
 * view stay 0.
 */
final class WeightedBackProjection {
    private static final int TILE = 16;
    private static final double EDGE = 0.01;
    /** Table points a row, a power of 2: the row's fixed-point fraction's upper bits pick the point. */
    private static final int STEP_BITS = 6;
    private static final int STEPS = 1 << STEP_BITS;
    private static final long STEP_FRACTION = (1L << (32 - STEP_BITS)) - 1;
    private static final float STEP_UNIT = (float) (1.0 / (1L << (32 - STEP_BITS)));
    /** The weight sums start here, not at 0, so a voxel no ray reached divides 0 by it: far below any ray's weight. */
    private static final float EMPTY = 1e-30f;

    private final VolumeGeometry volume;
    private final double q;

    WeightedBackProjection(VolumeGeometry volume, double q) {
        this.volume = volume;
        this.q = q;
    }

    /** Slices {@code firstSlice} to {@code firstSlice + sliceCount - 1} of the grid. */
    float[] run(ParallelProjections p, int firstSlice, int sliceCount, int threads, Progress progress) {
        float[] image = new float[sliceCount * volume.sliceSize()];
        // W at STEPS points a row, from row 0 to one past the last, read with linear interpolation
        float[] weights = new float[(p.rows() + 1) * STEPS + 1];
        double middle = (p.rows() - 1) * 0.5;
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) WeightedFbp.weight(((double) i / STEPS - middle) / middle, q);
        }
        int across = (volume.nx() + TILE - 1) / TILE;
        int tasks = across * ((volume.ny() + TILE - 1) / TILE);
        double[] cosines = new double[p.views()];
        double[] sines = new double[p.views()];
        double[][] reach = new double[2][p.views()];
        double shortest = Double.POSITIVE_INFINITY;
        for (float length : p.rayLength()) {
            shortest = Math.min(shortest, length);
        }
        double farthest = p.sourceToIsocentre() + p.fieldOfViewRadius();
        double height = p.largestRowHeight() * farthest / shortest;
        for (int view = 0; view < p.views(); view++) {
            cosines[view] = Math.cos(p.angle(view));
            sines[view] = Math.sin(p.angle(view));
            double low = Double.POSITIVE_INFINITY;
            double high = Double.NEGATIVE_INFINITY;
            for (int n = 0; n < p.bins(); n++) {
                low = Math.min(low, p.sourceZ()[view * p.bins() + n]);
                high = Math.max(high, p.sourceZ()[view * p.bins() + n]);
            }
            reach[0][view] = low - height;
            reach[1][view] = high + height;
        }
        AtomicLong done = new AtomicLong();
        try (Parallel parallel = new Parallel(threads)) {
            parallel.forEach(tasks, task -> {
                int x = task % across * TILE;
                int y = task / across * TILE;
                new Block(p, weights, cosines, sines, reach, x, Math.min(volume.nx(), x + TILE), y, Math.min(volume.ny(), y + TILE),
                        firstSlice, sliceCount).run(image);
                progress.update(done.incrementAndGet(), tasks);
            });
        }
        return image;
    }

    /** One task's voxel columns and their running sums. */
    private final class Block {
        private final ParallelProjections p;
        private final double[] cosines;
        private final double[] sines;
        private final double[][] reach;
        private final int[] imageOffset;
        private final boolean any;
        private final int firstSlice;
        private final int slices;
        private final int columns;
        private final double[] columnX;
        private final double[] columnY;
        private final boolean[] inside;
        private final double[] sliceZ;
        private final float[] inverseLength;
        private final float[] numerator;
        private final float[] denominator;
        private final float[] sum;
        private final double inverseBinSpacing;
        private final double inverseSliceSpacing;
        private final double gridZ;
        private final double inverseRowSpacing;
        private final float[] weights;
        private final double lowestRow;
        private final double highestRow;

        Block(ParallelProjections p, float[] weights, double[] cosines, double[] sines, double[][] reach, int firstX, int endX,
              int firstY, int endY, int firstSlice, int slices) {
            this.p = p;
            this.cosines = cosines;
            this.sines = sines;
            this.reach = reach;
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
            sliceZ = new double[slices];
            for (int k = 0; k < slices; k++) {
                sliceZ[k] = volume.z(firstSlice + k);
            }
            inverseLength = new float[p.bins()];
            for (int n = 0; n < p.bins(); n++) {
                inverseLength[n] = 1f / p.rayLength()[n];
            }
            numerator = new float[columns * slices];
            denominator = new float[columns * slices];
            Arrays.fill(denominator, EMPTY);
            sum = new float[columns * slices];
            inverseBinSpacing = 1 / p.binSpacing();
            inverseSliceSpacing = 1 / volume.dz();
            gridZ = volume.z(0);
            inverseRowSpacing = 1 / p.rowSpacing();
            this.weights = weights;
            // rows within EDGE of the detector's ends are left out: their weight is below 1e-6, and the
            // margin keeps every row read within [0, rows - 1) whatever the rounding
            lowestRow = p.firstRow() + EDGE * p.rowSpacing();
            highestRow = p.firstRow() + (p.rows() - 1 - EDGE) * p.rowSpacing();
        }

        void run(float[] image) {
            if (!any) {
                return;
            }
            int families = p.anglesPerHalfTurn();
            for (int family = 0; family < families; family++) {
                int first = Math.floorMod(family - p.firstView(), families);
                for (int view = first; view < p.views(); view += families) {
                    if (reach[1][view] < sliceZ[0] || reach[0][view] > sliceZ[slices - 1]) {
                        continue;
                    }
                    for (int c = 0; c < columns; c++) {
                        if (inside[c]) {
                            accumulate(view, c);
                        }
                    }
                }
                finishFamily();
            }
            int sliceSize = volume.sliceSize();
            for (int c = 0; c < columns; c++) {
                for (int k = 0; k < slices; k++) {
                    image[k * sliceSize + imageOffset[c]] = sum[c * slices + k];
                }
            }
        }

        /** Adds view {@code view}'s weighted rays through the slices of column {@code c}. */
        private void accumulate(int view, int c) {
            int bins = p.bins();
            int rows = p.rows();
            double cos = cosines[view];
            double sin = sines[view];
            double px = columnX[c];
            double py = columnY[c];
            double t = px * cos + py * sin;
            double bin = (t - p.firstBin()) * inverseBinSpacing;
            if (!(bin >= 0 && bin < bins - 1)) {
                return;
            }
            int n = (int) bin;
            float wn = (float) (bin - n);
            double radius = p.sourceToIsocentre();
            double along = -px * sin + py * cos + Math.sqrt(radius * radius - t * t);
            float[] sourceZ = p.sourceZ();
            double zSource = (1 - wn) * sourceZ[view * bins + n] + wn * sourceZ[view * bins + n + 1];
            // the ray's height on the virtual detector is (z - zSource) * scale
            double inverseScale = along * ((1 - wn) * inverseLength[n] + wn * inverseLength[n + 1]);
            double scale = 1 / inverseScale;
            // counted from the grid's slice 0, so that a slab includes exactly the whole grid's slices
            int first = Math.max(0, (int) Math.ceil((zSource + lowestRow * inverseScale - gridZ) * inverseSliceSpacing) - firstSlice);
            int last = Math.min(slices - 1,
                    (int) Math.floor((zSource + highestRow * inverseScale - gridZ) * inverseSliceSpacing) - firstSlice);
            if (first > last) {
                return;
            }
            // slice k's row in 32.32 fixed point: the grid's slice 0's row plus whole steps, so that a slab
            // finds each slice's row with the same bits as the whole grid
            double rowPerSlice = volume.dz() * scale * inverseRowSpacing;
            long step = Math.round(rowPerSlice * FixedPoint.ONE);
            long position = (long) (((gridZ - zSource) * scale - p.firstRow()) * inverseRowSpacing * FixedPoint.ONE)
                    + (firstSlice + first) * step;
            int base = (view * bins + n) * rows;
            int count = last - first + 1;
            long end = position + (count - 1L) * step;
            if (RawFloats.AVAILABLE && step > 0 && position >= 0 && (end >>> 32) <= rows - 2) {
                accumulateUnchecked(base, wn, position, step, c * slices + first, count);
            } else {
                accumulateChecked(base, wn, position, step, c * slices + first, count);
            }
        }

        /**
         * Adds {@code count} slices of one (view, column): bilinear reads between bins {@code base}
         * and {@code base + rows} (weight {@code across} to the second), the row walking from
         * {@code position} by {@code step}, weighted by W at the row.
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
                float weight = weight(row < 0 ? 0 : row > rows - 2 ? (long) (rows - 1) << 32 : position);
                numerator[sum + i] += weight * (near + across * (far - near));
                denominator[sum + i] += weight;
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
                long at = valuesStart + 4 * (position >>> 32);
                float down = (float) (position & FixedPoint.FRACTION_BITS) * FixedPoint.FRACTION_UNIT;
                float upper = memory.getFloat(values, at);
                float lower = memory.getFloat(values, at + 4);
                float upperNext = memory.getFloat(values, at + next);
                float lowerNext = memory.getFloat(values, at + next + 4);
                float near = upper + down * (lower - upper);
                float far = upperNext + down * (lowerNext - upperNext);
                float value = near + across * (far - near);
                long weightAt = RawFloats.BASE + 4 * (position >>> (32 - STEP_BITS));
                float between = (float) (position & STEP_FRACTION) * STEP_UNIT;
                float weightBelow = memory.getFloat(weights, weightAt);
                float weight = weightBelow + between * (memory.getFloat(weights, weightAt + 4) - weightBelow);
                long voxel = sumStart + 4L * i;
                memory.putFloat(numerator, voxel, memory.getFloat(numerator, voxel) + weight * value);
                memory.putFloat(denominator, voxel, memory.getFloat(denominator, voxel) + weight);
                position += step;
            }
        }

        /** W at a row's position (32.32 fixed point, 0 to rows - 1), from the table. */
        private float weight(long position) {
            int entry = (int) (position >>> (32 - STEP_BITS));
            float between = (float) (position & STEP_FRACTION) * STEP_UNIT;
            return weights[entry] + between * (weights[entry + 1] - weights[entry]);
        }

        /**
         * Adds each voxel's weighted mean over the family just done and clears the sums: one
         * branch-free pass the JIT vectorises (a voxel no ray of the family reached adds 0 / EMPTY).
         */
        private void finishFamily() {
            for (int i = 0; i < sum.length; i++) {
                sum[i] += numerator[i] / denominator[i];
                numerator[i] = 0;
                denominator[i] = EMPTY;
            }
        }
    }
}
