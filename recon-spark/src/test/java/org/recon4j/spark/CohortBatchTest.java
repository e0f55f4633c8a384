package org.recon4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cohort on Spark in local mode with a scripted command line: outputs in place and nothing of a
 * failed job, the tables (Parquet read back by Spark itself, CSV), the summary, per-method
 * metrics, the task's cores for jobs without --threads, --device passed on, --resume, and the
 * same bytes on a rerun.
 */
class CohortBatchTest {
    private static SparkSession spark;

    @TempDir
    static Path shared;

    @TempDir
    Path folder;

    @BeforeAll
    static void startSpark() throws IOException {
        spark = SparkSessions.start("local[2]", "recon4j test", shared.resolve("spark.log"));
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    private Manifest manifest() throws IOException {
        Files.writeString(folder.resolve("in.txt"), "input;");
        Files.write(folder.resolve("jobs.jsonl"), List.of(
                "{\"id\": \"a\", \"args\": [\"write\", \"--in\", \"in.txt\", \"--out\", \"a/a.txt\", \"--text\", \"A\"]}",
                "{\"id\": \"b\", \"args\": [\"write\", \"--out\", \"b.txt\", \"--text\", \"B\"]}",
                "{\"id\": \"c\", \"args\": [\"write\", \"--out\", \"c.txt\", \"--threads\", \"7\", \"--device\", \"cpu\"]}",
                "{\"id\": \"broken\", \"args\": [\"fail\", \"--text\", \"boom: the header is wrong\", \"--out\", \"d.txt\"]}",
                "{\"id\": \"missing\", \"args\": [\"write\", \"--in\", \"nowhere.txt\", \"--out\", \"e.txt\"]}",
                "{\"id\": \"cmp\", \"args\": [\"compare\", \"--out\", \"cmp/report.html\"]}"));
        return Manifest.read(folder.resolve("jobs.jsonl"), new ScriptedTool());
    }

    @Test
    void aCohortRunsEveryJobAndRecordsEachOutcome() throws IOException {
        Path out = folder.resolve("out");
        CohortBatch.Outcome outcome = CohortBatch.run(spark, manifest(), out, new CohortBatch.Options(false, "java"),
                new ScriptedTool(), (done, failed, total) -> { });
        assertEquals(List.of("a", "b", "c", "broken", "missing", "cmp"),
                outcome.results().stream().map(JobResult::id).toList());
        assertEquals(2, outcome.failed());
        assertEquals("input;A threads=1 device=java", Files.readString(out.resolve("a/a.txt")),
                "inputs resolved against the manifest; a job without --threads gets its task's cores; --device passed on");
        assertEquals("B threads=1 device=java", Files.readString(out.resolve("b.txt")));
        assertEquals(" threads=7 device=cpu", Files.readString(out.resolve("c.txt")), "a job's own options win");
        assertFalse(Files.exists(out.resolve("d.txt")), "a failed job leaves no output");
        JobResult broken = outcome.results().get(3);
        assertEquals("failed", broken.status());
        assertEquals(2, broken.exitCode());
        assertEquals("boom: the header is wrong", broken.message(), "the last state of the last line");
        assertTrue(outcome.results().get(4).message().contains("nowhere.txt"));
        assertEquals(List.of("a/a.txt", "a/a.txt.extra"), outcome.results().get(0).outputs());
        assertEquals(List.of(29L, 5L), outcome.results().get(0).outputBytes());
        assertTrue(outcome.results().get(0).executorJvm().matches("\\d+@.+"));
        try (Stream<Path> staged = Files.walk(out.resolve(".recon-batch"))) {
            assertTrue(staged.noneMatch(path -> path.toString().contains("staging") && Files.isRegularFile(path)),
                    "no staging file stays behind");
        }

        List<String> csv = Files.readAllLines(out.resolve("results.csv"));
        assertTrue(csv.get(0).startsWith("id,line,command,status,exit_code,message,seconds,device,executor_host,"
                + "executor_jvm,java_version,outputs,output_bytes,method,method_seconds,rmse,ssim"), csv.get(0));
        assertEquals(1 + 5 + 2, csv.size(), "a header, then one row per job and one per method of the comparison");
        Dataset<Row> table = spark.read().parquet(out.resolve("results.parquet").toString());
        assertEquals(7, table.count());
        List<Row> methods = table.filter("id = 'cmp'").orderBy("method").collectAsList();
        assertEquals("fbp:hann", methods.get(0).getAs("method"));
        assertEquals(0.03, (Double) methods.get(0).getAs("rmse"), 1e-12);
        assertEquals(0.02, (Double) methods.get(1).getAs("rmse"), 1e-12);
        assertTrue(Double.isNaN(methods.get(1).<Double>getAs("ssim")), "a NaN metric stays NaN");
        assertEquals(1, table.filter("status = 'failed' and id = 'broken'").count());
        String summary = Files.readString(out.resolve("summary.html"));
        assertTrue(summary.contains("6 jobs, 4 ok, 2 failed"), "the summary counts the jobs");
        assertTrue(summary.contains("<td>fbp:hann</td><td>rmse</td><td>1</td><td>0.030000</td>"), "per-method means");
        assertTrue(summary.contains("href=\"cmp/report.html\""), "each study links its report");
    }

    @Test
    void resumeSkipsWhatIsCompleteAndARerunWritesTheSameBytes() throws IOException {
        Path out = folder.resolve("out");
        Manifest manifest = manifest();
        CohortBatch.run(spark, manifest, out, new CohortBatch.Options(false, null), new ScriptedTool(), (d, f, t) -> { });
        byte[] first = Files.readAllBytes(out.resolve("a/a.txt"));
        int runs = ScriptedTool.RUNS.get("a.txt").get();
        CohortBatch.Outcome resumed = CohortBatch.run(spark, manifest, out, new CohortBatch.Options(true, null),
                new ScriptedTool(), (d, f, t) -> { });
        assertEquals(4, resumed.resumed(), "the four jobs that succeeded are skipped");
        assertEquals(runs, ScriptedTool.RUNS.get("a.txt").get(), "a skipped job does not run");
        Files.delete(out.resolve("a/a.txt.extra"));
        CohortBatch.Outcome partly = CohortBatch.run(spark, manifest, out, new CohortBatch.Options(true, null),
                new ScriptedTool(), (d, f, t) -> { });
        assertEquals(3, partly.resumed(), "a job with an output gone runs again");
        assertEquals(runs + 1, ScriptedTool.RUNS.get("a.txt").get());
        assertArrayEquals(first, Files.readAllBytes(out.resolve("a/a.txt")), "a rerun gives the same bytes");
        List<Integer> progress = new ArrayList<>();
        CohortBatch.run(spark, manifest, out, new CohortBatch.Options(false, null), new ScriptedTool(),
                (done, failed, total) -> progress.add(done));
        assertEquals(6, progress.get(progress.size() - 1), "the progress ends at every job done");
    }
}
