package org.recon4j.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * FDK of 512^3 from 360 views of 512 x 512 in a 2 GiB heap (issue 8): the projections, the
 * filtered projections and the volume must fit together. One shot of several minutes; it fails
 * with an out-of-memory error if they do not.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class FdkLargeBenchmark {
    private final FdkBenchmark fdk = new FdkBenchmark();

    @Setup
    public void setUp() {
        fdk.size = 512;
        fdk.threads = 0;
        fdk.setUp();
    }

    @Benchmark
    public float[] fdk512() {
        return fdk.fdk();
    }
}
