package org.recon4j.regularisation;

import org.recon4j.geometry.VolumeGeometry;

/**
 * Isotropic total variation {@code TV(x) = sum_j |(grad x)_j|} on a voxel grid, with forward
 * differences of unit voxel spacing and zero difference across the far boundary (Neumann). A
 * grid of one slice is 2D (no z differences); more slices make it 3D. The gradient field is
 * held as one flat {@code float[]} per axis; {@link #adjointGradient} is the exact transpose of
 * {@link #gradient}, so {@code -adjointGradient} is the discrete divergence.
 */
public final class TotalVariation {
    private final int nx;
    private final int ny;
    private final int nz;

    public TotalVariation(VolumeGeometry grid) {
        this.nx = grid.nx();
        this.ny = grid.ny();
        this.nz = grid.nz();
    }

    /** 2 for a single slice, 3 for a volume. */
    public int dimensions() {
        return nz > 1 ? 3 : 2;
    }

    public int voxelCount() {
        return nx * ny * nz;
    }

    /** An upper bound of {@code ||grad||^2}: 4 per dimension. */
    public double squaredNormBound() {
        return 4.0 * dimensions();
    }

    /** Writes the forward differences of {@code image} along x, y and (in 3D) z; {@code gz} may be null in 2D. */
    public void gradient(float[] image, float[] gx, float[] gy, float[] gz) {
        int slice = nx * ny;
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                int row = z * slice + y * nx;
                for (int x = 0; x < nx; x++) {
                    int j = row + x;
                    float value = image[j];
                    gx[j] = x + 1 < nx ? image[j + 1] - value : 0f;
                    gy[j] = y + 1 < ny ? image[j + nx] - value : 0f;
                    if (gz != null) {
                        gz[j] = z + 1 < nz ? image[j + slice] - value : 0f;
                    }
                }
            }
        }
    }

    /** Writes {@code grad^T p} for the field (px, py, pz); {@code pz} may be null in 2D. */
    public void adjointGradient(float[] px, float[] py, float[] pz, float[] out) {
        int slice = nx * ny;
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                int row = z * slice + y * nx;
                for (int x = 0; x < nx; x++) {
                    int j = row + x;
                    float sum = 0f;
                    if (x + 1 < nx) {
                        sum -= px[j];
                    }
                    if (x > 0) {
                        sum += px[j - 1];
                    }
                    if (y + 1 < ny) {
                        sum -= py[j];
                    }
                    if (y > 0) {
                        sum += py[j - nx];
                    }
                    if (pz != null) {
                        if (z + 1 < nz) {
                            sum -= pz[j];
                        }
                        if (z > 0) {
                            sum += pz[j - slice];
                        }
                    }
                    out[j] = sum;
                }
            }
        }
    }

    /** {@code TV(image)}, summed in double. */
    public double value(float[] image) {
        int slice = nx * ny;
        double total = 0;
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                int row = z * slice + y * nx;
                for (int x = 0; x < nx; x++) {
                    int j = row + x;
                    double value = image[j];
                    double dx = x + 1 < nx ? image[j + 1] - value : 0;
                    double dy = y + 1 < ny ? image[j + nx] - value : 0;
                    double dz = z + 1 < nz ? image[j + slice] - value : 0;
                    total += Math.sqrt(dx * dx + dy * dy + dz * dz);
                }
            }
        }
        return total;
    }

    /**
     * {@code field = P(base + step direction)}, where P scales each voxel's vector back onto the
     * ball of {@code radius} when it lies outside: the dual step of TV's proximal map and of PDHG.
     * Each field holds 2 or 3 axes (the third null in 2D); {@code field} may be {@code base}.
     */
    public static void projectOntoBalls(float[][] field, float[][] base, float[][] direction, float step, float radius) {
        float[] fx = field[0];
        float[] fy = field[1];
        float[] fz = field[2];
        for (int j = 0; j < fx.length; j++) {
            float x = base[0][j] + step * direction[0][j];
            float y = base[1][j] + step * direction[1][j];
            float z = fz != null ? base[2][j] + step * direction[2][j] : 0f;
            float length = (float) Math.sqrt(x * x + y * y + z * z);
            float scale = length > radius ? radius / length : 1f;
            fx[j] = x * scale;
            fy[j] = y * scale;
            if (fz != null) {
                fz[j] = z * scale;
            }
        }
    }
}
