package org.recon4j.gpu;

import com.aparapi.Kernel;

/**
 * Joseph's projector for a stack of 2D acquisitions (parallel and fan beam), as an OpenCL kernel.
 * Each ray of slice 0 is described by {@link #RAY_FIELDS} floats worked out on the host in double
 * (see {@link OpenClJosephProjector}): its main axis (0: x, 1: y), the crossing of plane 0 and the
 * step per plane along the other axis (in voxels), the path length per plane, and the first and
 * last plane inside the grid. Other slices use the same rays at their own height.
 *
 * <p>Forward: one work-item per ray sums along it. Back: one work-item per voxel gathers, from each
 * view, the rays whose plane crossing lies within one voxel of it, so no two work-items write the
 * same place; within a run of rays with one main axis the crossing moves monotonically with the
 * bin, so a binary search finds them. The weights are the forward ones, which makes the pair an
 * adjoint pair to rounding.
 */
final class SliceJosephKernel extends Kernel {
    static final int RAY_FIELDS = 6;
    /** At most this many runs of one main axis per view: a fan narrower than 180 degrees has three. */
    static final int RUNS = 4;
    static final int FORWARD = 0;
    static final int BACK = 1;

    int mode;
    int nx;
    int ny;
    int nz;
    int bins;
    int views;
    int setSize;
    float[] volume;
    float[] projections;
    float[] rays;
    /** Per view: RUNS x {first bin, end bin (exclusive), main axis}; unused runs are empty. */
    int[] runs;
    int[] viewSet;

    @Override
    public void run() {
        if (mode == FORWARD) {
            forward(getGlobalId());
        } else {
            back(getGlobalId());
        }
    }

    private void forward(int id) {
        if (id < nz * setSize * bins) {
            int bin = id % bins;
            int index = (id / bins) % setSize;
            int slice = id / (bins * setSize);
            int view = viewSet[index];
            int ray = (view * bins + bin) * RAY_FIELDS;
            int axis = (int) rays[ray];
            float fa0 = rays[ray + 1];
            float stepA = rays[ray + 2];
            float length = rays[ray + 3];
            int first = (int) rays[ray + 4];
            int last = (int) rays[ray + 5];
            int strideMain = 1;
            int strideOther = nx;
            int sizeOther = ny;
            if (axis == 1) {
                strideMain = nx;
                strideOther = 1;
                sizeOther = nx;
            }
            int sliceOffset = slice * nx * ny;
            float sum = 0f;
            for (int i = first; i <= last; i++) {
                float fa = fa0 + i * stepA;
                int ia = (int) floor(fa);
                float wa = fa - ia;
                int base = sliceOffset + i * strideMain + ia * strideOther;
                if (ia >= 0 && ia < sizeOther) {
                    sum += (1f - wa) * volume[base];
                }
                if (ia + 1 >= 0 && ia + 1 < sizeOther) {
                    sum += wa * volume[base + strideOther];
                }
            }
            projections[(slice * views + view) * bins + bin] = sum * length;
        }
    }

    private void back(int id) {
        if (id < nx * ny * nz) {
            int x = id % nx;
            int y = (id / nx) % ny;
            int slice = id / (nx * ny);
            float sum = 0f;
            for (int index = 0; index < setSize; index++) {
                int view = viewSet[index];
                int rowBase = (slice * views + view) * bins;
                for (int run = 0; run < RUNS; run++) {
                    int start = runs[(view * RUNS + run) * 3];
                    int end = runs[(view * RUNS + run) * 3 + 1];
                    if (end > start) {
                        int axis = runs[(view * RUNS + run) * 3 + 2];
                        int plane = x;
                        int other = y;
                        if (axis == 1) {
                            plane = y;
                            other = x;
                        }
                        sum += gather(view, start, end, plane, other, rowBase);
                    }
                }
            }
            volume[id] = sum;
        }
    }

    /** Sum over the rays start..end-1 of one view whose crossing of {@code plane} lies within one voxel of {@code other}. */
    private float gather(int view, int start, int end, int plane, int other, int rowBase) {
        float low = other - 1f;
        float high = other + 1f;
        int rising = 1;
        if (crossing(view, end - 1, plane) < crossing(view, start, plane)) {
            rising = 0;
        }
        // first bin whose crossing has entered (low, high) from the side the run starts on
        int lo = start;
        int hi = end;
        while (lo < hi) {
            int middle = (lo + hi) / 2;
            float crossing = crossing(view, middle, plane);
            int before = 0;
            if (rising == 1 && crossing <= low) {
                before = 1;
            }
            if (rising == 0 && crossing >= high) {
                before = 1;
            }
            if (before == 1) {
                lo = middle + 1;
            } else {
                hi = middle;
            }
        }
        // walk on until the crossing has left (low, high) on the far side; rounding may put the
        // first bins found exactly on the window's edge
        float sum = 0f;
        int bin = lo;
        while (bin < end) {
            int ray = (view * bins + bin) * RAY_FIELDS;
            float fa = rays[ray + 1] + plane * rays[ray + 2];
            float distance = abs(fa - other);
            if (distance < 1f && plane >= (int) rays[ray + 4] && plane <= (int) rays[ray + 5]) {
                sum += (1f - distance) * rays[ray + 3] * projections[rowBase + bin];
            }
            bin++;
            if (rising == 1 && fa >= high || rising == 0 && fa <= low) {
                bin = end;
            }
        }
        return sum;
    }

    private float crossing(int view, int bin, int plane) {
        int ray = (view * bins + bin) * RAY_FIELDS;
        return rays[ray + 1] + plane * rays[ray + 2];
    }
}
