package org.recon4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.recon4j.InvalidInputException;
import org.recon4j.evaluation.ComparisonRecord;
import org.recon4j.evaluation.CtComparison;
import org.recon4j.evaluation.CtScan;
import org.recon4j.gpu.ComputeDevice;
import org.recon4j.io.AtomicFiles;
import org.recon4j.io.VolumeFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code recon compare}: several reconstructions of the same data in one self-contained HTML
 * report: images side by side in one window, differences from the truth, a profile, a metrics
 * table, convergence plots of the iterative methods, run times and the device. The exact command
 * is saved beside the report as JSON; {@code recon compare --spec FILE.json} reruns it.
 */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs several reconstructions of the same data and writes an HTML report (--out REPORT.html).",
            "Methods: fbp:WINDOW[:CUTOFF], sirt:ITERATIONS, ossart:SUBSETSxITERATIONS, cgls:ITERATIONS, tv:ALPHA:ITERATIONS[:fista|pdhg].",
            "Rerun a saved comparison with: recon compare --spec REPORT.json"})
final class CompareCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ScanOptions scan;

    @Option(names = "--geometry", paramLabel = "KIND", defaultValue = "parallel",
            description = "parallel, fan-arc or fan-flat (default ${DEFAULT-VALUE}).")
    String geometry;

    @Option(names = "--methods", paramLabel = "LIST", defaultValue = "fbp:ram-lak,fbp:hann,sirt:50,ossart:10x5,cgls:10",
            description = "Comma-separated methods (default ${DEFAULT-VALUE}).")
    String methods;

    @Option(names = "--truth", paramLabel = "P.mhd", description = "Ground truth on the output grid, for metrics and differences.")
    Path truthPath;

    @Option(names = "--profile-row", paramLabel = "ROW", description = "Image row for the profile (default: the middle).")
    Integer profileRow;

    @Override
    public Integer call() throws Exception {
        Path specPath = Outputs.reportRecord(scan.output, "compare");
        Outputs.refuseExisting(scan.force, scan.output, specPath);
        CtScan data = scan.readInput(CtScan.Kind.parse(geometry));
        ComputeDevice device = scan.device.resolve();
        float[] truth = truthPath == null ? null : VolumeFiles.read(truthPath).data();
        CtComparison comparison = new CtComparison(data, truth, scan.threads, device);
        PrintWriter err = spec.commandLine().getErr();
        List<CtComparison.Outcome> outcomes = new ArrayList<>();
        for (String method : CtComparison.parseMethods(methods)) {
            if (!scan.quiet) {
                err.println("compare: " + method + " ...");
                err.flush();
            }
            outcomes.add(comparison.run(method));
        }
        String html = comparison.report(outcomes, scan.input.toString(), DeviceOptions.describe(device, scan.threads),
                profileRow, specPath.getFileName().toString());
        String[] arguments = Recon.ARGUMENTS.get();
        ComparisonRecord record = new ComparisonRecord(ComparisonRecord.CT_FORMAT,
                arguments == null ? List.of() : List.of(arguments), comparison.results(outcomes));
        Outputs.createFolder(scan.output);
        AtomicFiles.write(scan.output, out -> out.write(html.getBytes(StandardCharsets.UTF_8)));
        record.write(specPath);
        if (!scan.quiet) {
            err.printf("compare: %d methods -> %s (rerun with: recon compare --spec %s)%n", outcomes.size(), scan.output,
                    specPath);
            err.flush();
        }
        return 0;
    }

    /**
     * {@code compare --spec FILE.json [more options]}: the arguments saved in FILE, then the more
     * options (e.g. {@code --force}). Any other command line comes back as it is.
     */
    static String[] expandSpec(String[] args) throws IOException {
        if (args.length < 3 || !args[0].equals("compare") || !args[1].equals("--spec")) {
            return args;
        }
        ComparisonRecord record = ComparisonRecord.read(Path.of(args[2]));
        if (!ComparisonRecord.CT_FORMAT.equals(record.format())) {
            throw new InvalidInputException(args[2] + ": expected a comparison saved by 'recon compare', found "
                    + record.format());
        }
        List<String> arguments = new ArrayList<>(record.arguments());
        arguments.addAll(Arrays.asList(args).subList(3, args.length));
        return arguments.toArray(String[]::new);
    }
}
