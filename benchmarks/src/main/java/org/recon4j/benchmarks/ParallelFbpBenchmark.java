package org.recon4j.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.recon4j.Progress;
import org.recon4j.algorithm.ParallelBeamFbp;
import org.recon4j.filter.FilterWindow;
import org.recon4j.geometry.ParallelBeamGeometry;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.gpu.ComputeDevice;
import org.recon4j.gpu.OpenClFbp;
import org.recon4j.phantom.SheppLogan;

/**
 * Parallel-beam FBP of one slice, filtering included: N x N pixels from V views of N bins
 * (the exact Shepp-Logan sinogram). Voxel-view updates per second = N * N * V / time.
 */
@State(Scope.Benchmark)
public class ParallelFbpBenchmark extends BenchmarkBase {
    @Param({"256:180", "512:720"})
    public String sizeAndViews;

    /** Worker threads; 0 means all cores. */
    @Param({"1", "0"})
    public int threads;

    /** {@code java} (recon-core) or {@code opencl} (recon-gpu on the best OpenCL device). */
    @Param({JAVA})
    public String implementation = BenchmarkBase.JAVA;

    ParallelBeamFbp fbp;
    OpenClFbp openCl;
    float[] sinogram;
    float[] image;
    VolumeGeometry grid;

    @Setup(Level.Trial)
    public void setUp() {
        int[] parsed = sizeAndViews(sizeAndViews);
        int size = parsed[0];
        ParallelBeamGeometry geometry = ParallelBeamGeometry.uniform(parsed[1], Math.PI, size, 1.0);
        grid = VolumeGeometry.slice(size, 1.0);
        sinogram = SheppLogan.modified2D(size / 2.0).sinogram(geometry);
        fbp = new ParallelBeamFbp(geometry, grid, FilterWindow.RAM_LAK, 1.0, threads);
        ComputeDevice device = device(implementation);
        openCl = device == null ? null : OpenClFbp.parallel(geometry, grid, FilterWindow.RAM_LAK, 1.0, device);
        image = new float[grid.voxelCount()];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (openCl != null) {
            openCl.close();
        }
    }

    @Benchmark
    public float[] fbp() {
        if (openCl != null) {
            return openCl.reconstruct(sinogram);
        }
        fbp.reconstruct(sinogram, image, Progress.NONE);
        return image;
    }
}
