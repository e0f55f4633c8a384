package org.recon4j.helical;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.recon4j.Progress;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.util.Parallel;

/**
 * The back-projection half of {@link WeightedFbp}, on Java threads. Each task takes a block of
 * {@value #TILE} x {@value #TILE} voxel columns (all the slices asked for) and goes through the
 * views family by family (the views of one in-plane direction, half a turn apart), so that the
 * bins of a view's rebinned projection that the tile's rays meet are read for every column of the
 * tile while they are in the cache; views whose cone cannot reach the slices are skipped. Per voxel, the Q-weighted sum and the sum of weights of one family are kept, and their
 * quotient added when the family is done. Families are taken in the order of their index among
 * all the scan's views and each slice's detector row is computed from the slice's own z, so a
 * z-slab of a grid has the whole grid's bits. Voxels beyond the field of view stay 0.
 */
final class WeightedBackProjection {
    private static final int TILE = 16;
    private static final int WEIGHT_TABLE = 4096;

    private final VolumeGeometry volume;
    private final double q;
    private final float[] weights;

    WeightedBackProjection(VolumeGeometry volume, double q) {
        this.volume = volume;
        this.q = q;
        this.weights = new float[WEIGHT_TABLE + 2];
        for (int i = 0; i <= WEIGHT_TABLE + 1; i++) {
            weights[i] = (float) WeightedFbp.weight(Math.min(1, (double) i / WEIGHT_TABLE), q);
        }
    }

    /** Slices {@code firstSlice} to {@code firstSlice + sliceCount - 1} of the grid. */
    float[] run(ParallelProjections p, int firstSlice, int sliceCount, int threads, Progress progress) {
        float[] image = new float[sliceCount * volume.sliceSize()];
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
                new Block(p, cosines, sines, reach, x, Math.min(volume.nx(), x + TILE), y, Math.min(volume.ny(), y + TILE),
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
        private final int[] low;
        private final int[] high;
        private final double inverseBinSpacing;
        private final double inverseSliceSpacing;
        private final double inverseRowSpacing;
        private final double lastRow;
        private final float middle;
        private final float innerLow;
        private final float innerHigh;

        Block(ParallelProjections p, double[] cosines, double[] sines, double[][] reach, int firstX, int endX, int firstY, int endY,
              int firstSlice, int slices) {
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
            low = new int[columns];
            high = new int[columns];
            Arrays.fill(low, Integer.MAX_VALUE);
            Arrays.fill(high, -1);
            inverseBinSpacing = 1 / p.binSpacing();
            inverseSliceSpacing = 1 / volume.dz();
            inverseRowSpacing = 1 / p.rowSpacing();
            lastRow = p.firstRow() + (p.rows() - 1) * p.rowSpacing();
            middle = (p.rows() - 1) * 0.5f;
            innerLow = (float) (middle * (1 - q));
            innerHigh = (float) (middle * (1 + q));
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
                finishFamily(image);
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
            int first = Math.max(0, (int) Math.ceil((zSource + p.firstRow() * inverseScale - sliceZ[0]) * inverseSliceSpacing));
            int last = Math.min(slices - 1,
                    (int) Math.floor((zSource + lastRow * inverseScale - sliceZ[0]) * inverseSliceSpacing));
            if (first > last) {
                return;
            }
            low[c] = Math.min(low[c], first);
            high[c] = Math.max(high[c], last);
            float[] values = p.values();
            int base = (view * bins + n) * rows;
            double rowOffset = (zSource * scale + p.firstRow()) * inverseRowSpacing;
            double rowPerZ = scale * inverseRowSpacing;
            float keep = 1 - wn;
            float toTable = WEIGHT_TABLE / middle;
            int at = c * slices;
            for (int k = first; k <= last; k++) {
                float row = (float) (sliceZ[k] * rowPerZ - rowOffset);
                // first and last keep the row within [0, rows - 1] up to rounding: clamp the index only
                int r = (int) row;
                r = r < 0 ? 0 : r > rows - 2 ? rows - 2 : r;
                float wr = row - r;
                wr = wr < 0f ? 0f : wr > 1f ? 1f : wr;
                int a = base + r;
                float value = keep * (values[a] + wr * (values[a + 1] - values[a]))
                        + wn * (values[a + rows] + wr * (values[a + rows + 1] - values[a + rows]));
                if (row >= innerLow && row <= innerHigh) {
                    numerator[at + k] += value;
                    denominator[at + k] += 1f;
                } else {
                    float position = Math.abs(row - middle) * toTable;
                    int entry = Math.min((int) position, WEIGHT_TABLE);
                    float weight = weights[entry] + (position - entry) * (weights[entry + 1] - weights[entry]);
                    numerator[at + k] += weight * value;
                    denominator[at + k] += weight;
                }
            }
        }

        /** Adds each voxel's weighted mean over the family just done and clears the sums. */
        private void finishFamily(float[] image) {
            int sliceSize = volume.nx() * volume.ny();
            for (int c = 0; c < columns; c++) {
                int at = c * slices;
                int offset = imageOffset[c];
                for (int k = low[c]; k <= high[c]; k++) {
                    if (denominator[at + k] > 0) {
                        image[k * sliceSize + offset] += numerator[at + k] / denominator[at + k];
                    }
                    numerator[at + k] = 0;
                    denominator[at + k] = 0;
                }
                low[c] = Integer.MAX_VALUE;
                high[c] = -1;
            }
        }
    }
}
