package org.recon4j.evaluation;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.recon4j.InvalidInputException;
import org.recon4j.algorithm.Osem;
import org.recon4j.algorithm.SpectFbp;
import org.recon4j.evaluation.report.Html;
import org.recon4j.evaluation.report.SvgChart;
import org.recon4j.filter.FilterWindow;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.io.Interfile;
import org.recon4j.io.PngExport;
import org.recon4j.projector.SpectProjector;
import org.recon4j.spect.RoiMetrics;

/**
 * OSEM, MLEM and FBP of the same SPECT projections, compared: contrast recovery of each sphere,
 * background variability, the largest sphere's recovery after each EM iteration, and an HTML
 * report with the images side by side. Methods: {@code osem:SxK}, {@code mlem:K},
 * {@code fbp:WINDOW}, {@code fbp-chang:WINDOW} (FBP with Chang's first-order correction).
 */
public final class SpectComparison {
    private final Interfile.Projections projections;
    private final VolumeGeometry grid;
    private final SpectProjector projector;
    private final SphereRois rois;
    private final boolean[] backgroundMask;
    private final double ratio;
    private final int threads;

    /** One method's reconstruction and, for EM methods, the largest sphere's recovery per iteration. */
    public record Outcome(String method, float[] image, double seconds, double[] recoveryPerIteration) {
    }

    /**
     * @param ratio the true sphere-to-background ratio (0 or below 1: cold spheres)
     */
    public SpectComparison(Interfile.Projections projections, VolumeGeometry grid, SpectProjector projector,
                           SphereRois rois, boolean[] backgroundMask, double ratio, int threads) {
        if (!SphereRois.any(backgroundMask)) {
            throw new InvalidInputException("the background ROI holds no voxel centre of the image");
        }
        this.projections = projections;
        this.grid = grid;
        this.projector = projector;
        this.rois = rois;
        this.backgroundMask = backgroundMask;
        this.ratio = ratio;
        this.threads = threads;
    }

    /** The methods of a comma-separated list. */
    public static List<String> parseMethods(String list) {
        List<String> methods = Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (methods.isEmpty()) {
            throw new InvalidInputException("--methods lists no method");
        }
        return methods;
    }

    public Outcome run(String method) {
        String[] parts = method.toLowerCase(Locale.ROOT).split(":");
        if (parts.length != 2) {
            throw new InvalidInputException("method '" + method + "' must be osem:SxK, mlem:K, fbp:WINDOW or fbp-chang:WINDOW");
        }
        long start = System.nanoTime();
        switch (parts[0]) {
            case "fbp", "fbp-chang" -> {
                float[] image = SpectFbp.reconstruct(projections.data(), projections.geometry(), grid,
                        FilterWindow.parse(parts[1]), 1, parts[0].equals("fbp-chang") ? projector : null, threads);
                return new Outcome(method, image, (System.nanoTime() - start) / 1e9, new double[0]);
            }
            case "osem", "mlem" -> {
                int[] sizes = emSizes(method, parts);
                Osem osem = new Osem(projector, projections.data(), null, null, sizes[0]);
                double[] recovery = new double[sizes[1]];
                int largest = rois.largest();
                osem.addListener(report -> {
                    float[] estimate = osem.estimate();
                    recovery[report.iteration() - 1] = rois.recovery(estimate, grid, largest,
                            RoiMetrics.mean(estimate, backgroundMask), ratio);
                });
                float[] image = osem.run(sizes[1]);
                return new Outcome(method, image, (System.nanoTime() - start) / 1e9, recovery);
            }
            default -> throw new InvalidInputException("unknown method '" + method + "': expected osem, mlem, fbp or fbp-chang");
        }
    }

    /** Subsets and iterations of {@code osem:SxK} or {@code mlem:K}. */
    private static int[] emSizes(String method, String[] parts) {
        int subsets = 1;
        int iterations;
        try {
            if (parts[0].equals("osem")) {
                String[] sizes = parts[1].split("x");
                if (sizes.length != 2) {
                    throw new NumberFormatException();
                }
                subsets = Integer.parseInt(sizes[0]);
                iterations = Integer.parseInt(sizes[1]);
            } else {
                iterations = Integer.parseInt(parts[1]);
            }
        } catch (NumberFormatException e) {
            throw new InvalidInputException("method '" + method + "' must be osem:SUBSETSxITERATIONS or mlem:ITERATIONS");
        }
        if (iterations < 1 || iterations > 10_000) {
            throw new InvalidInputException("method '" + method + "': iterations must be in 1..10000");
        }
        return new int[] {subsets, iterations};
    }

