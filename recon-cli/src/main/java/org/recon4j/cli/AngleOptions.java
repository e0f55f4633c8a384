package org.recon4j.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.recon4j.InvalidInputException;
import picocli.CommandLine.Option;

/** The view angles, in degrees: a START:STEP:COUNT range or a file with one angle a line. */
final class AngleOptions {
    @Option(names = "--angles", paramLabel = "START:STEP:COUNT", required = true,
            description = "View angles in degrees: COUNT angles from START in steps of STEP.")
    String range;

    @Option(names = "--angles-file", paramLabel = "FILE", required = true,
            description = "A text file with one angle (degrees) a line; blank lines and # comments are skipped.")
    Path file;

    /** The angles in radians. */
    double[] radians() throws IOException {
        return org.recon4j.geometry.Angles.radians(range != null ? parseRange(range) : readFile(file));
    }

    String describe() {
        return range != null ? "--angles " + range : "--angles-file " + file;
    }

    static double[] parseRange(String text) {
        return org.recon4j.geometry.Angles.parseRange("--angles", text);
    }

    static double[] readFile(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("angles file " + file + " does not exist");
        }
        List<Double> values = new ArrayList<>();
        int lineNumber = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            lineNumber++;
            String text = line.strip();
            int comment = text.indexOf('#');
            if (comment >= 0) {
                text = text.substring(0, comment).strip();
            }
            if (text.isEmpty()) {
                continue;
            }
            try {
                double value = Double.parseDouble(text);
                if (!Double.isFinite(value)) {
                    throw new NumberFormatException();
                }
                values.add(value);
            } catch (NumberFormatException e) {
                throw new InvalidInputException("angles file " + file + " line " + lineNumber
                        + ": expected one angle in degrees, found '" + text + "'");
            }
        }
        if (values.isEmpty()) {
            throw new InvalidInputException("angles file " + file + " holds no angles");
        }
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
