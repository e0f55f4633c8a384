package org.recon4j.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The OSEM benchmark reconstructs STIR's case as STIR does: the hot sphere's mean after 8 x 4. */
class OsemBenchmarkTest {
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {BenchmarkBase.JAVA, BenchmarkBase.OPENCL})
    void osemBenchmarkMatchesStirsHotSphere(String implementation) {
        OpenClVariants.skipWithoutDevice(implementation);
        OsemBenchmark benchmark = new OsemBenchmark();
        benchmark.threads = 0;
        benchmark.implementation = implementation;
        benchmark.setUp();
        float[] image = benchmark.wholeJob();
        double sum = 0;
        int count = 0;
        var grid = OsemBenchmark.GRID;
        for (int k = 0; k < 128; k++) {
            for (int j = 0; j < 128; j++) {
                for (int i = 0; i < 128; i++) {
                    double dx = grid.x(i) - 50;
                    double dy = grid.y(j);
                    double dz = grid.z(k);
                    if (dx * dx + dy * dy + dz * dz <= 100) {
                        sum += image[(k * 128 + j) * 128 + i];
                        count++;
                    }
                }
            }
        }
        assertEquals(44, count);
        assertEquals(4.574, sum / count, 0.03 * 4.574, implementation + ": sphere A, STIR's OSEM 8x4 gives 4.574");
        benchmark.tearDown();
    }
}
