package org.recon4j.benchmarks;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.recon4j.metric.ImageMetrics;
import org.recon4j.metric.Mask;
import org.recon4j.phantom.SheppLogan;

/** Every benchmarked variant must compute the right image, or its speed means nothing. */
class ParallelFbpBenchmarkTest {
    @ParameterizedTest(name = "{0}, threads {1}, {2}")
    @CsvSource({"256:180, 1, java", "256:180, 0, java", "512:720, 1, java", "512:720, 0, java", "256:180, 0, opencl",
        "512:720, 0, opencl"})
    void everyVariantReconstructsThePhantom(String sizeAndViews, int threads, String implementation) {
        OpenClVariants.skipWithoutDevice(implementation);
        ParallelFbpBenchmark benchmark = new ParallelFbpBenchmark();
        benchmark.sizeAndViews = sizeAndViews;
        benchmark.threads = threads;
        benchmark.implementation = implementation;
        benchmark.setUp();
        float[] image = benchmark.fbp();
        int size = benchmark.grid.nx();
        float[] truth = SheppLogan.modified2D(size / 2.0).image(benchmark.grid, 4);
        double rmse = ImageMetrics.rmse(image, truth, Mask.cylinder(benchmark.grid, size / 2.0 - 1));
        assertTrue(rmse < 0.025, sizeAndViews + " " + implementation + " RMSE " + rmse);
        benchmark.tearDown();
    }
}
