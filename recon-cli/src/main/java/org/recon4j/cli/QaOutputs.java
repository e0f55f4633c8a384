package org.recon4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.recon4j.InvalidInputException;
import org.recon4j.qa.QaReport;
import org.recon4j.qa.Tolerances;
import picocli.CommandLine.Option;

/** The options every QA test shares: where its figures go and the tolerances they are held to. */
final class QaOutputs {
    @Option(names = "--json", paramLabel = "OUT.json", description = "Write the figures and checks as JSON.")
    Path json;

    @Option(names = "--report", paramLabel = "QA.html", description = "Write an HTML report: the regions drawn on the image, "
            + "the curves and the pass/fail table.")
    Path report;

    @Option(names = "--tolerance", paramLabel = "FIGURE=MAX|FIGURE>=MIN",
            description = "A limit on a figure (repeatable): its size at most MAX, or at least MIN; replaces a default.")
    List<String> tolerances = new ArrayList<>();

    @Option(names = "--tolerances", paramLabel = "FILE", description = "Limits, one a line as for --tolerance ('#' comments).")
    Path toleranceFile;

    @Option(names = "--force", description = "Replace existing output files.")
    boolean force;

    /** Checks the outputs' names before any work, so a mistake shows at once. */
    void checkOutputs(Path input) {
        for (Path output : new Path[] {json, report}) {
            if (output != null && input != null && output.toAbsolutePath().normalize().equals(input.toAbsolutePath().normalize())) {
                throw new InvalidInputException("output " + output + " would overwrite the input");
            }
        }
        if (json != null && !json.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")) {
            throw new InvalidInputException("--json " + json + ": expected a name ending in .json");
        }
        if (report != null && !report.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.html?")) {
            throw new InvalidInputException("--report " + report + ": expected a name ending in .html");
        }
        Outputs.refuseExisting(force, json, report);
    }

    /** The test's default limits with the user's over them, refused when they name a figure the test lacks. */
    Tolerances tolerances(Tolerances defaults, List<String> figures) throws IOException {
        if (toleranceFile != null) {
            if (!Files.isRegularFile(toleranceFile)) {
                throw new InvalidInputException("--tolerances " + toleranceFile + ": no such file");
            }
            defaults.withFile(toleranceFile);
        }
        defaults.with(tolerances);
        defaults.requireKnown(figures);
        return defaults;
    }

    /** Prints the figures and checks, writes the files asked for; exit status 0, or 4 when a check failed. */
    int finish(QaReport report, PrintWriter out) throws IOException {
        report.lines().forEach(out::println);
        if (json != null) {
            Outputs.createFolder(json);
            report.writeJson(json);
            out.println("JSON: " + json);
        }
        if (this.report != null) {
            Outputs.createFolder(this.report);
            report.writeHtml(this.report);
            out.println("report: " + this.report);
        }
        out.flush();
        return report.passed() ? 0 : Recon.EXIT_CHECK_FAILED;
    }
}
