package org.recon4j.gpu;

import com.aparapi.Kernel;

/**
 * Joseph's projector for a cone beam with a flat panel, as an OpenCL kernel. Each view is
 * {@link #VIEW_FIELDS} floats made on the host: the source, the centre of pixel (0, 0), the steps
 * of one column and one row, the panel's normal n, h = (pixel (0, 0) - source) . n, and the dual
 * vectors that turn a point on the panel into (column, row). Rays run from the source through
 * pixel centres and are walked plane by plane along x or y, whichever they are more parallel to
 * (the host refuses cones so wide that z could be); the volume is interpolated bilinearly in
 * the other two axes.
 *
 * <p>Back: one work-item per voxel; for each view and main axis the voxel's neighbourhood in its
 * plane (one voxel each way) is projected onto the panel, and every pixel in that box whose ray
 * has this main axis and crosses within one voxel adds its forward weight.
 */
final class ConeJosephKernel extends Kernel {
    static final int VIEW_FIELDS = 24;
    static final int FORWARD = 0;
    static final int BACK = 1;

    int mode;
    int nx;
    int ny;
    int nz;
    int rows;
    int columns;
    int views;
    int setSize;
    float originX;
    float originY;
    float originZ;
    float spacingX;
    float spacingY;
    float spacingZ;
    float[] volume;
    float[] projections;
    float[] geometry;
    int[] viewSet;

    @Override
    public void run() {
        if (mode == FORWARD) {
            forward(getGlobalId());
        } else {
            back(getGlobalId());
        }
    }

    private float component(int view, int field, int axis) {
        return geometry[view * VIEW_FIELDS + field + axis];
    }

    /** Ray direction (unnormalised) from the source through pixel (row, column), one axis. */
    private float direction(int view, int row, int column, int axis) {
        return component(view, 3, axis) + column * component(view, 6, axis) + row * component(view, 9, axis)
                - component(view, 0, axis);
    }

    private float origin(int axis) {
        float value = originX;
        if (axis == 1) {
            value = originY;
        }
        if (axis == 2) {
            value = originZ;
        }
        return value;
    }

    private float spacing(int axis) {
        float value = spacingX;
        if (axis == 1) {
            value = spacingY;
        }
        if (axis == 2) {
            value = spacingZ;
        }
        return value;
    }

    private void forward(int id) {
        if (id < setSize * rows * columns) {
            int column = id % columns;
            int row = (id / columns) % rows;
            int view = viewSet[id / (rows * columns)];
            float dx = direction(view, row, column, 0);
            float dy = direction(view, row, column, 1);
            float dz = direction(view, row, column, 2);
            int main = 0;
            int a = 1;
            float dMain = dx;
            float dA = dy;
            int sizeMain = nx;
            int sizeA = ny;
            int strideMain = 1;
            int strideA = nx;
            if (abs(dy) > abs(dx)) {
                main = 1;
                a = 0;
                dMain = dy;
                dA = dx;
                sizeMain = ny;
                sizeA = nx;
                strideMain = nx;
                strideA = 1;
            }
            float toFirstPlane = (origin(main) - component(view, 0, main)) / dMain;
            float planeStep = spacing(main) / dMain;
            float fa0 = (component(view, 0, a) + toFirstPlane * dA - origin(a)) / spacing(a);
            float stepA = planeStep * dA / spacing(a);
            float fb0 = (component(view, 0, 2) + toFirstPlane * dz - originZ) / spacingZ;
            float stepB = planeStep * dz / spacingZ;
            float length = spacing(main) * sqrt(dx * dx + dy * dy + dz * dz) / abs(dMain);
            int first = 0;
            int last = sizeMain - 1;
            // the planes where the crossing lies in (-1, size) on both other axes
            if (stepA == 0f) {
                if (fa0 <= -1f || fa0 >= sizeA) {
                    last = -1;
                }
            } else {
                float enter = (-1f - fa0) / stepA;
                float leave = (sizeA - fa0) / stepA;
                // clamped before the cast: OpenCL leaves out-of-range float-to-int conversions undefined
                first = max(first, (int) floor(max(min(enter, leave), -1f)));
                last = min(last, (int) ceil(min(max(enter, leave), (float) sizeMain)));
            }
            if (stepB == 0f) {
                if (fb0 <= -1f || fb0 >= nz) {
                    last = -1;
                }
            } else {
                float enter = (-1f - fb0) / stepB;
                float leave = (nz - fb0) / stepB;
                first = max(first, (int) floor(max(min(enter, leave), -1f)));
                last = min(last, (int) ceil(min(max(enter, leave), (float) sizeMain)));
            }
            int slice = nx * ny;
            float sum = 0f;
            for (int i = first; i <= last; i++) {
                float fa = fa0 + i * stepA;
                float fb = fb0 + i * stepB;
                int ia = (int) floor(fa);
                int ib = (int) floor(fb);
                float wa = fa - ia;
                float wb = fb - ib;
                int base = i * strideMain + ia * strideA + ib * slice;
                int a0 = 0;
                int a1 = 0;
                if (ia >= 0 && ia < sizeA) {
                    a0 = 1;
                }
                if (ia + 1 >= 0 && ia + 1 < sizeA) {
                    a1 = 1;
                }
                if (ib >= 0 && ib < nz) {
                    if (a0 == 1) {
                        sum += (1f - wa) * (1f - wb) * volume[base];
                    }
                    if (a1 == 1) {
                        sum += wa * (1f - wb) * volume[base + strideA];
                    }
                }
                if (ib + 1 >= 0 && ib + 1 < nz) {
                    if (a0 == 1) {
                        sum += (1f - wa) * wb * volume[base + slice];
                    }
                    if (a1 == 1) {
                        sum += wa * wb * volume[base + slice + strideA];
                    }
                }
            }
            projections[(view * rows + row) * columns + column] = sum * length;
        }
    }

