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
        double[] degrees = range != null ? parseRange(range) : readFile(file);
        double[] radians = new double[degrees.length];
        for (int i = 0; i < degrees.length; i++) {
            radians[i] = Math.toRadians(degrees[i]);
        }
        return radians;
    }

    String describe() {
        return range != null ? "--angles " + range : "--angles-file " + file;
    }

    static double[] parseRange(String text) {
        String[] parts = text.split(":");
        if (parts.length != 3) {
            throw new InvalidInputException("--angles must be START:STEP:COUNT in degrees, found '" + text + "'");
        }
        double start;
        double step;
        int count;
        try {
            start = Double.parseDouble(parts[0].trim());
            step = Double.parseDouble(parts[1].trim());
            count = Integer.parseInt(parts[2].trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("--angles must be START:STEP:COUNT with numbers and an integer count, found '"
                    + text + "'");
        }
        if (!Double.isFinite(start) || !Double.isFinite(step)) {
            throw new InvalidInputException("--angles START and STEP must be finite, found '" + text + "'");
        }
        if (count <= 0) {
            throw new InvalidInputException("--angles COUNT must be positive, found " + count);
        }
        double[] degrees = new double[count];
        for (int i = 0; i < count; i++) {
            degrees[i] = start + i * step;
        }
        return degrees;
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
