package org.recon4j.algorithm;

import org.recon4j.geometry.ParallelBeamGeometry;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.util.RawFloats;
import org.recon4j.util.FixedPoint;

/**
 * Voxel-driven parallel-beam back-projection of filtered rows, with linear interpolation.
 *
 * <p>Each detector row is stored with zero margins wide enough that every voxel of the slice
 * lands inside it for every view, so the hot loop tests no ranges of its own and needs no floor:
 * the bin coordinate is always positive. The coordinate is carried in 32.32 fixed point (a long):
 * one integer add per voxel, the bin is its upper half and the interpolation weight its lower
 * half, which is faster than float-to-int conversion and exact to 2^-32 bins. Rows are stored as
 * interleaved (value, next value - value) pairs, so one interpolation reads one cache line. Each
 * pass takes two image rows from two views: the loop overhead is shared by four updates, and
 * every voxel is read and written once per two views (its sum runs over pairs of views).
 */
final class BackProjectionLayout {
    /** Views per cache block: 64 padded 512-bin rows of pairs are about 370 KiB. */
    private static final int VIEW_BLOCK = 64;

    private final int nx;
    private final int leadingMargin;
    private final int rowStride;

    private final double[] startBin;
    /** The bin step from voxel i to i + 1 of a row, per view, in 32.32 fixed point. */
    private final long[] fixedStepX;
    private final double[] binStepY;

