package org.recon4j.algorithm;

import org.recon4j.geometry.ParallelBeamGeometry;
import org.recon4j.geometry.VolumeGeometry;

/**
 * Voxel-driven parallel-beam back-projection of filtered rows, with linear interpolation.
 *
 * <p>Each detector row is stored with zero margins wide enough that every voxel of the slice
 * lands inside it for every view, so the hot loop needs no bounds tests or floor calls: the bin
 * coordinate is always positive and a cast truncates it. Rows are stored as interleaved
 * (value, next value - value) pairs, so one interpolation reads one cache line; and two image
 * rows share each pass over a view, which halves the loop overhead. The sums are the same
 * floats as a plain {@code left + fraction * (right - left)}.
 */
final class BackProjectionLayout {
    /** Views per cache block: 64 padded 512-bin rows of pairs are about 370 KiB. */
    private static final int VIEW_BLOCK = 64;
    private final int nx;
    private final int leadingMargin;
    private final int rowStride;
    private final float[] startBin;
    private final float[] binStepX;
    private final float[] binStepY;

    private BackProjectionLayout(int nx, int leadingMargin, int rowStride, float[] startBin, float[] binStepX,
                                 float[] binStepY) {
        this.nx = nx;
        this.leadingMargin = leadingMargin;
        this.rowStride = rowStride;
        this.startBin = startBin;
        this.binStepX = binStepX;
        this.binStepY = binStepY;
    }

    static BackProjectionLayout of(ParallelBeamGeometry geometry, VolumeGeometry volume) {
        int views = geometry.viewCount();
        int bins = geometry.binCount();
        double spacing = geometry.binSpacing();
        double centreBin = (bins - 1) / 2.0;
        double minimum = Double.POSITIVE_INFINITY;
        double maximum = Double.NEGATIVE_INFINITY;
        double[] cornersX = {volume.x(0), volume.x(volume.nx() - 1)};
        double[] cornersY = {volume.y(0), volume.y(volume.ny() - 1)};
        for (int v = 0; v < views; v++) {
            double cos = Math.cos(geometry.angle(v));
            double sin = Math.sin(geometry.angle(v));
            for (double x : cornersX) {
                for (double y : cornersY) {
                    double u = (x * cos + y * sin - geometry.detectorOffset()) / spacing + centreBin;
                    minimum = Math.min(minimum, u);
                    maximum = Math.max(maximum, u);
                }
            }
        }
        int leading = (int) Math.max(0, Math.ceil(-minimum)) + 2;
        int trailing = (int) Math.max(0, Math.ceil(maximum - (bins - 1))) + 2;
        int stride = leading + bins + trailing;
        float[] start = new float[views];
        float[] stepX = new float[views];
        float[] stepY = new float[views];
        for (int v = 0; v < views; v++) {
            double cos = Math.cos(geometry.angle(v));
            double sin = Math.sin(geometry.angle(v));
            // bin coordinate (plus the margin) of voxel (0, row) is start + row * stepY, then + i * stepX
            start[v] = (float) ((volume.x(0) * cos + volume.y(0) * sin - geometry.detectorOffset()) / spacing
                    + centreBin + leading);
            stepX[v] = (float) (volume.dx() * cos / spacing);
            stepY[v] = (float) (volume.dy() * sin / spacing);
        }
        return new BackProjectionLayout(volume.nx(), leading, stride, start, stepX, stepY);
    }

    int leadingMargin() {
        return leadingMargin;
    }

    int rowStride() {
        return rowStride;
    }

    /** Floats per view in the array {@link #storeRow} fills: a (value, slope) pair per padded bin. */
    int pairedRowLength() {
        return 2 * rowStride;
    }

    /**
     * Stores one filtered row ({@code bins} values from {@code values[offset..]}) as the
     * (value, slope) pairs of view {@code view} in {@code paired}; the margins stay zero.
     */
    void storeRow(float[] values, int offset, int bins, float[] paired, int view) {
        int base = view * pairedRowLength() + 2 * leadingMargin;
        paired[base - 1] = values[offset]; // slope from the zero margin up to the first bin
        for (int m = 0; m < bins; m++) {
            float value = values[offset + m];
            float next = m + 1 < bins ? values[offset + m + 1] : 0f;
            paired[base + 2 * m] = value;
            paired[base + 2 * m + 1] = next - value;
        }
    }

    /**
     * Overwrites rows [firstRow, endRow) of the slice at {@code sliceOffset} with the
     * back-projection. Views are taken in blocks that stay in the core's cache while every row
     * of the range uses them.
     */
    void backProjectRows(float[] paired, float[] slice, int sliceOffset, int firstRow, int endRow) {
        java.util.Arrays.fill(slice, sliceOffset + firstRow * nx, sliceOffset + endRow * nx, 0f);
        for (int firstView = 0; firstView < startBin.length; firstView += VIEW_BLOCK) {
            int endView = Math.min(startBin.length, firstView + VIEW_BLOCK);
            int row = firstRow;
            for (; row + 1 < endRow; row += 2) {
                backProjectRowPair(paired, slice, sliceOffset + row * nx, row, firstView, endView);
            }
            if (row < endRow) {
                backProjectRow(paired, slice, sliceOffset + row * nx, row, firstView, endView);
            }
        }
    }

    private void backProjectRowPair(float[] paired, float[] slice, int rowOffset, int row, int firstView,
                                    int endView) {
        int nextRowOffset = rowOffset + nx;
        for (int view = firstView; view < endView; view++) {
            float first = startBin[view] + row * binStepY[view];
            float second = startBin[view] + (row + 1) * binStepY[view];
            float step = binStepX[view];
            int base = view * 2 * rowStride;
            for (int i = 0; i < nx; i++) {
                float shift = i * step;
                float u = first + shift;
                int bin = (int) u;
                int pair = base + 2 * bin;
                slice[rowOffset + i] += paired[pair] + (u - bin) * paired[pair + 1];
                float w = second + shift;
                int binBelow = (int) w;
                int pairBelow = base + 2 * binBelow;
                slice[nextRowOffset + i] += paired[pairBelow] + (w - binBelow) * paired[pairBelow + 1];
            }
        }
    }

    private void backProjectRow(float[] paired, float[] slice, int rowOffset, int row, int firstView, int endView) {
        for (int view = firstView; view < endView; view++) {
            float start = startBin[view] + row * binStepY[view];
            float step = binStepX[view];
            int base = view * 2 * rowStride;
            for (int i = 0; i < nx; i++) {
                float u = start + i * step;
                int bin = (int) u;
                int pair = base + 2 * bin;
                slice[rowOffset + i] += paired[pair] + (u - bin) * paired[pair + 1];
            }
        }
    }
}
