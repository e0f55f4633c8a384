package org.recon4j.evaluation.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small line chart as inline SVG: several named series over a shared x axis, with axes, five
 * ticks on each, a legend and optional log scale on y. Enough for profiles and convergence plots.
 */
public final class SvgChart {
    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
        "#e377c2", "#17becf"};
    private static final int WIDTH = 640;
    private static final int HEIGHT = 320;
    private static final int LEFT = 64;
    private static final int RIGHT = 150;
    private static final int TOP = 28;
    private static final int BOTTOM = 44;

    private record Series(String name, double[] x, double[] y) {
    }

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final boolean logY;
    private final List<Series> series = new ArrayList<>();

    /** 1, 2, ..., count: the x values of a per-iteration series. */
    public static double[] counting(int count) {
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            values[i] = i + 1;
        }
        return values;
    }

    public SvgChart(String title, String xLabel, String yLabel, boolean logY) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.logY = logY;
    }

    public SvgChart add(String name, double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("series " + name + ": " + x.length + " x values, " + y.length + " y values");
        }
        series.add(new Series(name, x.clone(), y.clone()));
        return this;
    }

    private double transform(double y) {
        return logY ? Math.log10(Math.max(y, 1e-300)) : y;
    }

    public String render() {
        double xMin = Double.POSITIVE_INFINITY;
        double xMax = Double.NEGATIVE_INFINITY;
        double yMin = Double.POSITIVE_INFINITY;
        double yMax = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.x().length; i++) {
                if (!Double.isFinite(s.y()[i]) || logY && s.y()[i] <= 0) {
                    continue;
                }
                xMin = Math.min(xMin, s.x()[i]);
                xMax = Math.max(xMax, s.x()[i]);
                yMin = Math.min(yMin, transform(s.y()[i]));
                yMax = Math.max(yMax, transform(s.y()[i]));
            }
        }
        if (!(xMax > xMin)) {
            xMax = xMin + 1;
        }
        if (!(yMax > yMin)) {
            yMax = yMin + 1;
        }
        double plotWidth = WIDTH - LEFT - RIGHT;
        double plotHeight = HEIGHT - TOP - BOTTOM;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"11\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"16\" font-size=\"13\" font-weight=\"bold\">%s</text>%n",
                LEFT, Html.escape(title)));
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.0f\" height=\"%.0f\" fill=\"none\" "
                + "stroke=\"#444\"/>%n", LEFT, TOP, plotWidth, plotHeight));
        for (int tick = 0; tick <= 4; tick++) {
            double fraction = tick / 4.0;
            double px = LEFT + fraction * plotWidth;
            double py = TOP + plotHeight - fraction * plotHeight;
            double xValue = xMin + fraction * (xMax - xMin);
            double yValue = yMin + fraction * (yMax - yMin);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.0f\" stroke=\"#ddd\"/>%n",
                    px, TOP, px, TOP + plotHeight));
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.0f\" y2=\"%.1f\" stroke=\"#ddd\"/>%n",
                    LEFT, py, LEFT + plotWidth, py));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.0f\" text-anchor=\"middle\">%s</text>%n", px,
                    TOP + plotHeight + 14, format(xValue)));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT - 4,
                    py + 4, format(logY ? Math.pow(10, yValue) : yValue)));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%.0f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                LEFT + plotWidth / 2, HEIGHT - 8, Html.escape(xLabel)));
        svg.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%.0f\" text-anchor=\"middle\" transform=\"rotate(-90 14 %.0f)\">"
                + "%s</text>%n", TOP + plotHeight / 2, TOP + plotHeight / 2, Html.escape(yLabel + (logY ? " (log)" : ""))));
        for (int index = 0; index < series.size(); index++) {
            Series s = series.get(index);
            String colour = COLOURS[index % COLOURS.length];
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < s.x().length; i++) {
                if (!Double.isFinite(s.y()[i]) || logY && s.y()[i] <= 0) {
                    continue;
                }
                double px = LEFT + (s.x()[i] - xMin) / (xMax - xMin) * plotWidth;
                double py = TOP + plotHeight - (transform(s.y()[i]) - yMin) / (yMax - yMin) * plotHeight;
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
            }
            svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" points=\"%s\"/>%n",
                    colour, points.toString().trim()));
            double legendY = TOP + 12 + 16 * index;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.0f\" x2=\"%d\" y2=\"%.0f\" stroke=\"%s\" "
                    + "stroke-width=\"3\"/>%n", WIDTH - RIGHT + 10, legendY, WIDTH - RIGHT + 28, legendY, colour));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.0f\">%s</text>%n", WIDTH - RIGHT + 32, legendY + 4,
                    Html.escape(s.name())));
        }
        return svg.append("</svg>\n").toString();
    }

    private static String format(double value) {
        double magnitude = Math.abs(value);
        if (magnitude != 0 && (magnitude < 1e-3 || magnitude >= 1e5)) {
            return String.format(Locale.ROOT, "%.2e", value);
        }
        return String.format(Locale.ROOT, "%.4g", value);
    }
}
