package org.recon4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.recon4j.evaluation.Benchmark;
import org.recon4j.evaluation.Machine;
import org.recon4j.gpu.ComputeDevice;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code recon bench}: runs {@link Benchmark} on this machine and prints it as a table; with
 * {@code --json}, saves it for {@code --compare}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Benchmarks projectors and reconstructions on this machine: Java on 1 thread and on all cores,"
                + " then every OpenCL device.",
            "Compare machines with: recon bench --compare A.json B.json"})
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--json", paramLabel = "FILE.json", description = "Also write the results as JSON.")
    Path json;

    @Option(names = "--quick", description = "Quarter-size cases: seconds instead of minutes (for a smoke test).")
    boolean quick;

    @Option(names = "--compare", arity = "2", paramLabel = "FILE.json", description = "Compare two result files instead.")
    List<Path> compare;

    @Option(names = "--force", description = "Replace an existing --json file.")
    boolean force;

    @Option(names = "--java-only", description = "Skip the OpenCL devices.")
    boolean javaOnly;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (compare != null) {
            compare(out, compare.get(0), compare.get(1));
            return 0;
        }
        if (json != null) {
            Outputs.refuseExisting(force, json);
        }
        List<Benchmark.Engine> engines = Benchmark.engines(javaOnly);
        out.printf("recon bench on %s, %d cores, Java %s%n", Machine.cpuName(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        for (Benchmark.Engine engine : engines) {
            ComputeDevice device = engine.device();
            if (device != null) {
                out.printf("OpenCL: %s%n", device);
            }
        }
        out.printf("%-52s %-12s %10s %12s %12s%n", "case", "engine", "seconds", "updates/s", "error");
        out.flush();
        List<Benchmark.Result> results = Benchmark.run(engines, quick, result -> {
            out.printf("%-52s %-12s %10.4f %12.3g %12.4g%n", result.name(), result.engine().shortLabel(),
                    result.seconds(), result.updatesPerSecond(), result.error());
            out.flush();
        });
        if (json != null) {
            Outputs.createFolder(json);
            Benchmark.write(json, results);
            out.printf("results written to %s%n", json);
        }
        return 0;
    }

    private static void compare(PrintWriter out, Path first, Path second) throws IOException {
        Map<String, Double> a = Benchmark.readRecords(first);
        Map<String, Double> b = Benchmark.readRecords(second);
        out.printf("%-58s %12s %12s %8s%n", "case", first.getFileName(), second.getFileName(), "ratio");
        for (Map.Entry<String, Double> entry : a.entrySet()) {
            Double other = b.get(entry.getKey());
            out.printf("%-58s %12.3g %12s %8s%n", entry.getKey(), entry.getValue(),
                    other == null ? "-" : String.format("%.3g", other),
                    other == null ? "-" : String.format("%.2f", other / entry.getValue()));
        }
        out.flush();
    }
}
