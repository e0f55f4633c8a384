package org.recon4j.gpu;

import com.aparapi.Kernel;

/**
 * The SPECT projector's device work ({@link OpenClSpectProjector}), the model of recon-core's
 * {@code SpectProjector}: per view, voxel j adds x_j A(view, j) G_v(row) G_u(column).
 *
 * <ul>
 * <li>{@link #ATTENUATION}, once: A for every view, in-plane column c of the mask and slice z,
 *     by walking the slice's mu map from the voxel centre toward the camera (0 off the mask).</li>
 * <li>{@link #AXIAL}: forward, first half: for each (view, c, detector row) the sum over slices of
 *     x A G_v. The axial response of slice z is that of slice 0 moved by z * rowsPerPlane rows.</li>
 * <li>{@link #ACROSS}: forward, second half: for each detector bin the sum over the columns whose
 *     response reaches it, found by binary search in the columns sorted by their first bin.</li>
 * <li>{@link #BACK}: one work-item per voxel of the mask's columns gathers its bins from every view.</li>
 * </ul>
 * Every work-item writes its own output, so results are the same on every run.
 */
final class SpectKernel extends Kernel {
    static final int ATTENUATION = 0;
    static final int AXIAL = 1;
    static final int ACROSS = 2;
    static final int BACK = 3;
    /** OSEM on the device ({@link OpenClOsem}): counts over the expected counts, in place. */
    static final int RATIO = 4;
    /** OSEM: estimate times the back-projected ratios over the subset's sensitivity. */
    static final int UPDATE = 5;
    /** OSEM: keeps the back-projection of ones as subset {@code subset}'s sensitivity. */
    static final int SENSITIVITY = 6;

    int mode;
    int nx;
    int ny;
    int nz;
    int detectorColumns;
    int detectorRows;
    int views;
    int setSize;
    int columnCount;
    int acrossCapacity;
    int alongCapacity;
    int rowsPerPlane;
    int hasAttenuation;
    float spacingX;
    float spacingY;
    int[] positions;
    int[] mask;
    float[] mu;
    int[] boxes;
    float[] sines;
    float[] cosines;
    float[] factors;
    int[] acrossFirst;
    int[] acrossCount;
    float[] acrossWeights;
    int[] alongFirst;
    int[] alongCount;
    float[] alongWeights;
    int[] sortedColumns;
    int[] sortedFirst;
    int[] viewSet;
    float[] volumeIn;
    float[] volumeOut;
    float[] projections;
    float[] partial;
    float[] counts;
    float[] additive;
    int hasAdditive;
    float[] sensitivities;
    int subset;

    @Override
    public void run() {
        int id = getGlobalId();
        if (mode == ATTENUATION) {
            attenuation(id);
        }
        if (mode == AXIAL) {
            axial(id);
        }
        if (mode == ACROSS) {
            across(id);
        }
        if (mode == BACK) {
            back(id);
        }
        if (mode == RATIO) {
            ratio(id);
        }
        if (mode == UPDATE) {
            update(id);
        }
        if (mode == SENSITIVITY) {
            keepSensitivity(id);
        }
    }

    private void attenuation(int id) {
        if (id < views * columnCount * nz) {
            int z = id % nz;
            int column = (id / nz) % columnCount;
            int view = id / (nz * columnCount);
            int voxel = z * nx * ny + positions[column];
            float factor = 0f;
            if (mask[voxel] == 1) {
                factor = 1f;
                if (hasAttenuation == 1) {
                    factor = exp(-0.1f * pathIntegral(positions[column] % nx, positions[column] / nx, z,
                            -sines[view], -cosines[view]));
                }
            }
            factors[id] = factor;
        }
    }

    /** mu (1/cm) times mm from the voxel centre along (dx, dy) to the grid's edge, voxel by voxel. */
    private float pathIntegral(int startX, int startY, int z, float directionX, float directionY) {
        int i = startX;
        int j = startY;
        int stepX = -1;
        int stepY = -1;
        if (directionX > 0f) {
            stepX = 1;
        }
        if (directionY > 0f) {
            stepY = 1;
        }
        float nextX = 1e30f;
        float deltaX = 1e30f;
        float nextY = 1e30f;
        float deltaY = 1e30f;
        if (abs(directionX) > 1e-12f) {
            deltaX = spacingX / abs(directionX);
            nextX = 0.5f * deltaX;
        }
        if (abs(directionY) > 1e-12f) {
            deltaY = spacingY / abs(directionY);
            nextY = 0.5f * deltaY;
        }
        int sliceOffset = z * nx * ny;
        int boxLowX = boxes[z * 4];
        int boxHighX = boxes[z * 4 + 1];
        int boxLowY = boxes[z * 4 + 2];
        int boxHighY = boxes[z * 4 + 3];
        float travelled = 0f;
        float sum = 0f;
        int walking = 1;
        if (boxHighX < boxLowX) {
            walking = 0;
        }
        while (walking == 1) {
            if (i < 0 || i >= nx || j < 0 || j >= ny) {
                walking = 0;
            }
            // beyond the box and moving away: only zeros remain
            if (stepX < 0 && i < boxLowX || stepX > 0 && i > boxHighX) {
                walking = 0;
            }
            if (stepY < 0 && j < boxLowY || stepY > 0 && j > boxHighY) {
                walking = 0;
            }
            if (walking == 1) {
                float boundary = min(nextX, nextY);
                sum += mu[sliceOffset + j * nx + i] * (boundary - travelled);
                travelled = boundary;
                if (nextX <= nextY) {
                    i += stepX;
                    nextX += deltaX;
                } else {
                    j += stepY;
                    nextY += deltaY;
                }
            }
        }
        return sum;
    }