    /** Contrast recovery per sphere ({@code crc NAME}) and the background variability. */
    public MethodResult result(Outcome outcome) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        double backgroundMean = RoiMetrics.mean(outcome.image(), backgroundMask);
        for (int i = 0; i < rois.spheres().size(); i++) {
            double recovery = rois.recovery(outcome.image(), grid, i, backgroundMean, ratio);
            if (!Double.isNaN(recovery)) {
                metrics.put("crc " + rois.names().get(i), recovery);
            }
        }
        metrics.put("background_variability", RoiMetrics.backgroundVariability(outcome.image(), backgroundMask));
        return new MethodResult(outcome.method(), outcome.seconds(), metrics);
    }

    public List<MethodResult> results(List<Outcome> outcomes) {
        List<MethodResult> results = new ArrayList<>();
        for (Outcome outcome : outcomes) {
            results.add(result(outcome));
        }
        return results;
    }

    /**
     * The HTML report of {@code outcomes}.
     *
     * @param input     how the data are named in the report
     * @param modelling what the projector models, in words (", attenuation modelled"), or empty
     */
    public String report(List<Outcome> outcomes, String input, String modelling) throws IOException {
        int nx = grid.nx();
        int ny = grid.ny();
        int largest = rois.largest();
        int slice = Math.max(0, Math.min(grid.nz() - 1,
                (int) Math.round((rois.spheres().get(largest)[2] - grid.z(0)) / grid.dz())));
        StringBuilder html = new StringBuilder(Html.head("Recon4J SPECT comparison"))
                .append("<h1>Recon4J SPECT comparison</h1>");
        html.append("<p>Data <code>").append(Html.escape(input)).append("</code>: ")
                .append(projections.geometry().viewCount()).append(" views; image ").append(nx).append(" x ").append(ny)
                .append(" x ").append(grid.nz()).append(Html.escape(modelling))
                .append(". Device: CPU (Java ").append(Html.escape(System.getProperty("java.version"))).append(").</p>");
        html.append("<h2>Contrast recovery</h2><table><tr><th>method</th><th>time (s)</th>");
        for (String name : rois.names()) {
            html.append("<th>").append(Html.escape(name)).append("</th>");
        }
        html.append("<th>background variability</th></tr>");
        for (Outcome outcome : outcomes) {
            MethodResult result = result(outcome);
            html.append("<tr><td>").append(Html.escape(outcome.method())).append("</td>")
                    .append(String.format(Locale.ROOT, "<td>%.2f</td>", outcome.seconds()));
            for (String name : rois.names()) {
                Double recovery = result.metrics().get("crc " + name);
                html.append(recovery == null ? "<td>-</td>" : String.format(Locale.ROOT, "<td>%.3f</td>", recovery));
            }
            html.append(String.format(Locale.ROOT, "<td>%.4f</td></tr>", result.metrics().get("background_variability")));
        }
        html.append("</table><p>Contrast recovery ").append(ratio > 1 ? "(C_sphere / C_background - 1) / (" + ratio + " - 1)"
                : "1 - C_sphere / C_background").append("; each image scaled to its own background in the pictures below.</p>");
        html.append("<h2>Images (slice ").append(slice).append(")</h2>");
        for (Outcome outcome : outcomes) {
            double backgroundMean = RoiMetrics.mean(outcome.image(), backgroundMask);
            byte[] png = PngExport.encodeSlice(outcome.image(), nx, ny, slice, 0,
                    Math.max(1e-9, Math.max(ratio, 1.5) * backgroundMean));
            html.append(Html.figure(png, outcome.method(), Math.max(192, Math.min(384, 3 * nx))));
        }
        SvgChart chart = new SvgChart("Contrast recovery of the " + rois.names().get(largest) + " sphere", "iteration",
                "CRC", false);
        boolean any = false;
        for (Outcome outcome : outcomes) {
            if (outcome.recoveryPerIteration().length > 0) {
                chart.add(outcome.method(), SvgChart.counting(outcome.recoveryPerIteration().length),
                        outcome.recoveryPerIteration());
                any = true;
            }
        }
        if (any) {
            html.append("<h2>Convergence</h2>").append(chart.render());
        }
        return html.append("</body></html>\n").toString();
    }
}
