package org.recon4j.spark;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.recon4j.InvalidInputException;
import org.recon4j.evaluation.ComparisonRecord;
import org.recon4j.evaluation.MethodResult;
import org.recon4j.io.AtomicFiles;

/**
 * Runs one job where it lands (an executor, or the driver in local mode): the command in-process
 * with its outputs redirected to a staging folder of its own, then each output renamed into
 * place, then the job's record. A job that fails leaves no output; a job run again (Spark's
 * retry after a lost executor) replaces its outputs with the same bytes, so each output exists
 * once and whole whatever happened to an earlier attempt.
 */
final class JobExecution {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private JobExecution() {
    }

    /**
     * Runs {@code job} unless this run already finished it (a retried task).
     *
     * @param threads the cores Spark gave the task, for a job that names no {@code --threads}
     */
    static JobResult execute(BatchJob job, BatchSettings settings, CommandLineTool tool, int threads) {
        BatchLayout layout = new BatchLayout(Path.of(settings.out()));
        JobResult recorded = readRecord(layout.record(job.id()));
        if (recorded != null && settings.runId().equals(recorded.runId()) && intact(layout, recorded)) {
            return recorded;
        }
        if (job.missing() != null) {
            return failure(job, settings, "input " + job.missing() + " does not exist", 0);
        }
        Path staging = layout.staging().resolve(job.id() + "-" + UUID.randomUUID());
        long start = System.nanoTime();
        try {
            List<String> args = new ArrayList<>(job.args());
            for (int index : job.analysis().outputs()) {
                Path target = staging.resolve(args.get(index));
                Files.createDirectories(target.getParent());
                args.set(index, target.toString());
            }
            String device = settings.device();
            if (device != null && job.analysis().lacks("--device")) {
                args.add("--device");
                args.add(device);
            }
            if (job.analysis().lacks("--threads")) {
                args.add("--threads");
                args.add(Integer.toString(threads));
            }
            String where = optionValue(args, "--device", "auto") + ", " + optionValue(args, "--threads",
                    Integer.toString(threads)) + " threads";
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code;
            try (PrintWriter outWriter = new PrintWriter(out); PrintWriter errWriter = new PrintWriter(err)) {
                code = tool.run(args, outWriter, errWriter);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            String message = lastLine(err.toString(), lastLine(out.toString(), code == 0 ? "done" : "failed"));
            if (code != 0) {
                return result(job, settings, JobResult.FAILED, code, message, seconds, where, List.of(), List.of(),
                        List.of());
            }
            List<String> outputs = new ArrayList<>();
            List<Long> sizes = new ArrayList<>();
            List<MethodResult> methods = new ArrayList<>();
            moveIntoPlace(staging, layout.out(), outputs, sizes, methods);
            JobResult result = result(job, settings, JobResult.OK, 0, message, seconds, where, outputs, sizes, methods);
            writeRecord(layout.record(job.id()), result);
            return result;
        } catch (IOException | UncheckedIOException e) {
            return failure(job, settings, "input/output failure: " + CohortBatch.rootMessage(e),
                    (System.nanoTime() - start) / 1e9);
        } catch (OutOfMemoryError e) {
            return failure(job, settings, "out of memory: the job does not fit in the executor's heap",
                    (System.nanoTime() - start) / 1e9);
        } catch (RuntimeException e) {
            // a fault of the tool's, not of the data: the job's row says so and the others go on
            return failure(job, settings, e.getClass().getSimpleName() + ": " + e.getMessage(),
                    (System.nanoTime() - start) / 1e9);
        } finally {
            deleteTree(staging);
        }
    }

    static JobResult failure(BatchJob job, BatchSettings settings, String message, double seconds) {
        return result(job, settings, JobResult.FAILED, -1, message, seconds, "", List.of(), List.of(), List.of());
    }

    private static JobResult result(BatchJob job, BatchSettings settings, String status, int code, String message,
                                    double seconds, String device, List<String> outputs, List<Long> sizes,
                                    List<MethodResult> methods) {
        String host = hostName();
        return new JobResult(job.id(), job.line(), job.args().get(0), status, code, message, seconds, device, host,
                ProcessHandle.current().pid() + "@" + host, System.getProperty("java.version"), outputs, sizes, methods,
                settings.runId());
    }

    /** Renames every file under {@code staging} to the same place under {@code out}, in sorted order. */
    private static void moveIntoPlace(Path staging, Path out, List<String> outputs, List<Long> sizes,
                                      List<MethodResult> methods) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(staging)) {
            files = walk.filter(Files::isRegularFile).sorted(Comparator.comparing(Path::toString)).toList();
        }
        for (Path file : files) {
            Path relative = staging.relativize(file);
            Path target = out.resolve(relative);
            Files.createDirectories(target.getParent());
            long size = Files.size(file);
            if (file.getFileName().toString().endsWith(".json")) {
                methods.addAll(comparisonFigures(file));
            }
            try {
                Files.move(file, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
            }
            outputs.add(relative.toString());
            sizes.add(size);
        }
    }

    /** The per-method figures a comparison saved beside its report; nothing for any other JSON. */
    private static List<MethodResult> comparisonFigures(Path file) {
        try {
            return ComparisonRecord.read(file).results();
        } catch (IOException | InvalidInputException e) {
            return List.of();
        }
    }

    /** A finished job's record, or null when there is none (or it cannot be read). */
    static JobResult readRecord(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return JSON.readValue(file.toFile(), JobResult.class);
        } catch (IOException e) {
            return null;
        }
    }

    private static void writeRecord(Path file, JobResult result) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] bytes = JSON.writeValueAsBytes(result);
        AtomicFiles.write(file, stream -> stream.write(bytes));
    }

    /** True when every output the record lists exists with the size it had. */
    static boolean intact(BatchLayout layout, JobResult record) {
        if (!record.ok()) {
            return false;
        }
        for (int i = 0; i < record.outputs().size(); i++) {
            Path output = layout.out().resolve(record.outputs().get(i));
            try {
                if (!Files.isRegularFile(output) || Files.size(output) != record.outputBytes().get(i)) {
                    return false;
                }
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    /** The value of {@code option} on the line ({@code --option V} or {@code --option=V}), the last given winning. */
    private static String optionValue(List<String> args, String option, String otherwise) {
        String value = otherwise;
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals(option) && i + 1 < args.size()) {
                value = args.get(i + 1);
            } else if (args.get(i).startsWith(option + "=")) {
                value = args.get(i).substring(option.length() + 1);
            }
        }
        return value;
    }

    /** The last non-blank line of {@code text}; of a line a progress bar redrew with carriage returns, its last state. */
    private static String lastLine(String text, String otherwise) {
        String[] lines = text.split("\\R");
        for (int i = lines.length - 1; i >= 0; i--) {
            String[] states = lines[i].split("\r");
            for (int j = states.length - 1; j >= 0; j--) {
                if (!states[j].isBlank()) {
                    return states[j].strip();
                }
            }
        }
        return otherwise;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }

    static void deleteTree(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // a staging folder left behind holds nothing anyone reads; the next run removes it
        }
    }
}
