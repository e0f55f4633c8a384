package org.recon4j.spect;

import org.jtransforms.fft.FloatFFT_3D;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.util.Checks;

/** Post-reconstruction smoothing of emission images. */
public final class PostFilter {
    private PostFilter() {
    }

    /**
     * A 3D Gaussian of the given FWHM (mm), separable, cut at 4 sigmas and normalised so that a
     * uniform image stays uniform away from its edges (and the total stays when nothing reaches them).
     */
    public static float[] gaussian(float[] image, VolumeGeometry grid, double fwhm) {
        Checks.length("image", image, grid.voxelCount());
        Checks.positiveFinite("Gaussian FWHM (mm)", fwhm);
        double sigma = fwhm / (2 * Math.sqrt(2 * Math.log(2)));
        float[] result = image.clone();
        float[] buffer = new float[Math.max(grid.nx(), Math.max(grid.ny(), grid.nz()))];
        int[] sizes = {grid.nx(), grid.ny(), grid.nz()};
        int[] strides = {1, grid.nx(), grid.sliceSize()};
        double[] spacings = {grid.dx(), grid.dy(), grid.dz()};
        for (int axis = 0; axis < 3; axis++) {
            double[] kernel = kernel(sigma / spacings[axis]);
            int radius = kernel.length / 2;
            int n = sizes[axis];
            int stride = strides[axis];
            for (int start = 0; start < result.length; start++) {
                if ((start / stride) % n != 0) {
                    continue; // visit each line once, from its first element
                }
                for (int i = 0; i < n; i++) {
                    buffer[i] = result[start + i * stride];
                }
                for (int i = 0; i < n; i++) {
                    double sum = 0;
                    for (int k = Math.max(-radius, -i); k <= Math.min(radius, n - 1 - i); k++) {
                        sum += kernel[k + radius] * buffer[i + k];
                    }
                    result[start + i * stride] = (float) sum;
                }
            }
        }
        return result;
    }

    private static double[] kernel(double sigmaVoxels) {
        int radius = Math.max(1, (int) Math.ceil(4 * sigmaVoxels));
        double[] kernel = new double[2 * radius + 1];
        double sum = 0;
        for (int k = -radius; k <= radius; k++) {
            kernel[k + radius] = Math.exp(-0.5 * k * k / (sigmaVoxels * sigmaVoxels));
            sum += kernel[k + radius];
        }
        for (int k = 0; k < kernel.length; k++) {
            kernel[k] /= sum;
        }
        return kernel;
    }

    /**
     * A 3D Butterworth low-pass, {@code 1 / (1 + (f / cutoff)^(2 order))} with f the radial
     * frequency in cycles per mm, applied by FFT (the image is treated as periodic).
     */
    public static float[] butterworth(float[] image, VolumeGeometry grid, double cutoffCyclesPerMm, int order) {
        Checks.length("image", image, grid.voxelCount());
        Checks.positiveFinite("Butterworth cut-off (cycles/mm)", cutoffCyclesPerMm);
        Checks.positive("Butterworth order", order);
        int nx = grid.nx();
        int ny = grid.ny();
        int nz = grid.nz();
        float[] complex = new float[2 * image.length];
        for (int i = 0; i < image.length; i++) {
            complex[2 * i] = image[i];
        }
        FloatFFT_3D fft = new FloatFFT_3D(nz, ny, nx);
        fft.complexForward(complex);
        for (int z = 0; z < nz; z++) {
            double fz = frequency(z, nz, grid.dz());
            for (int y = 0; y < ny; y++) {
                double fy = frequency(y, ny, grid.dy());
                for (int x = 0; x < nx; x++) {
                    double fx = frequency(x, nx, grid.dx());
                    double ratio = Math.sqrt(fx * fx + fy * fy + fz * fz) / cutoffCyclesPerMm;
                    float gain = (float) (1 / (1 + Math.pow(ratio, 2 * order)));
                    int index = 2 * ((z * ny + y) * nx + x);
                    complex[index] *= gain;
                    complex[index + 1] *= gain;
                }
            }
        }
        fft.complexInverse(complex, true);
        float[] result = new float[image.length];
        for (int i = 0; i < image.length; i++) {
            result[i] = complex[2 * i];
        }
        return result;
    }

    private static double frequency(int index, int n, double spacing) {
        int k = index <= n / 2 ? index : index - n;
        return k / (n * spacing);
    }
}
