package org.recon4j.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
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
import org.recon4j.algorithm.Osem;
import org.recon4j.geometry.SpectGeometry;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.projector.CollimatorResponse;
import org.recon4j.projector.SpectProjector;
import org.recon4j.projector.Projector;
import org.recon4j.gpu.ComputeDevice;
import org.recon4j.gpu.OpenClOsem;
import org.recon4j.gpu.OpenClSpectProjector;
import org.recon4j.testdata.ReferenceData;

/**
 * SPECT OSEM 8 subsets x 4 iterations on STIR's case (128^3, 120 views of 128 x 128, attenuation,
 * collimator response cut at 3 sigmas, body mask): the whole job as STIR's 64.8 s figure counts it
 * (projector set-up with attenuation factors, sensitivities, iterations), and the iterations alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
public class OsemBenchmark {
    static final VolumeGeometry GRID = new VolumeGeometry(128, 128, 128, 4.42, 4.42, 4.42, 0, 0, 0);

    /** Worker threads; 0 means all cores. */
    @Param({"0"})
    public int threads;

    /** {@code java} (recon-core) or {@code opencl} (recon-gpu on the best OpenCL device). */
    @Param({BenchmarkBase.JAVA})
    public String implementation = BenchmarkBase.JAVA;

    float[] counts;
    float[] mu;
    boolean[] body;
    SpectGeometry geometry;
    Projector projector;

    static float[] gzipFloats(String resource, int count) {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(ReferenceData.bytes(resource)))) {
            float[] values = new float[count];
            ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
            return values;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        counts = gzipFloats("spect-stir-a/proj_noisy.s.gz", 120 * 128 * 128);
        mu = gzipFloats("spect-stir-a/mu_map.v.gz", GRID.voxelCount());
        body = new boolean[mu.length];
        for (int i = 0; i < mu.length; i++) {
            body[i] = mu[i] > 0;
        }
        // STIR's header: start angle 180, CW, 3 degrees a view, radius 200 mm (see Interfile's mapping)
        geometry = SpectGeometry.fromDicom(0, 3, SpectGeometry.Direction.CW, 120, new double[] {200}, 128, 128, 4.42, 4.42);
        projector = projector();
    }

    Projector projector() {
        CollimatorResponse response = CollimatorResponse.linear(0.0163, 1.466, 3);
        ComputeDevice device = BenchmarkBase.device(implementation);
        return device == null ? new SpectProjector(geometry, GRID, mu, body, response, threads)
                : new OpenClSpectProjector(geometry, GRID, mu, body, response, device);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (projector instanceof OpenClSpectProjector openCl) {
            openCl.close();
        }
    }

    /** The whole job; on OpenCL the device-resident {@code OpenClOsem}. */
    @Benchmark
    public float[] wholeJob() {
        Projector whole = projector();
        if (whole instanceof OpenClSpectProjector openCl) {
            try (openCl) {
                return new OpenClOsem(openCl, counts, null, 8).run(4);
            }
        }
        return new Osem(whole, counts, null, null, 8).run(4);
    }

    @Benchmark
    public float[] iterationsOnly() {
        return new Osem(projector, counts, null, null, 8).run(4);
    }
}
