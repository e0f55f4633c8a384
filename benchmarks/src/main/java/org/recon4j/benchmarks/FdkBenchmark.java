package org.recon4j.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.recon4j.algorithm.DivergentBeamFbp;
import org.recon4j.filter.FilterWindow;
import org.recon4j.geometry.ConeBeamGeometry;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.gpu.ComputeDevice;
import org.recon4j.gpu.OpenClFbp;
import org.recon4j.phantom.Phantom3D;
import org.recon4j.phantom.SheppLogan;

/**
 * FDK of N^3 voxels from 360 views of an N x N panel over 360 degrees, cone angle about 10
 * degrees (issue 3's case at N = 256), filtering included. Updates/s = N^3 * 360 / time.
 * Single-shot: one reconstruction takes seconds.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
public class FdkBenchmark {
    static final int VIEWS = 360;

    @Param({"128", "256"})
    public int size;

    /** Worker threads; 0 means all cores. */
    @Param({"0"})
    public int threads;

    /** {@code java} (recon-core) or {@code opencl} (recon-gpu on the best OpenCL device). */
    @Param({BenchmarkBase.JAVA})
    public String implementation = BenchmarkBase.JAVA;

    DivergentBeamFbp fdk;
    OpenClFbp openCl;
    float[] projections;
    VolumeGeometry volume;
    Phantom3D phantom;

    @Setup(Level.Trial)
    public void setUp() {
        double scale = size / 256.0;
        ConeBeamGeometry cone = ConeBeamGeometry.circular(VIEWS, 1500 * scale, 2000 * scale, size, size, 1.4);
        volume = VolumeGeometry.stack(size, size, 1);
        phantom = SheppLogan.modified3D(size / 2.0);
        projections = phantom.lineIntegrals(cone.rays());
        fdk = DivergentBeamFbp.fdk(cone, volume, FilterWindow.RAM_LAK, 1, threads);
        ComputeDevice device = BenchmarkBase.device(implementation);
        openCl = device == null ? null : OpenClFbp.fdk(cone, volume, FilterWindow.RAM_LAK, 1, device);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (openCl != null) {
            openCl.close();
        }
    }

    /** FDK with filtering; on OpenCL both transfers too. */
    @Benchmark
    public float[] fdk() {
        return openCl != null ? openCl.reconstruct(projections) : fdk.reconstruct(projections);
    }
}
