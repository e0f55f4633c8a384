package org.recon4j.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recon4j.InvalidInputException;

/**
 * The JSON files the evaluation code writes: comparison records and benchmark results read back
 * what was written (NaN included), files in the first versions' layout (written by earlier
 * releases) still read, and anything else is refused in one line.
 */
class SavedFilesTest {
    @TempDir
    Path folder;

    @Test
    void aComparisonRecordReadsBackWhatWasWritten() throws IOException {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("rmse", 0.0123);
        metrics.put("psnr_db", Double.POSITIVE_INFINITY);
        metrics.put("ssim", Double.NaN);
        ComparisonRecord record = new ComparisonRecord(ComparisonRecord.CT_FORMAT, List.of("compare", "--in", "a \"b\".mhd"),
                List.of(new MethodResult("sirt:50", 1.5, metrics)));
        Path file = folder.resolve("r.json");
        record.write(file);
        ComparisonRecord read = ComparisonRecord.read(file);
        assertEquals(record.arguments(), read.arguments());
        assertEquals(List.of("rmse", "psnr_db", "ssim"), List.copyOf(read.results().get(0).metrics().keySet()),
                "metrics keep their order");
        assertEquals(0.0123, read.results().get(0).metrics().get("rmse"));
        assertTrue(Double.isInfinite(read.results().get(0).metrics().get("psnr_db")));
        assertTrue(Double.isNaN(read.results().get(0).metrics().get("ssim")));
    }

    @Test
    void aFirstVersionComparisonFileStillReads() throws IOException {
        Path file = Files.writeString(folder.resolve("old.json"), "{\n  \"format\": \"recon4j-compare/1\",\n"
                + "  \"arguments\": [\"compare\", \"--in\", \"s.mhd\", \"--out\", \"r.html\"]\n}\n");
        ComparisonRecord read = ComparisonRecord.read(file);
        assertEquals(List.of("compare", "--in", "s.mhd", "--out", "r.html"), read.arguments());
        assertTrue(read.results().isEmpty());
    }

    @Test
    void otherFilesAreRefusedInOneLine() throws IOException {
        Path garbage = Files.writeString(folder.resolve("g.json"), "{\"format\": ");
        Path other = Files.writeString(folder.resolve("o.json"), "{\"format\": \"something-else/2\"}");
        for (Path file : List.of(garbage, other, folder.resolve("absent.json"))) {
            InvalidInputException refused = assertThrows(InvalidInputException.class, () -> ComparisonRecord.read(file));
            assertEquals(1, refused.getMessage().lines().count(), refused.getMessage());
        }
    }

    @Test
    void benchmarkResultsReadBackAndFirstVersionFilesStillRead() throws IOException {
        Path file = folder.resolve("bench.json");
        Benchmark.Engine java = new Benchmark.Engine(2, null);
        Benchmark.write(file, List.of(new Benchmark.Result("parallel FBP 256x256, 360 views", java, 0.5, 1e9, 0.01, "RMSE"),
                new Benchmark.Result("FDK 64^3, 90 views", new Benchmark.Engine(1, null), 2.0, 1e8, Double.NaN, "RMSE")));
        Map<String, Double> records = Benchmark.readRecords(file);
        assertEquals(2e9, records.get("parallel FBP 256x256, 360 views, 2 thread(s)"), 1);
        assertEquals(5e7, records.get("FDK 64^3, 90 views, 1 thread(s)"), 1);
        // as the first release's string building wrote it: NaN bare, a device by name
        Path old = Files.writeString(folder.resolve("old.json"), "{\n  \"format\": \"recon4j-bench/1\",\n"
                + "  \"date\": \"2026-11-20T10:00:00Z\",\n  \"machine\": {\"cpu\": \"X\", \"cores\": 2, \"os\": \"Linux\", "
                + "\"maxHeapMiB\": 4096},\n  \"jvm\": {\"version\": \"17\", \"vendor\": \"V\", \"vm\": \"M\"},\n"
                + "  \"recon4j\": \"development\",\n  \"records\": [\n"
                + "    {\"case\": \"a\", \"device\": \"CPU (Java)\", \"threads\": 2, \"seconds\": 0.5, "
                + "\"updatesPerSecond\": 4.00000e+09, \"error\": NaN, \"errorKind\": \"RMSE\"},\n"
                + "    {\"case\": \"a\", \"device\": \"Some GPU (OpenCL)\", \"threads\": 0, \"seconds\": 0.1, "
                + "\"updatesPerSecond\": 2.00000e+10, \"error\": 1.00000e-05, \"errorKind\": \"RMSE\"}\n  ]\n}\n");
        Map<String, Double> oldRecords = Benchmark.readRecords(old);
        assertEquals(4e9, oldRecords.get("a, 2 thread(s)"), 1);
        assertEquals(2e10, oldRecords.get("a, Some GPU (OpenCL)"), 1);
        InvalidInputException refused = assertThrows(InvalidInputException.class,
                () -> Benchmark.readRecords(Files.writeString(folder.resolve("x.json"), "[1, 2]")));
        assertTrue(refused.getMessage().contains("expected a file written by 'recon bench --json'"), refused.getMessage());
    }
}
