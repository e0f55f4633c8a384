package org.recon4j.gpu;

import com.aparapi.Kernel;

/**
 * The device half of FBP and FDK ({@link OpenClFbp}): weighting (in place) and ramp filtering of
 * detector rows, then voxel-driven back-projection, with the formulas of recon-core's
 * {@code ParallelBeamFbp} and {@code DivergentBeamFbp}.
 *
 * <p>Filtering is a direct convolution with the filter's impulse response (taps[k] for |k| < the
 * row length; the band-limited ramp is even), which is what the CPU's zero-padded FFT computes:
 * one work-item per output sample. Back-projection runs one work-item per (x, y) and block of
 * {@link #Z_BLOCK} slices, so the view's trigonometry, distance weight and detector column serve
 * every slice of the block.
 */
final class FilteredBackProjectionKernel extends Kernel {
    static final int FILTER = 0;
    static final int PARALLEL = 1;
    static final int FAN_FLAT = 2;
    static final int FAN_ARC = 3;
    static final int CONE = 4;
    static final int WEIGHT = 5;
    static final int Z_BLOCK = 8;

    int mode;
    /** Slice stacks store rows [slice][view]; cone beam [view][row]. */
    int sliceStack;
    int views;
    int rows;
    int columns;
    int lines;
    int nx;
    int ny;
    int slabSlices;
    int slabStart;
    float firstX;
    float firstY;
    float firstZ;
    float spacingX;
    float spacingY;
    float spacingZ;
    float columnSpacing;
    float rowSpacing;
    float offsetU;
    float offsetV;
    float sourceToAxis;
    float sourceToDetector;
    float[] raw;
    float[] filtered;
    float[] taps;
    float[] cosineWeights;
    float[] viewWeights;
    float[] sines;
    float[] cosines;
    float[] slab;
    @PrivateMemorySpace(Z_BLOCK)
    float[] sums = new float[Z_BLOCK];

    @Override
    public void run() {
        if (mode == WEIGHT) {
            weight(getGlobalId());
        }
        if (mode == FILTER) {
            filter(getGlobalId());
        }
        if (mode != WEIGHT && mode != FILTER) {
            backProject(getGlobalId());
        }
    }

    /** Multiplies each detector pixel by its cosine and view weights, in place, before filtering. */
    private void weight(int id) {
        if (id < lines * columns) {
            int line = id / columns;
            int j = id % columns;
            int view = line / rows;
            int row = line % rows;
            if (sliceStack == 1) {
                view = line % views;
                row = 0;
            }
            raw[id] = raw[id] * cosineWeights[row * columns + j] * viewWeights[view * columns + j];
        }
    }

    private void filter(int id) {
        if (id < lines * columns) {
            int m = id % columns;
            int base = id - m;
            float sum = 0f;
            for (int j = 0; j < columns; j++) {
                int distance = m - j;
                if (distance < 0) {
                    distance = -distance;
                }
                sum += raw[base + j] * taps[distance];
            }
            filtered[id] = sum;
        }
    }

    /** Linear interpolation in one filtered row between bin centres; zero beyond the detector's edge bins. */
    private float interpolate(int base, float column) {
        float value = 0f;
        if (column > -1f && column < columns) {
            int left = (int) floor(column);
            float fraction = column - left;
            float a = 0f;
            float b = 0f;
            if (left >= 0) {
                a = filtered[base + left];
            }
            if (left + 1 < columns) {
                b = filtered[base + left + 1];
            }
            value = a + fraction * (b - a);
        }
        return value;
    }

    private void backProject(int id) {
        int blocks = (slabSlices + Z_BLOCK - 1) / Z_BLOCK;
        if (id < nx * ny * blocks) {
            int x = id % nx;
            int y = (id / nx) % ny;
            int firstSlice = (id / (nx * ny)) * Z_BLOCK;
            int count = min(Z_BLOCK, slabSlices - firstSlice);
            float px = firstX + x * spacingX;
            float py = firstY + y * spacingY;
            float centreColumn = (columns - 1) * 0.5f;
            for (int k = 0; k < Z_BLOCK; k++) {
                sums[k] = 0f;
            }
            for (int view = 0; view < views; view++) {
                float sin = sines[view];
                float cos = cosines[view];
                float lateral = px * cos + py * sin;
                float depth = sourceToAxis - px * sin + py * cos;
                float weight = 1f;
                float column = (lateral - offsetU) / columnSpacing + centreColumn;
                if (mode == FAN_FLAT || mode == CONE) {
                    column = (sourceToDetector * lateral / depth - offsetU) / columnSpacing + centreColumn;
                    float ratio = sourceToAxis / depth;
                    weight = ratio * ratio;
                }
                if (mode == FAN_ARC) {
                    column = (atan2(lateral, depth) * sourceToDetector - offsetU) / columnSpacing + centreColumn;
                    weight = 1f / (depth * depth + lateral * lateral);
                }
                if (mode == CONE) {
                    float rowScale = sourceToDetector / depth / rowSpacing;
                    float rowStart = (rows - 1) * 0.5f - offsetV / rowSpacing;
                    for (int k = 0; k < count; k++) {
                        float row = (firstZ + (slabStart + firstSlice + k) * spacingZ) * rowScale + rowStart;
                        sums[k] += weight * bilinear(view, row, column);
                    }
                } else {
                    for (int k = 0; k < count; k++) {
                        sums[k] += weight * interpolate(((firstSlice + k) * views + view) * columns, column);
                    }
                }
            }
            for (int k = 0; k < count; k++) {
                slab[((firstSlice + k) * ny + y) * nx + x] = sums[k];
            }
        }
    }

    /** Bilinear interpolation in one filtered cone-beam view; zero beyond the edge pixels. */
    private float bilinear(int view, float row, float column) {
        float value = 0f;
        if (row > -1f && row < rows) {
            int top = (int) floor(row);
            float fraction = row - top;
            float upper = 0f;
            float lower = 0f;
            if (top >= 0) {
                upper = interpolate((view * rows + top) * columns, column);
            }
            if (top + 1 < rows) {
                lower = interpolate((view * rows + top + 1) * columns, column);
            }
            value = upper + fraction * (lower - upper);
        }
        return value;
    }
}
