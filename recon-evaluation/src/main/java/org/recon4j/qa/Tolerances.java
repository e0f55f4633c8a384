package org.recon4j.qa;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.recon4j.InvalidInputException;

/**
 * Pass/fail limits on named figures. A limit is written {@code figure=MAX} (the figure's size,
 * its sign ignored, at most MAX) or {@code figure>=MIN} (at least MIN, for figures where more is
 * better, such as MTF50); a file holds one a line, {@code #} starting a comment. Defaults come
 * from published acceptance criteria, each with its source; a limit given replaces the default.
 */
public final class Tolerances {
    /** One limit and where it comes from ("given" for the user's own). */
    public record Limit(String figure, boolean atLeast, double value, String source) {
        public boolean passes(double measured) {
            return atLeast ? measured >= value : Math.abs(measured) <= value;
        }

        public String rule() {
            return atLeast ? String.format(Locale.ROOT, ">= %.4g", value) : String.format(Locale.ROOT, "|x| <= %.4g", value);
        }
    }

    /** A figure measured against its limit. */
    public record Check(String figure, String label, double value, String rule, boolean passed, String source) {
    }

    private final Map<String, Limit> limits = new LinkedHashMap<>();

    /** Half a pixel: IAEA-TECDOC-602's practice for the centre of rotation; collimators past it are rejected (J Nucl Med 29:1393, 1988). */
    public static Tolerances spectCentreOfRotation() {
        Tolerances tolerances = new Tolerances();
        tolerances.put(new Limit("cor_offset_pixels", false, 0.5, "IAEA-TECDOC-602; J Nucl Med 29:1393 (1988): 0.5 pixel"));
        return tolerances;
    }

    /** ACR CT accreditation phantom criteria: water 0 +/- 7 HU, the periphery within 5 HU of the centre. */
    public static Tolerances ctImage() {
        Tolerances tolerances = new Tolerances();
        tolerances.put(new Limit("water_hu", false, 7, "ACR CT accreditation: water 0 +/- 7 HU"));
        tolerances.put(new Limit("uniformity_hu", false, 5, "ACR CT accreditation: edge - centre within +/- 5 HU"));
        return tolerances;
    }

    /** No published limit applies to every camera and protocol: only the limits given are checked. */
    public static Tolerances none() {
        return new Tolerances();
    }

    public void put(Limit limit) {
        limits.put(limit.figure(), limit);
    }

    /** Adds limits written as {@code figure=MAX} or {@code figure>=MIN}. */
    public Tolerances with(List<String> written) {
        for (String text : written) {
            put(parse(text, "given"));
        }
        return this;
    }

    /** Adds the limits of a file, one a line. */
    public Tolerances withFile(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int number = 0; number < lines.size(); number++) {
            String line = lines.get(number).replaceFirst("#.*", "").trim();
            if (!line.isEmpty()) {
                try {
                    put(parse(line, file.getFileName().toString()));
                } catch (InvalidInputException e) {
                    throw new InvalidInputException(file.getFileName() + " line " + (number + 1) + ": " + e.getMessage());
                }
            }
        }
        return this;
    }

    static Limit parse(String text, String source) {
        boolean atLeast = text.contains(">=");
        String[] parts = text.split(atLeast ? ">=" : "=", 2);
        if (parts.length != 2 || parts[0].isBlank()) {
            throw new InvalidInputException("expected a tolerance as FIGURE=MAX or FIGURE>=MIN, found '" + text + "'");
        }
        try {
            double value = Double.parseDouble(parts[1].trim());
            if (!Double.isFinite(value)) {
                throw new NumberFormatException();
            }
            return new Limit(parts[0].trim(), atLeast, value, source);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("expected a number after '" + parts[0].trim() + (atLeast ? ">=" : "=") + "', found '"
                    + parts[1].trim() + "'");
        }
    }

    /** Refuses limits on figures the test does not measure, naming those it does. */
    public void requireKnown(List<String> figures) {
        for (String figure : limits.keySet()) {
            if (!figures.contains(figure)) {
                throw new InvalidInputException("no figure '" + figure + "' in this test; expected one of " + String.join(", ", figures));
            }
        }
    }

    /** The checks of every measured figure that has a limit ({@code values}: label, figure, value). */
    public List<Check> check(List<Figure> values) {
        List<Check> checks = new ArrayList<>();
        for (Figure figure : values) {
            Limit limit = limits.get(figure.name());
            if (limit != null) {
                checks.add(new Check(figure.name(), figure.label(), figure.value(), limit.rule(),
                        Double.isFinite(figure.value()) && limit.passes(figure.value()), limit.source()));
            }
        }
        return checks;
    }

    /** A scalar figure of a test: what it belongs to (a head, a source, the phantom), its name and value. */
    public record Figure(String label, String name, double value) {
    }
}
