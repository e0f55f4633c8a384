package org.recon4j.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.recon4j.algorithm.Sirt;
import org.recon4j.geometry.ParallelBeamGeometry;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.projector.JosephProjector;
import org.recon4j.projector.Projector;
import org.recon4j.phantom.SheppLogan;

/**
 * Ten SIRT iterations on one N x N slice from 180 parallel views (Joseph projector pair), set-up
 * (row and column sums) included. Each iteration is one forward and one back-projection:
 * updates/s = 2 * 10 * N * N * 180 / time (counting one per voxel and view, as FBP does).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SirtBenchmark extends BenchmarkBase {
    static final int VIEWS = 180;
    static final int ITERATIONS = 10;

    @Param({"256"})
    public int size;

    /** Worker threads; 0 means all cores. */
    @Param({"1", "0"})
    public int threads;

    Projector projector;
    float[] sinogram;
    VolumeGeometry grid;

    @Setup(Level.Trial)
    public void setUp() {
        ParallelBeamGeometry geometry = ParallelBeamGeometry.uniform(VIEWS, Math.PI, size, 1.0);
        grid = VolumeGeometry.slice(size, 1.0);
        sinogram = SheppLogan.modified2D(size / 2.0).sinogram(geometry);
        projector = JosephProjector.parallel(geometry, grid, threads);
    }

    @Benchmark
    public float[] sirt() {
        return new Sirt(projector, sinogram, null, 1.0, true).run(ITERATIONS);
    }
}