    private void axial(int id) {
        if (id < setSize * columnCount * detectorRows) {
            int row = id % detectorRows;
            int column = (id / detectorRows) % columnCount;
            int view = viewSet[id / (detectorRows * columnCount)];
            int base = view * columnCount + column;
            int first = alongFirst[base];
            int count = alongCount[base];
            int lowest = max(0, (int) ceil((row - first - count + 1) / (float) rowsPerPlane));
            int highest = min(nz - 1, (int) floor((row - first) / (float) rowsPerPlane));
            float sum = 0f;
            for (int z = lowest; z <= highest; z++) {
                int tap = row - first - z * rowsPerPlane;
                if (tap >= 0 && tap < count) {
                    sum += volumeIn[z * nx * ny + positions[column]] * factors[base * nz + z]
                            * alongWeights[base * alongCapacity + tap];
                }
            }
            partial[id] = sum;
        }
    }

    private void across(int id) {
        if (id < setSize * detectorRows * detectorColumns) {
            int bin = id % detectorColumns;
            int row = (id / detectorColumns) % detectorRows;
            int index = id / (detectorColumns * detectorRows);
            int view = viewSet[index];
            int start = view * columnCount;
            // the first sorted column whose response could reach this bin
            int low = start;
            int high = start + columnCount;
            int reach = bin - acrossCapacity + 1;
            while (low < high) {
                int middle = (low + high) / 2;
                if (sortedFirst[middle] < reach) {
                    low = middle + 1;
                } else {
                    high = middle;
                }
            }
            float sum = 0f;
            int k = low;
            int end = start + columnCount;
            while (k < end) {
                if (sortedFirst[k] > bin) {
                    k = end;
                } else {
                    int column = sortedColumns[k];
                    int base = view * columnCount + column;
                    int tap = bin - acrossFirst[base];
                    if (tap < acrossCount[base]) {
                        sum += acrossWeights[base * acrossCapacity + tap]
                                * partial[(index * columnCount + column) * detectorRows + row];
                    }
                    k++;
                }
            }
            projections[(view * detectorRows + row) * detectorColumns + bin] = sum;
        }
    }

    private void back(int id) {
        if (id < columnCount * nz) {
            int z = id % nz;
            int column = id / nz;
            float total = 0f;
            for (int index = 0; index < setSize; index++) {
                int view = viewSet[index];
                int base = view * columnCount + column;
                float factor = factors[base * nz + z];
                if (factor != 0f) {
                    int firstRow = alongFirst[base] + z * rowsPerPlane;
                    int firstBin = acrossFirst[base];
                    float sum = 0f;
                    for (int r = 0; r < alongCount[base]; r++) {
                        int row = firstRow + r;
                        if (row >= 0 && row < detectorRows) {
                            int line = (view * detectorRows + row) * detectorColumns + firstBin;
                            float value = 0f;
                            for (int m = 0; m < acrossCount[base]; m++) {
                                value += acrossWeights[base * acrossCapacity + m] * projections[line + m];
                            }
                            sum += value * alongWeights[base * alongCapacity + r];
                        }
                    }
                    total += sum * factor;
                }
            }
            volumeOut[z * nx * ny + positions[column]] = total;
        }
    }

    private void ratio(int id) {
        int frame = detectorRows * detectorColumns;
        if (id < setSize * frame) {
            int bin = viewSet[id / frame] * frame + id % frame;
            float mean = projections[bin];
            if (hasAdditive == 1) {
                mean += additive[bin];
            }
            float value = 0f;
            if (mean > 0f) {
                value = counts[bin] / mean;
            }
            projections[bin] = value;
        }
    }

    private void update(int id) {
        if (id < nx * ny * nz) {
            float sensitivity = sensitivities[subset * nx * ny * nz + id];
            float value = 0f;
            if (sensitivity > 0f) {
                value = volumeIn[id] * volumeOut[id] / sensitivity;
            }
            volumeIn[id] = value;
        }
    }

    private void keepSensitivity(int id) {
        if (id < nx * ny * nz) {
            sensitivities[subset * nx * ny * nz + id] = volumeOut[id];
        }
    }
}
