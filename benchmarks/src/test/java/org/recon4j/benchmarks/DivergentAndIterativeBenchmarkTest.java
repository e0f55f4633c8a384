package org.recon4j.benchmarks;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.recon4j.algorithm.ParallelBeamFbp;
import org.recon4j.filter.FilterWindow;
import org.recon4j.geometry.ParallelBeamGeometry;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.metric.ImageMetrics;
import org.recon4j.metric.Mask;
import org.recon4j.phantom.SheppLogan;

/**
 * The FDK, fan-beam FBP and SIRT benchmarks compute the right images. They run here at a reduced size (the
 * same code path; N is only a parameter) to keep the test suite short.
 */
class DivergentAndIterativeBenchmarkTest {
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {BenchmarkBase.JAVA, BenchmarkBase.OPENCL})
    void fdkBenchmarkReconstructsThePhantom(String implementation) {
        OpenClVariants.skipWithoutDevice(implementation);
        FdkBenchmark benchmark = new FdkBenchmark();
        benchmark.size = 64;
        benchmark.threads = 0;
        benchmark.implementation = implementation;
        benchmark.setUp();
        float[] volume = benchmark.fdk();
        int n = 64;
        VolumeGeometry slice = VolumeGeometry.slice(n, 1);
        float[] central = Arrays.copyOfRange(volume, (n / 2) * n * n, (n / 2 + 1) * n * n);
        double z = benchmark.volume.z(n / 2);
        VolumeGeometry plane = new VolumeGeometry(n, n, 1, 1, 1, 1, 0, 0, z);
        float[] truth = new float[n * n];
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                double sum = 0;
                for (int k = 0; k < 16; k++) {
                    sum += benchmark.phantom.value(slice.x(x) + (k % 4 - 1.5) / 4, slice.y(y) + (k / 4 - 1.5) / 4, z);
                }
                truth[y * n + x] = (float) (sum / 16);
            }
        }
        ParallelBeamGeometry parallel = ParallelBeamGeometry.uniform(FdkBenchmark.VIEWS, 2 * Math.PI, n, 1);
        float[] reference = new ParallelBeamFbp(parallel, plane, FilterWindow.RAM_LAK, 1, 0)
                .reconstruct(benchmark.phantom.parallelSinograms(parallel, plane));
        boolean[] mask = Mask.cylinder(slice, n / 2.0 - 1);
        double rmse = ImageMetrics.rmse(central, truth, mask);
        double parallelRmse = ImageMetrics.rmse(reference, truth, mask);
        assertTrue(rmse <= 1.1 * parallelRmse, "FDK central slice RMSE " + rmse + ", parallel FBP " + parallelRmse);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(org.recon4j.geometry.DetectorShape.class)
    void fanFbpBenchmarkReconstructsThePhantom(org.recon4j.geometry.DetectorShape shape) {
        FanFbpBenchmark benchmark = new FanFbpBenchmark();
        benchmark.size = 128;
        benchmark.shape = shape;
        benchmark.threads = 0;
        benchmark.setUp();
        float[] image = benchmark.fanFbp();
        VolumeGeometry grid = benchmark.grid;
        float[] truth = new float[grid.voxelCount()];
        for (int y = 0; y < grid.ny(); y++) {
            for (int x = 0; x < grid.nx(); x++) {
                double sum = 0;
                for (int k = 0; k < 16; k++) {
                    sum += benchmark.phantom.value(grid.x(x) + (k % 4 - 1.5) / 4, grid.y(y) + (k / 4 - 1.5) / 4, 0);
                }
                truth[y * grid.nx() + x] = (float) (sum / 16);
            }
        }
        ParallelBeamGeometry parallel = ParallelBeamGeometry.uniform(FanFbpBenchmark.VIEWS / 2, Math.PI, 128, 1);
        float[] reference = new ParallelBeamFbp(parallel, grid, FilterWindow.RAM_LAK, 1, 0)
                .reconstruct(benchmark.phantom.parallelSinograms(parallel, grid));
        boolean[] mask = Mask.cylinder(grid, 63);
        double rmse = ImageMetrics.rmse(image, truth, mask);
        double parallelRmse = ImageMetrics.rmse(reference, truth, mask);
        assertTrue(rmse <= 1.1 * parallelRmse, shape + " fan FBP RMSE " + rmse + ", parallel FBP " + parallelRmse);
    }

    @Test
    void sirtBenchmarkReconstructsThePhantom() {
        for (int threads : new int[] {1, 0}) {
            SirtBenchmark benchmark = new SirtBenchmark();
            benchmark.size = 64;
            benchmark.threads = threads;
            benchmark.setUp();
            float[] image = benchmark.sirt();
            float[] truth = SheppLogan.modified2D(32).image(benchmark.grid, 4);
            boolean[] mask = Mask.cylinder(benchmark.grid, 31);
            double rmse = ImageMetrics.rmse(image, truth, mask);
            double start = ImageMetrics.rmse(new float[image.length], truth, mask);
            assertTrue(rmse < 0.5 * start, "SIRT x10 RMSE " + rmse + ", from " + start);
        }
    }
}
