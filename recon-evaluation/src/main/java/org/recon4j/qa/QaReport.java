package org.recon4j.qa;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.recon4j.evaluation.report.Html;
import org.recon4j.io.AtomicFiles;

/**
 * One QA test's outcome: its figures (the analysis's record, written as JSON with snake_case
 * names such as {@code cor_offset_mm} and {@code noise_hu}), the lines to print, the checks
 * against the tolerances and the HTML sections of its report.
 */
public final class QaReport {
    /** The JSON format's name and version. */
    public static final String FORMAT = "recon4j-qa/1";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .build();

    private final String test;
    private final String input;
    private final Object result;
    private final List<Tolerances.Check> checks;
    private final List<String> lines;
    private final List<String> sections;

    QaReport(String test, String input, Object result, List<Tolerances.Check> checks, List<String> lines, List<String> sections) {
        this.test = test;
        this.input = input;
        this.result = result;
        this.checks = List.copyOf(checks);
        this.lines = List.copyOf(lines);
        this.sections = List.copyOf(sections);
    }

    public String test() {
        return test;
    }

    public List<Tolerances.Check> checks() {
        return checks;
    }

    /** Whether every check passed; true when there were none. */
    public boolean passed() {
        return checks.stream().allMatch(Tolerances.Check::passed);
    }

    /** The figures with units, then one line per check, for the terminal. */
    public List<String> lines() {
        List<String> all = new ArrayList<>(lines);
        for (Tolerances.Check check : checks) {
            all.add(String.format("%-4s %s %s = %.4g (%s; %s)", check.passed() ? "PASS" : "FAIL", check.label(), check.figure(),
                    check.value(), check.rule(), check.source()));
        }
        return all;
    }

    /** The JSON document: format, test, input, the figures and the checks. */
    public String json() throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("test", test);
        root.put("input", input);
        root.setAll((ObjectNode) JSON.valueToTree(result));
        root.set("checks", JSON.valueToTree(checks));
        root.put("passed", passed());
        return JSON.writeValueAsString(root);
    }

    public void writeJson(Path file) throws IOException {
        byte[] bytes = json().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    public String html() {
        StringBuilder page = new StringBuilder(Html.head("Recon4J QA: " + test));
        page.append("<h1>").append(Html.escape("QA: " + test)).append("</h1><p>Input: <code>").append(Html.escape(input))
                .append("</code></p>");
        if (!checks.isEmpty()) {
            page.append("<h2>Checks</h2><table><tr><th>what</th><th>figure</th><th>value</th><th>limit</th><th>result</th>"
                    + "<th>source</th></tr>");
            for (Tolerances.Check check : checks) {
                page.append("<tr><td>").append(Html.escape(check.label())).append("</td><td>").append(Html.escape(check.figure()))
                        .append("</td><td>").append(String.format("%.4g", check.value())).append("</td><td>")
                        .append(Html.escape(check.rule())).append("</td><td style=\"color:")
                        .append(check.passed() ? "#2ca02c\">PASS" : "#d62728\">FAIL").append("</td><td>")
                        .append(Html.escape(check.source())).append("</td></tr>");
            }
            page.append("</table>");
        }
        page.append("<h2>Figures</h2><pre>");
        lines.forEach(line -> page.append(Html.escape(line)).append('\n'));
        page.append("</pre>");
        sections.forEach(page::append);
        return page.append("</body></html>").toString();
    }

    public void writeHtml(Path file) throws IOException {
        byte[] bytes = html().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, out -> out.write(bytes));
    }
}
