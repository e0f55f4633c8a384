package org.recon4j.gpu;

import com.aparapi.Kernel;

/**
 * The device half of helical weighted FBP ({@link OpenClWeightedFbp}): one work-item per voxel,
 * slices fastest so that neighbouring items read neighbouring rows of a rebinned projection. For
 * every in-plane direction (a family of views half a turn apart) it sums the Q-weighted rays that
 * cross the voxel and adds the weighted mean, as recon-core's {@code WeightedFbp} does: the values
 * come weighted by row, and the weight sum interpolates {@link #rowWeights} alike. Only the
 * views whose source z lies within {@link #zReach} of the voxel are visited: the source z of view
 * j is about {@code zIntercept + j * zSlope} (within {@code zReach}'s allowance). Voxels beyond
 * the field of view stay 0, as on the CPU.
 */
final class WeightedBackProjectionKernel extends Kernel {
    int nx;
    int ny;
    int nz;
    float firstX;
    float firstY;
    float firstZ;
    float spacingX;
    float spacingY;
    float spacingZ;
    int views;
    int families;
    int bins;
    int rows;
    float firstBin;
    float binSpacing;
    float firstRow;
    float rowSpacing;
    float radiusSquared;
    float fieldOfViewSquared;
    float zIntercept;
    float zSlope;
    float zReach;
    float[] cosines;
    float[] sines;
    float[] values;
    float[] sourceZ;
    float[] lengths;
    float[] rowWeights;
    float[] image;

    @Override
    public void run() {
        int id = getGlobalId();
        int z = id % nz;
        int rest = id / nz;
        int x = rest % nx;
        int y = rest / nx;
        if (y < ny) {
            float px = firstX + x * spacingX;
            float py = firstY + y * spacingY;
            float value = 0f;
            if (px * px + py * py <= fieldOfViewSquared) {
                value = voxel(px, py, firstZ + z * spacingZ);
            }
            image[(z * ny + y) * nx + x] = value;
        }
    }

    private float voxel(float px, float py, float pz) {
        int low = 0;
        int high = views - 1;
        if (zSlope != 0f) {
            float a = (pz - zReach - zIntercept) / zSlope;
            float b = (pz + zReach - zIntercept) / zSlope;
            low = max(0, (int) floor(min(a, b)));
            high = min(views - 1, (int) ceil(max(a, b)));
        }
        float lastRow = firstRow + (rows - 1) * rowSpacing;
        float total = 0f;
        for (int family = 0; family < families; family++) {
            int first = family;
            if (low > family) {
                first = family + (low - family + families - 1) / families * families;
            }
            float numerator = 0f;
            float denominator = 0f;
            for (int view = first; view <= high; view += families) {
                float cos = cosines[view];
                float sin = sines[view];
                float t = px * cos + py * sin;
                float bin = (t - firstBin) / binSpacing;
                if (bin >= 0f && bin < bins - 1) {
                    int n = (int) bin;
                    float wn = bin - n;
                    float along = -px * sin + py * cos + sqrt(radiusSquared - t * t);
                    int at = view * bins + n;
                    float zSource = (1f - wn) * sourceZ[at] + wn * sourceZ[at + 1];
                    float length = (1f - wn) * lengths[n] + wn * lengths[n + 1];
                    float height = (pz - zSource) * length / along;
                    if (height >= firstRow && height <= lastRow) {
                        float row = (height - firstRow) / rowSpacing;
                        int r = min(max((int) row, 0), rows - 2);
                        float wr = min(1f, max(0f, row - r));
                        int a = at * rows + r;
                        float value = (1f - wn) * ((1f - wr) * values[a] + wr * values[a + 1])
                                + wn * ((1f - wr) * values[a + rows] + wr * values[a + rows + 1]);
                        numerator += value;
                        denominator += (1f - wr) * rowWeights[r] + wr * rowWeights[r + 1];
                    }
                }
            }
            if (denominator > 0f) {
                total += numerator / denominator;
            }
        }
        return total;
    }
}
