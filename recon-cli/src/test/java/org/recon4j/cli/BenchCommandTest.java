package org.recon4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `recon bench --quick`: every case runs on every engine, reports a small error, and the JSON compares. */
class BenchCommandTest {
    @TempDir
    Path folder;

    @Test
    void quickBenchRecordsEveryCaseWithItsError() throws IOException {
        Path json = folder.resolve("a.json");
        CommandRun run = CommandRun.of("bench", "--quick", "--json", json.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("parallel FBP 256x256, 360 views"), run.out());
        Map<String, Double> records = org.recon4j.evaluation.Benchmark.readRecords(json);
        int engines = (Runtime.getRuntime().availableProcessors() > 1 ? 2 : 1)
                + org.recon4j.gpu.ComputeDevice.list().size();
        assertEquals(7 * engines, records.size(), records.toString());
        if (!org.recon4j.gpu.ComputeDevice.list().isEmpty()) {
            assertTrue(run.out().contains(" opencl/"), "every OpenCL device is benchmarked: " + run.out());
        }
        for (String line : run.out().lines().filter(l -> l.matches(".* \\d+ +[0-9.]+ +[0-9.e+]+ +[0-9.e+-]+$")).toList()) {
            String[] parts = line.trim().split("\\s+");
            double error = Double.parseDouble(parts[parts.length - 1]);
            assertTrue(error < 0.2, "every case's error against its reference is small: " + line);
        }
        CommandRun comparison = CommandRun.of("bench", "--compare", json.toString(), json.toString());
        assertEquals(0, comparison.code(), comparison.err());
        assertTrue(comparison.out().contains("1.00"), comparison.out());
    }
}
