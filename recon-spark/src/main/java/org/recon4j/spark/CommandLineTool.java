package org.recon4j.spark;

import java.io.PrintWriter;
import java.io.Serializable;
import java.util.List;

/**
 * A command line run in-process: what a batch job's {@code args} mean and how they run. The
 * {@code recon} command provides one; Spark ships it to the executors with each task, so an
 * implementation must be serializable and hold no open resources.
 */
public interface CommandLineTool extends Serializable {
    /**
     * Reads {@code args} without running them: the command, which arguments are input and
     * output paths, and the options given and accepted.
     *
     * @throws org.recon4j.InvalidInputException for an unknown command or option, or a missing value
     */
    JobArguments analyse(List<String> args);

    /** Runs {@code args} to completion and returns the exit status (0: success). */
    int run(List<String> args, PrintWriter out, PrintWriter err);
}
