package org.recon4j.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Settings shared by every Recon4J benchmark: average time per call in milliseconds, one fork
 * with a fixed heap, enough warm-up for C2 to compile the hot loops. Subclasses declare their
 * {@code @Param}s and a {@code setUp} that a test also calls to check the answer.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public abstract class BenchmarkBase {
    /** The values of every benchmark's {@code implementation} parameter: recon-core on Java threads. */
    public static final String JAVA = "java";
    /** recon-gpu on the best OpenCL device ({@code -p implementation=opencl}). */
    public static final String OPENCL = "opencl";

    /** The OpenCL device an {@code opencl} implementation runs on, or null for {@code java}. */
    static org.recon4j.gpu.ComputeDevice device(String implementation) {
        return switch (implementation) {
            case JAVA -> null;
            case OPENCL -> org.recon4j.gpu.ComputeDevice.select("best");
            default -> throw new IllegalArgumentException("implementation must be java or opencl, found " + implementation);
        };
    }

    /** Parses a "SIZE:VIEWS" parameter. */
    static int[] sizeAndViews(String parameter) {
        String[] parts = parameter.split(":");
        return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
    }
}
