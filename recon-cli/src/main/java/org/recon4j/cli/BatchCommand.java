package org.recon4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.recon4j.InvalidInputException;
import org.recon4j.spark.BatchLayout;
import org.recon4j.spark.CohortBatch;
import org.recon4j.spark.ExampleCohort;
import org.recon4j.spark.JobResult;
import org.recon4j.spark.Manifest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code recon batch}: a manifest of jobs on Spark. Exit status 0 when every job succeeded, 2
 * when the manifest is refused or some job failed (each failed job is a row with its message).
 */
@Command(name = "batch", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs a manifest of recon jobs on Apache Spark: in this process by default, or on a cluster.",
            "The manifest is JSON Lines, one job a line: {\"id\": \"p017\", \"args\": [\"osem\", \"--in\", ...]}.",
            "Writes each job's outputs under DIR, and DIR/results.parquet, DIR/results.csv, DIR/summary.html.",
            "Exit status: 0 when every job succeeded, 2 when some failed or the manifest is refused.",
            "Try it: recon batch --example DIR"})
final class BatchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "MANIFEST",
            description = "JSON Lines, one job a line; input paths relative to the manifest's folder.")
    Path manifest;

    @Option(names = "--out", paramLabel = "DIR", description = "Where outputs go (output paths are relative to it), "
            + "with the results tables, the summary and spark.log.")
    Path out;

    @Option(names = "--master", paramLabel = "URL",
            description = "local[*] (default: Spark inside this process), local[N] or spark://HOST:PORT.")
    String master;

    @Option(names = "--executor-memory", paramLabel = "SIZE",
            description = "On a cluster: each executor's heap, e.g. 4g (default: Spark's, 1g); at most a worker's memory.")
    String executorMemory;

    @Option(names = "--resume", description = "Skip jobs whose outputs a previous run wrote completely.")
    boolean resume;

    @Option(names = "--device", paramLabel = "auto|java|gpu|cpu|NAME",
            description = "--device for the jobs that name none (default: each command's own, auto).")
    String device;

    @Option(names = "--example", paramLabel = "DIR",
            description = "Write a small example cohort and its manifest to DIR instead, then say how to run it.")
    Path example;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar; the summary and failures only.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        ReconTool tool = new ReconTool();
        if (example != null) {
            if (manifest != null || out != null) {
                throw new InvalidInputException("--example DIR writes a cohort; run it afterwards with MANIFEST --out DIR");
            }
            Path written = ExampleCohort.write(example, tool, line -> {
                if (!quiet) {
                    err.println("batch --example: " + line);
                    err.flush();
                }
            });
            err.printf("example cohort written; run it with:%n  recon batch %s --out %s%n", written,
                    example.resolve("results"));
            err.flush();
            return 0;
        }
        if (manifest == null || out == null) {
            throw new InvalidInputException("expected MANIFEST and --out DIR (or --example DIR)");
        }
        SparkCheck.require("recon batch");
        Manifest jobs = Manifest.read(manifest, tool);
        for (var job : jobs.jobs()) {
            if (job.missing() != null) {
                err.printf("batch: %s line %d (%s): input %s does not exist; recorded as failed%n",
                        manifest.getFileName(), job.line(), job.id(), job.missing());
            }
        }
        BatchLayout layout = new BatchLayout(out);
        long start = System.nanoTime();
        BatchProgress progress = new BatchProgress(err, quiet);
        CohortBatch.Outcome outcome;
        try {
            outcome = CohortBatch.run(master, jobs, out, new CohortBatch.Options(resume, device, executorMemory), tool, progress);
        } finally {
            progress.finish();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        for (JobResult result : outcome.results()) {
            if (!result.ok()) {
                err.printf("batch: %s (line %d) failed: %s%n", result.id(), result.line(), result.message());
            }
        }
        long failed = outcome.failed();
        err.printf(Locale.ROOT, "batch: %d jobs, %d ok, %d failed%s in %.1f s -> %s (results.csv, results.parquet, "
                        + "summary.html)%n", outcome.results().size(), outcome.results().size() - failed, failed,
                outcome.resumed() > 0 ? ", " + outcome.resumed() + " done before" : "", seconds, layout.out());
        err.flush();
        return failed == 0 ? 0 : Recon.EXIT_INPUT;
    }

    /** The terminal's progress bar: jobs done of all, and failures so far. */
    private static final class BatchProgress implements CohortBatch.Listener {
        private static final int WIDTH = 30;
        private final PrintWriter err;
        private final boolean enabled;
        private String drawn = "";

        BatchProgress(PrintWriter err, boolean quiet) {
            this.err = err;
            this.enabled = !quiet && System.console() != null;
        }

        @Override
        public synchronized void progress(int done, int failed, int total) {
            if (!enabled || total <= 0) {
                return;
            }
            int filled = WIDTH * done / total;
            String line = "batch [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + done + "/" + total + " jobs"
                    + (failed > 0 ? ", " + failed + " failed" : "");
            if (!line.equals(drawn)) {
                err.print("\r" + line);
                err.flush();
                drawn = line;
            }
        }

        synchronized void finish() {
            if (enabled && !drawn.isEmpty()) {
                err.print("\r" + " ".repeat(drawn.length()) + "\r");
                err.flush();
            }
        }
    }
}
