package org.recon4j.spark;

import java.nio.file.Path;
import java.util.Set;

/**
 * Where a batch keeps things under its output folder: the jobs' outputs at the paths the
 * manifest names, the tables, the summary and Spark's log beside them, and its own bookkeeping
 * in {@value #PRIVATE}: each running job's staging folder (renamed into place only when the job
 * succeeded) and each finished job's record (what {@code --resume} trusts).
 */
public record BatchLayout(Path out) {
    /** The batch's own folder under the output folder. */
    public static final String PRIVATE = ".recon-batch";
    /** Names at the top of the output folder that belong to the batch, not to a job. */
    public static final Set<String> RESERVED = Set.of("results.parquet", "results.csv", "summary.html", "spark.log",
            PRIVATE);

    public BatchLayout {
        out = out.toAbsolutePath().normalize();
    }

    public Path staging() {
        return out.resolve(PRIVATE).resolve("staging");
    }

    public Path records() {
        return out.resolve(PRIVATE).resolve("done");
    }

    public Path record(String id) {
        return records().resolve(id + ".json");
    }

    public Path parquet() {
        return out.resolve("results.parquet");
    }

    public Path csv() {
        return out.resolve("results.csv");
    }

    public Path summary() {
        return out.resolve("summary.html");
    }

    public Path log() {
        return out.resolve("spark.log");
    }
}
