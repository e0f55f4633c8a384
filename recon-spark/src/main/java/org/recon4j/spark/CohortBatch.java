package org.recon4j.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;

/**
 * A cohort of jobs on Spark: one task per job, each running its command in-process where it
 * lands. Finished jobs write their outputs and a record; then the driver writes the results
 * table (Parquet and CSV) and the HTML summary. A failed job is a row, never a stop: the batch
 * runs every job and says how many failed.
 */
public final class CohortBatch {
    /** Told as jobs finish: how many are done (ok or failed), how many failed, of how many. */
    @FunctionalInterface
    public interface Listener {
        void progress(int done, int failed, int total);
    }

    /**
     * @param resume         skip jobs whose record says they finished and whose outputs are all there
     * @param device         {@code --device} for jobs that name none, or null
     * @param executorMemory each executor's heap on a cluster ({@code spark.executor.memory}), or null for Spark's 1g
     */
    public record Options(boolean resume, String device, String executorMemory) {
        public Options(boolean resume, String device) {
            this(resume, device, null);
        }
    }

    /** Every job's row in manifest order, and how many were skipped as already done. */
    public record Outcome(List<JobResult> results, int resumed) {
        public long failed() {
            return results.stream().filter(result -> !result.ok()).count();
        }
    }

    private CohortBatch() {
    }

    /**
     * Runs the cohort on a session of its own on {@code master} (null: local mode, or the master
     * spark-submit gave), Spark's log in the output folder's {@code spark.log}.
     */
    public static Outcome run(String master, Manifest manifest, Path out, Options options, CommandLineTool tool,
                              Listener listener) throws IOException {
        BatchLayout layout = new BatchLayout(out);
        Files.createDirectories(layout.out());
        SparkSession spark = SparkSessions.start(master, options.executorMemory(),
                "recon batch " + manifest.file().getFileName(), layout.log(), tool.getClass());
        try {
            return run(spark, manifest, out, options, tool, listener);
        } finally {
            spark.stop();
        }
    }

    /** Runs the cohort on {@code spark}, a session the caller owns. */
    public static Outcome run(SparkSession spark, Manifest manifest, Path out, Options options, CommandLineTool tool,
                              Listener listener) throws IOException {
        BatchLayout layout = new BatchLayout(out);
        Files.createDirectories(layout.records());
        JobExecution.deleteTree(layout.staging());
        BatchSettings settings = new BatchSettings(layout.out().toString(), UUID.randomUUID().toString(),
                options.device());
        List<JobResult> results = new ArrayList<>();
        List<BatchJob> pending = new ArrayList<>();
        for (BatchJob job : manifest.jobs()) {
            JobResult record = options.resume() ? JobExecution.readRecord(layout.record(job.id())) : null;
            if (record != null && JobExecution.intact(layout, record)) {
                results.add(record);
            } else {
                pending.add(job);
            }
        }
        int resumed = results.size();
        int total = manifest.jobs().size();
        listener.progress(resumed, 0, total);
        if (!pending.isEmpty()) {
            try {
                results.addAll(runOnSpark(spark, pending, settings, tool, resumed, total, listener));
            } catch (IllegalStateException e) { // Spark stopped under us (a master gone, the JVM shutting down)
                throw new IOException("Spark stopped before the jobs finished: " + rootMessage(e)
                        + "; its log: " + layout.log(), e);
            }
        }
        // attempts lost with their executor leave their staging folders behind
        JobExecution.deleteTree(layout.staging());
        results.sort(Comparator.comparingInt(JobResult::line));
        Outcome outcome = new Outcome(List.copyOf(results), resumed);
        ResultsTable.write(spark, layout, outcome.results());
        CohortSummary.write(layout, manifest, outcome);
        return outcome;
    }

    private static List<JobResult> runOnSpark(SparkSession spark, List<BatchJob> jobs, BatchSettings settings,
                                              CommandLineTool tool, int alreadyDone, int total, Listener listener)
            throws IOException {
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        LongAccumulator done = context.sc().longAccumulator("jobs done");
        LongAccumulator failed = context.sc().longAccumulator("jobs failed");
        context.setJobDescription("recon batch: " + jobs.size() + " jobs");
        // one partition per job: Spark schedules, retries and places each job on its own
        JavaRDD<BatchJob> tasks = context.parallelize(jobs, jobs.size());
        JavaRDD<JobResult> results = tasks.map(job -> {
            TaskContext task = TaskContext.get();
            int cpus = task == null ? Runtime.getRuntime().availableProcessors() : task.cpus();
            JobResult result = JobExecution.execute(job, settings, tool, cpus);
            done.add(1);
            if (!result.ok()) {
                failed.add(1);
            }
            return result;
        });
        Future<List<JobResult>> collected = results.collectAsync();
        while (true) {
            try {
                List<JobResult> finished = collected.get(250, TimeUnit.MILLISECONDS);
                long failures = finished.stream().filter(result -> !result.ok()).count();
                listener.progress(alreadyDone + finished.size(), (int) failures, total);
                return finished;
            } catch (TimeoutException e) {
                listener.progress(alreadyDone + (int) Math.min(done.value(), jobs.size()), (int) (long) failed.value(),
                        total);
            } catch (InterruptedException e) {
                collected.cancel(true);
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while the jobs ran", e);
            } catch (ExecutionException e) {
                throw new IOException("Spark could not run the jobs: " + rootMessage(e), e);
            }
        }
    }

    static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null ? root.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
    }
}
