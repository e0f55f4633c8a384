package org.recon4j.spark;

import java.io.Serializable;
import java.util.List;
import org.recon4j.evaluation.MethodResult;

/**
 * How one job went: one row of the results table (one per method for a comparison).
 *
 * @param status       {@code ok} or {@code failed}
 * @param exitCode     the command's exit status (as {@code recon} would exit), -1 when it never ran
 * @param message      the command's last line on stderr: its summary, or why it failed
 * @param device       where the job was asked to compute ({@code --device}) and on how many threads
 * @param executorHost the host of the executor that ran it
 * @param executorJvm  that executor's JVM, as process id @ host
 * @param outputs      the files written, relative to the output folder, sorted
 * @param outputBytes  their sizes, in the same order
 * @param methods      the figures of each method a comparison job computed (empty for other jobs)
 */
public record JobResult(String id, int line, String command, String status, int exitCode, String message,
                        double seconds, String device, String executorHost, String executorJvm, String javaVersion,
                        List<String> outputs, List<Long> outputBytes, List<MethodResult> methods, String runId)
        implements Serializable {
    public static final String OK = "ok";
    public static final String FAILED = "failed";

    public JobResult {
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
        outputBytes = outputBytes == null ? List.of() : List.copyOf(outputBytes);
        methods = methods == null ? List.of() : List.copyOf(methods);
    }

    public boolean ok() {
        return OK.equals(status);
    }
}
