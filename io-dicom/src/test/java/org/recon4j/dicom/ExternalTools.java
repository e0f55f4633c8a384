package org.recon4j.dicom;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Other software that checks what Recon4J writes: dicom3tools' dciodvfy and dcentvfy, dcmtk's
 * dcmdump and Debian's python3 with pydicom (.ci/run installs them all). A test whose tool is
 * missing is skipped with a message naming the package, never passed.
 */
final class ExternalTools {
    private ExternalTools() {
    }

    /** The tool's output (stdout and stderr), after checking it is installed. */
    static String run(String tool, String debianPackage, String... arguments) throws IOException, InterruptedException {
        Path executable = Path.of("/usr/bin", tool);
        assumeTrue(Files.isExecutable(executable), tool + " is not installed (apt-get install " + debianPackage + "); skipped");
        List<String> command = new ArrayList<>(List.of(executable.toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return output;
    }

    /** Runs a Python snippet with Debian's python3 (not a pyenv one), after checking pydicom imports. */
    static String python(String script, String... arguments) throws IOException, InterruptedException {
        String check = run("python3", "python3-pydicom", "-c", "import pydicom; print('ok')");
        assumeTrue(check.trim().endsWith("ok"), "pydicom is not importable by /usr/bin/python3 (apt-get install python3-pydicom); skipped");
        String[] all = new String[arguments.length + 2];
        all[0] = "-c";
        all[1] = script;
        System.arraycopy(arguments, 0, all, 2, arguments.length);
        return run("python3", "python3-pydicom", all);
    }

    /** dciodvfy's report lines that are errors. */
    static List<String> validatorErrors(String report) {
        return report.lines().filter(line -> line.startsWith("Error")).toList();
    }
}
