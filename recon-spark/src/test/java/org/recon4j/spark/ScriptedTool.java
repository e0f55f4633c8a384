package org.recon4j.spark;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.recon4j.InvalidInputException;
import org.recon4j.evaluation.ComparisonRecord;
import org.recon4j.evaluation.MethodResult;

/**
 * A small command line for testing batches without reconstructing anything: {@code write --out F
 * [--in G] [--text T]} writes T (after G's content) to F and a second file F.extra beside it,
 * {@code fail --text T} fails with T as its last line, {@code compare --out R.html} writes a report
 * and its comparison record with two methods' figures. Every command takes {@code --threads} and
 * {@code --device}, which {@code write} records in its output. Runs are counted per output name.
 */
final class ScriptedTool implements CommandLineTool {
    private static final long serialVersionUID = 1L;
    static final Map<String, AtomicInteger> RUNS = new ConcurrentHashMap<>();
    private static final Set<String> COMMANDS = Set.of("write", "fail", "compare");
    private static final Set<String> OPTIONS = Set.of("--out", "--in", "--text", "--threads", "--device");

    @Override
    public JobArguments analyse(List<String> args) {
        if (!COMMANDS.contains(args.get(0))) {
            throw new InvalidInputException("unknown command '" + args.get(0) + "'");
        }
        List<Integer> inputs = new ArrayList<>();
        List<Integer> outputs = new ArrayList<>();
        Set<String> given = new HashSet<>();
        for (int i = 1; i < args.size(); i += 2) {
            if (!OPTIONS.contains(args.get(i))) {
                throw new InvalidInputException("unknown option '" + args.get(i) + "'");
            }
            if (i + 1 >= args.size()) {
                throw new InvalidInputException("missing value for " + args.get(i));
            }
            given.add(args.get(i));
            if (args.get(i).equals("--out")) {
                outputs.add(i + 1);
            } else if (args.get(i).equals("--in")) {
                inputs.add(i + 1);
            }
        }
        return new JobArguments(args, inputs, outputs, given, OPTIONS);
    }

    @Override
    public int run(List<String> args, PrintWriter out, PrintWriter err) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 1; i + 1 < args.size(); i += 2) {
            options.put(args.get(i), args.get(i + 1));
        }
        try {
            switch (args.get(0)) {
                case "fail" -> {
                    err.println("progress\r50 %\r" + options.getOrDefault("--text", "failed"));
                    return 2;
                }
                case "write" -> {
                    Path output = Path.of(options.get("--out"));
                    RUNS.computeIfAbsent(output.getFileName().toString(), name -> new AtomicInteger()).incrementAndGet();
                    String before = options.containsKey("--in") ? Files.readString(Path.of(options.get("--in"))) : "";
                    Files.writeString(output, before + options.getOrDefault("--text", "") + " threads="
                            + options.get("--threads") + " device=" + options.get("--device"), StandardCharsets.UTF_8);
                    Files.writeString(output.resolveSibling(output.getFileName() + ".extra"), "extra");
                    err.println("write: " + output.getFileName());
                    return 0;
                }
                default -> {
                    Path report = Path.of(options.get("--out"));
                    Files.writeString(report, "<html></html>");
                    new ComparisonRecord(ComparisonRecord.CT_FORMAT, args, List.of(
                            new MethodResult("fbp:hann", 0.5, ordered(0.03, 0.9)),
                            new MethodResult("sirt:10", 1.5, ordered(0.02, Double.NaN))))
                            .write(report.resolveSibling("report.json"));
                    return 0;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Double> ordered(double rmse, double ssim) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("rmse", rmse);
        metrics.put("ssim", ssim);
        return metrics;
    }
}
