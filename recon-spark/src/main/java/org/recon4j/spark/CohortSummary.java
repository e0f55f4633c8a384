package org.recon4j.spark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.recon4j.evaluation.MethodResult;
import org.recon4j.evaluation.report.Html;
import org.recon4j.evaluation.report.SvgChart;
import org.recon4j.io.AtomicFiles;

/**
 * The batch's HTML summary: for each method the cohort's mean, standard deviation and range of
 * every metric, a chart of each metric per study, and one row per job with its status, message,
 * time and a link to each report it wrote.
 */
final class CohortSummary {
    private CohortSummary() {
    }

    /** The values of one metric of one method over the cohort, in job order (NaN where a job lacks it). */
    private record Series(String method, String metric, List<Double> values) {
    }

    static void write(BatchLayout layout, Manifest manifest, CohortBatch.Outcome outcome) throws IOException {
        List<JobResult> results = outcome.results();
        List<JobResult> compared = results.stream().filter(result -> result.ok() && !result.methods().isEmpty()).toList();
        Map<String, Series> series = new LinkedHashMap<>();
        for (int study = 0; study < compared.size(); study++) {
            for (MethodResult method : compared.get(study).methods()) {
                for (Map.Entry<String, Double> metric : method.metrics().entrySet()) {
                    Series values = series.computeIfAbsent(method.method() + "\u0000" + metric.getKey(),
                            key -> new Series(method.method(), metric.getKey(), new ArrayList<>()));
                    while (values.values().size() < study) {
                        values.values().add(Double.NaN);
                    }
                    values.values().add(metric.getValue());
                }
            }
        }
        StringBuilder html = new StringBuilder(Html.head("Recon4J batch summary"));
        long failed = outcome.failed();
        html.append("<h1>Recon4J batch summary</h1><p>Manifest <code>").append(Html.escape(manifest.file().toString()))
                .append("</code>: ").append(results.size()).append(" jobs, ").append(results.size() - failed).append(" ok, ")
                .append(failed).append(" failed").append(outcome.resumed() > 0 ? ", " + outcome.resumed()
                        + " done before (--resume)" : "").append(".</p>");
        if (!series.isEmpty()) {
            html.append("<h2>Methods over the cohort</h2><p>").append(compared.size())
                    .append(" comparisons. Mean, standard deviation, minimum and maximum over the studies.</p>")
                    .append("<table><tr><th>method</th><th>metric</th><th>studies</th><th>mean</th><th>sd</th>")
                    .append("<th>min</th><th>max</th></tr>");
            for (Series values : series.values()) {
                double[] figures = statistics(values.values());
                html.append("<tr><td>").append(Html.escape(values.method())).append("</td><td>")
                        .append(Html.escape(values.metric())).append("</td>")
                        .append(String.format(Locale.ROOT, "<td>%d</td><td>%.5g</td><td>%.3g</td><td>%.5g</td><td>%.5g</td></tr>",
                                (int) figures[0], figures[1], figures[2], figures[3], figures[4]));
            }
            html.append("</table>");
            Map<String, SvgChart> charts = new LinkedHashMap<>();
            for (Series values : series.values()) {
                double[] x = SvgChart.counting(values.values().size());
                double[] y = values.values().stream().mapToDouble(Double::doubleValue).toArray();
                charts.computeIfAbsent(values.metric(), metric -> new SvgChart(metric + " per study", "study (in table order)",
                        metric, false)).add(values.method(), x, y);
            }
            html.append("<h2>Per study</h2>");
            charts.values().forEach(chart -> html.append(chart.render()));
        }
        html.append("<h2>Jobs</h2><table><tr><th>id</th><th>command</th><th>status</th><th>seconds</th>")
                .append("<th>executor</th><th>message</th><th>reports</th></tr>");
        for (JobResult result : results) {
            html.append("<tr><td>").append(Html.escape(result.id())).append("</td><td>").append(Html.escape(result.command()))
                    .append("</td><td>").append(result.ok() ? "ok" : "<b>failed</b>").append("</td>")
                    .append(String.format(Locale.ROOT, "<td>%.2f</td>", result.seconds())).append("<td>")
                    .append(Html.escape(result.executorJvm())).append("</td><td style=\"text-align:left\">")
                    .append(Html.escape(result.message())).append("</td><td style=\"text-align:left\">");
            for (String output : result.outputs()) {
                if (output.toLowerCase(Locale.ROOT).endsWith(".html")) {
                    html.append("<a href=\"").append(Html.escape(output.replace('\\', '/'))).append("\">")
                            .append(Html.escape(output)).append("</a> ");
                }
            }
            html.append("</td></tr>");
        }
        html.append("</table><p>The same rows, one per job and method: <code>results.csv</code>, <code>results.parquet</code>."
                + "</p></body></html>\n");
        byte[] bytes = html.toString().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(layout.summary(), out -> out.write(bytes));
    }

    /** Count, mean, sample standard deviation, minimum and maximum of the values that are numbers. */
    static double[] statistics(List<Double> values) {
        double count = 0;
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double value : values) {
            if (Double.isFinite(value)) {
                count++;
                sum += value;
                min = Math.min(min, value);
                max = Math.max(max, value);
            }
        }
        double mean = count > 0 ? sum / count : Double.NaN;
        double squares = 0;
        for (double value : values) {
            if (Double.isFinite(value)) {
                squares += (value - mean) * (value - mean);
            }
        }
        return new double[] {count, mean, count > 1 ? Math.sqrt(squares / (count - 1)) : 0, min, max};
    }
}