    private BackProjectionLayout(int nx, int leadingMargin, int rowStride, double[] startBin, long[] fixedStepX,
                                 double[] binStepY) {
        this.nx = nx;
        this.leadingMargin = leadingMargin;
        this.rowStride = rowStride;
        this.startBin = startBin;
        this.fixedStepX = fixedStepX;
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
        double[] start = new double[views];
        long[] fixedStepX = new long[views];
        double[] stepY = new double[views];
        for (int v = 0; v < views; v++) {
            double cos = Math.cos(geometry.angle(v));
            double sin = Math.sin(geometry.angle(v));
            // bin coordinate (plus the margin) of voxel (0, row) is start + row * stepY, then + i * the x step
            start[v] = (volume.x(0) * cos + volume.y(0) * sin - geometry.detectorOffset()) / spacing
                    + centreBin + leading;
            fixedStepX[v] = Math.round(volume.dx() * cos / spacing * FixedPoint.ONE);
            stepY[v] = volume.dy() * sin / spacing;
        }
        return new BackProjectionLayout(volume.nx(), leading, stride, start, fixedStepX, stepY);
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
        // slopes are stored per 2^32 fixed-point units, so the loops multiply the raw fraction
        // bits by them directly: a power-of-two scale, exact, so the same bits as scaling the fraction
        paired[base - 1] = values[offset] * FixedPoint.FRACTION_UNIT; // from the zero margin up to the first bin
        for (int m = 0; m < bins; m++) {
            float value = values[offset + m];
            float next = m + 1 < bins ? values[offset + m + 1] : 0f;
            paired[base + 2 * m] = value;
            paired[base + 2 * m + 1] = (next - value) * FixedPoint.FRACTION_UNIT;
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

    /** The bin coordinate of voxel 0 of {@code row} in view {@code view}, in 32.32 fixed point. */
    private long fixedStart(int view, int row) {
        return (long) ((startBin[view] + row * binStepY[view]) * FixedPoint.ONE);
    }

    private void backProjectRowPair(float[] paired, float[] slice, int rowOffset, int row, int firstView,
                                    int endView) {
        int nextRowOffset = rowOffset + nx;
        int view = firstView;
        for (; view + 1 < endView; view += 2) {
            int base = view * 2 * rowStride;
            int nextBase = base + 2 * rowStride;
            long u = fixedStart(view, row);
            long w = fixedStart(view, row + 1);
            long step = fixedStep(view);
            long nextU = fixedStart(view + 1, row);
            long nextW = fixedStart(view + 1, row + 1);
            long nextStep = fixedStep(view + 1);
            if (RawFloats.AVAILABLE && inside(paired, base, u, step, nx) && inside(paired, base, w, step, nx)
                    && inside(paired, nextBase, nextU, nextStep, nx) && inside(paired, nextBase, nextW, nextStep, nx)
                    && rowOffset >= 0 && nextRowOffset <= slice.length - nx) {
                accumulateTwoRowsTwoViewsUnchecked(paired, base, nextBase, slice, rowOffset, nextRowOffset, nx,
                        u, w, step, nextU, nextW, nextStep);
            } else {
                accumulateTwoRowsTwoViewsChecked(paired, base, nextBase, slice, rowOffset, nextRowOffset, nx,
                        u, w, step, nextU, nextW, nextStep);
            }
        }
        if (view < endView) {
            accumulateTwoRows(paired, view * 2 * rowStride, slice, rowOffset, nextRowOffset, nx,
                    fixedStart(view, row), fixedStart(view, row + 1), fixedStep(view));
        }
    }

    private long fixedStep(int view) {
        return fixedStepX[view];
    }

    /**
     * The hot loop: two image rows (offsets {@code first} and {@code second}) from two views
     * (pairs at {@code base} and {@code nextBase}), for ranges proved inside both arrays (the bin
     * coordinate moves linearly along a row, so its two ends bound every index; see
     * {@link #inside}), read and written without bounds checks. Each voxel adds the sum of its two
     * views' interpolations, so the image is read and written once per two views. All four
     * interpolations are read before either store: the JIT cannot tell that {@code paired} and
     * {@code slice} are different arrays, and a load after a store to a possibly aliased array
     * halves the speed.
     *
     * <p>Fourteen values live in the loop, about as many as C2 has registers, so its speed on
     * JDK 17 depends on the method's exact shape (measured, same arithmetic each time): compiled
     * on its own it runs about 25 % faster than inlined into its caller, whose live values then
     * push the loop's into memory; it calls Unsafe directly, which keeps it larger than C2 inlines
     * (325 bytecodes), and it makes no calls, not even to the checked loop (the range proof is its
     * caller's), which cost as much again. Measure with {@code FbpBestOf} before reshaping it.
     */
    static void accumulateTwoRowsTwoViewsUnchecked(float[] paired, int base, int nextBase, float[] slice, int first,
                                                   int second, int count, long u, long w, long step,
                                                   long nextU, long nextW, long nextStep) {
        long rows = RawFloats.BASE + 4L * base;
        long nextRows = RawFloats.BASE + 4L * nextBase;
        long firstOffset = RawFloats.BASE + 4L * first;
        long secondOffset = RawFloats.BASE + 4L * second;
        for (int i = 0; i < count; i++) {
            long pair = rows + 8 * (u >>> 32);
            long pairBelow = rows + 8 * (w >>> 32);
            long nextPair = nextRows + 8 * (nextU >>> 32);
            long nextPairBelow = nextRows + 8 * (nextW >>> 32);
            float value = Math.fma((float) (u & FixedPoint.FRACTION_BITS), RawFloats.UNSAFE.getFloat(paired, pair + 4),
                    RawFloats.UNSAFE.getFloat(paired, pair));
            float valueBelow = Math.fma((float) (w & FixedPoint.FRACTION_BITS), RawFloats.UNSAFE.getFloat(paired, pairBelow + 4),
                    RawFloats.UNSAFE.getFloat(paired, pairBelow));
            float nextValue = Math.fma((float) (nextU & FixedPoint.FRACTION_BITS),
                    RawFloats.UNSAFE.getFloat(paired, nextPair + 4), RawFloats.UNSAFE.getFloat(paired, nextPair));
            float nextValueBelow = Math.fma((float) (nextW & FixedPoint.FRACTION_BITS),
                    RawFloats.UNSAFE.getFloat(paired, nextPairBelow + 4),
                    RawFloats.UNSAFE.getFloat(paired, nextPairBelow));
            long here = firstOffset + 4L * i;
            long below = secondOffset + 4L * i;
            RawFloats.UNSAFE.putFloat(slice, here, RawFloats.UNSAFE.getFloat(slice, here) + (value + nextValue));
            RawFloats.UNSAFE.putFloat(slice, below,
                    RawFloats.UNSAFE.getFloat(slice, below) + (valueBelow + nextValueBelow));
            u += step;
            w += step;
            nextU += nextStep;
            nextW += nextStep;
        }
    }

    /** {@link #accumulateTwoRowsTwoViewsUnchecked} with bounds-checked access: the same arithmetic, the same bits. */
    static void accumulateTwoRowsTwoViewsChecked(float[] paired, int base, int nextBase, float[] slice, int first,
                                                 int second, int count, long u, long w, long step,
                                                 long nextU, long nextW, long nextStep) {
        for (int i = 0; i < count; i++) {
            int pair = base + 2 * (int) (u >>> 32);
            int pairBelow = base + 2 * (int) (w >>> 32);
            int nextPair = nextBase + 2 * (int) (nextU >>> 32);
            int nextPairBelow = nextBase + 2 * (int) (nextW >>> 32);
            float value = Math.fma((float) (u & FixedPoint.FRACTION_BITS), paired[pair + 1], paired[pair]);
            float valueBelow = Math.fma((float) (w & FixedPoint.FRACTION_BITS), paired[pairBelow + 1], paired[pairBelow]);
            float nextValue = Math.fma((float) (nextU & FixedPoint.FRACTION_BITS), paired[nextPair + 1], paired[nextPair]);
            float nextValueBelow = Math.fma((float) (nextW & FixedPoint.FRACTION_BITS), paired[nextPairBelow + 1],
                    paired[nextPairBelow]);
            slice[first + i] += value + nextValue;
            slice[second + i] += valueBelow + nextValueBelow;
            u += step;
            w += step;
            nextU += nextStep;
            nextW += nextStep;
        }
    }

    /** One view into two rows, for a block's odd last view. */
    private static void accumulateTwoRows(float[] paired, int base, float[] slice, int first, int second, int count,
                                          long u, long w, long step) {
        for (int i = 0; i < count; i++) {
            int pair = base + 2 * (int) (u >>> 32);
            int pairBelow = base + 2 * (int) (w >>> 32);
            slice[first + i] += Math.fma((float) (u & FixedPoint.FRACTION_BITS), paired[pair + 1], paired[pair]);
            slice[second + i] += Math.fma((float) (w & FixedPoint.FRACTION_BITS), paired[pairBelow + 1], paired[pairBelow]);
            u += step;
            w += step;
        }
    }

    /** Whether the pairs read for u, u + step, ..., u + (count - 1) step all lie in {@code paired}. */
    static boolean inside(float[] paired, int base, long u, long step, int count) {
        long firstBin = u >>> 32;
        long lastBin = (u + (count - 1) * step) >>> 32;
        if (u < 0 || u + (count - 1) * step < 0) {
            return false;
        }
        long lowest = base + 2 * Math.min(firstBin, lastBin);
        long highest = base + 2 * Math.max(firstBin, lastBin) + 1;
        return lowest >= 0 && highest < paired.length;
    }

    /** The odd last row of a range, summing views in pairs as the row pairs do. */
    private void backProjectRow(float[] paired, float[] slice, int rowOffset, int row, int firstView, int endView) {
        int view = firstView;
        for (; view + 1 < endView; view += 2) {
            long u = fixedStart(view, row);
            long nextU = fixedStart(view + 1, row);
            long step = fixedStep(view);
            long nextStep = fixedStep(view + 1);
            int base = view * 2 * rowStride;
            int nextBase = base + 2 * rowStride;
            for (int i = 0; i < nx; i++) {
                int pair = base + 2 * (int) (u >>> 32);
                int nextPair = nextBase + 2 * (int) (nextU >>> 32);
                float value = Math.fma((float) (u & FixedPoint.FRACTION_BITS), paired[pair + 1], paired[pair]);
                float nextValue = Math.fma((float) (nextU & FixedPoint.FRACTION_BITS), paired[nextPair + 1], paired[nextPair]);
                slice[rowOffset + i] += value + nextValue;
                u += step;
                nextU += nextStep;
            }
        }
        if (view < endView) {
            long u = fixedStart(view, row);
            long step = fixedStep(view);
            int base = view * 2 * rowStride;
            for (int i = 0; i < nx; i++) {
                int pair = base + 2 * (int) (u >>> 32);
                slice[rowOffset + i] += Math.fma((float) (u & FixedPoint.FRACTION_BITS), paired[pair + 1], paired[pair]);
                u += step;
            }
        }
    }
}