    private void back(int id) {
        if (id < nx * ny * nz) {
            int x = id % nx;
            int y = (id / nx) % ny;
            int z = id / (nx * ny);
            float sum = 0f;
            for (int index = 0; index < setSize; index++) {
                int view = viewSet[index];
                sum += gather(view, 0, x, y, z) + gather(view, 1, y, x, z);
            }
            volume[id] = sum;
        }
    }

    /**
     * The rays of {@code view} with main axis {@code main} that cross plane {@code plane} within
     * one voxel of (other, z), each times its weight.
     */
    private float gather(int view, int main, int plane, int other, int z) {
        int a = 1 - main;
        float planeCoordinate = origin(main) + plane * spacing(main);
        float columnLow = 1e30f;
        float columnHigh = -1e30f;
        float rowLow = 1e30f;
        float rowHigh = -1e30f;
        int behind = 0;
        for (int corner = 0; corner < 4; corner++) {
            float cornerA = origin(a) + (other - 1 + 2 * (corner % 2)) * spacing(a);
            float cornerZ = originZ + (z - 1 + 2 * (corner / 2)) * spacingZ;
            float ex = planeCoordinate - component(view, 0, 0);
            float ey = cornerA - component(view, 0, 1);
            if (main == 1) {
                ex = cornerA - component(view, 0, 0);
                ey = planeCoordinate - component(view, 0, 1);
            }
            float ez = cornerZ - component(view, 0, 2);
            float denominator = ex * component(view, 12, 0) + ey * component(view, 12, 1) + ez * component(view, 12, 2);
            if (denominator <= 0f) {
                behind = 1;
            } else {
                float t = geometry[view * VIEW_FIELDS + 15] / denominator;
                float qx = component(view, 0, 0) - component(view, 3, 0) + t * ex;
                float qy = component(view, 0, 1) - component(view, 3, 1) + t * ey;
                float qz = component(view, 0, 2) - component(view, 3, 2) + t * ez;
                float column = qx * component(view, 16, 0) + qy * component(view, 16, 1) + qz * component(view, 16, 2);
                float row = qx * component(view, 19, 0) + qy * component(view, 19, 1) + qz * component(view, 19, 2);
                columnLow = min(columnLow, column);
                columnHigh = max(columnHigh, column);
                rowLow = min(rowLow, row);
                rowHigh = max(rowHigh, row);
            }
        }
        float sum = 0f;
        if (behind == 0) {
            int firstColumn = max(0, (int) ceil(max(columnLow, -1f)));
            int lastColumn = min(columns - 1, (int) floor(min(columnHigh, (float) columns)));
            int firstRow = max(0, (int) ceil(max(rowLow, -1f)));
            int lastRow = min(rows - 1, (int) floor(min(rowHigh, (float) rows)));
            for (int row = firstRow; row <= lastRow; row++) {
                for (int column = firstColumn; column <= lastColumn; column++) {
                    sum += rayWeight(view, row, column, main, plane, other, z)
                            * projections[(view * rows + row) * columns + column];
                }
            }
        }
        return sum;
    }

    /** The forward weight of voxel (plane, other, z) on the ray through (row, column), 0 unless its main axis is {@code main}. */
    private float rayWeight(int view, int row, int column, int main, int plane, int other, int z) {
        float dx = direction(view, row, column, 0);
        float dy = direction(view, row, column, 1);
        float dz = direction(view, row, column, 2);
        int rayMain = 0;
        if (abs(dy) > abs(dx)) {
            rayMain = 1;
        }
        float weight = 0f;
        if (rayMain == main) {
            int a = 1 - main;
            float dMain = dx;
            float dA = dy;
            if (main == 1) {
                dMain = dy;
                dA = dx;
            }
            float toFirstPlane = (origin(main) - component(view, 0, main)) / dMain;
            float planeStep = spacing(main) / dMain;
            float fa = (component(view, 0, a) + toFirstPlane * dA - origin(a)) / spacing(a) + plane * (planeStep * dA / spacing(a));
            float fb = (component(view, 0, 2) + toFirstPlane * dz - originZ) / spacingZ + plane * (planeStep * dz / spacingZ);
            float wa = 1f - abs(fa - other);
            float wb = 1f - abs(fb - z);
            if (wa > 0f && wb > 0f) {
                weight = wa * wb * spacing(main) * sqrt(dx * dx + dy * dy + dz * dz) / abs(dMain);
            }
        }
        return weight;
    }
}
