package org.recon4j.spark;

import java.io.Serializable;
import java.util.List;

/**
 * One manifest line, checked and resolved: input paths made absolute against the manifest's
 * folder, each output path kept relative to the batch's output folder.
 *
 * @param line       the manifest line it came from (from 1)
 * @param args       the command line, inputs resolved
 * @param analysis   what the arguments are (see {@link CommandLineTool#analyse})
 * @param missing    an input that does not exist, or null: the job is recorded as failed without running
 */
public record BatchJob(String id, int line, List<String> args, JobArguments analysis, String missing)
        implements Serializable {
    public BatchJob {
        args = List.copyOf(args);
    }

    /** The outputs as the manifest names them, relative to the output folder. */
    public List<String> outputs() {
        return analysis.outputs().stream().map(args::get).toList();
    }
}
