package org.recon4j.evaluation;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.recon4j.InvalidInputException;
import org.recon4j.Progress;
import org.recon4j.algorithm.Cgls;
import org.recon4j.algorithm.IterativeReconstruction;
import org.recon4j.algorithm.OsSart;
import org.recon4j.algorithm.Sirt;
import org.recon4j.algorithm.TvAlgorithm;
import org.recon4j.evaluation.report.Html;
import org.recon4j.evaluation.report.SvgChart;
import org.recon4j.filter.FilterWindow;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.gpu.ComputeDevice;
import org.recon4j.io.PngExport;
import org.recon4j.metric.ImageMetrics;
import org.recon4j.metric.Mask;
import org.recon4j.projector.Projector;

/**
 * Several reconstructions of the same CT data, compared: each method's image, time, data
 * residual and (given the truth) RMSE per iteration, metrics inside the circle every view sees,
 * and a self-contained HTML report with the images, differences, a profile and convergence plots.
 * Methods are named as on the command line: {@code fbp:WINDOW[:CUTOFF]}, {@code sirt:K},
 * {@code ossart:SxK}, {@code cgls:K}, {@code tv:ALPHA:K[:fista|pdhg]}.
 */
public final class CtComparison {
    private final CtScan data;
    private final float[] truth;
    private final int threads;
    private final ComputeDevice device;
    private final boolean[] mask;

    /**
     * One method's reconstruction and its history per iteration (empty for FBP): the data
     * residual, the RMSE against the truth (empty without one), and the objective the method
     * minimises (NaN for methods that track none).
     */
    public record Outcome(String method, float[] image, double seconds, double[] residuals, double[] rmses,
                          double[] objectives) {
    }

    /**
     * @param truth  the true image on the output grid, or null (then no metrics and no differences)
     * @param device an OpenCL device, or null for Java threads
     */
    public CtComparison(CtScan data, float[] truth, int threads, ComputeDevice device) {
        if (data.kind() == CtScan.Kind.CONE) {
            throw new InvalidInputException("compare takes parallel and fan geometries");
        }
        VolumeGeometry grid = data.volume();
        if (truth != null && truth.length != grid.voxelCount()) {
            throw new InvalidInputException(String.format("the truth holds %d values, the output grid %d x %d x %d",
                    truth.length, grid.nx(), grid.ny(), grid.nz()));
        }
        this.data = data;
        this.truth = truth;
        this.threads = threads;
        this.device = device;
        this.mask = Mask.cylinder(grid, Math.min(grid.nx() * grid.dx(), grid.ny() * grid.dy()) / 2 - grid.dx());
    }

    /** The methods of a comma-separated list, checked for form before anything runs. */
    public static List<String> parseMethods(String list) {
        List<String> methods = Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (methods.isEmpty()) {
            throw new InvalidInputException("--methods lists no method");
        }
        return methods;
    }

    public Outcome run(String method) {
        String[] parts = method.toLowerCase(Locale.ROOT).split(":");
        long start = System.nanoTime();
        if (parts[0].equals("fbp")) {
            FilterWindow window = FilterWindow.parse(parts.length > 1 ? parts[1] : "ram-lak");
            double cutoff = parts.length > 2 ? number(method, parts[2]) : 1;
            float[] image = data.fbp(window, cutoff, threads, device, Progress.NONE);
            return new Outcome(method, image, (System.nanoTime() - start) / 1e9, new double[0], new double[0],
                    new double[0]);
        }
        boolean tv = parts[0].equals("tv");
        if (tv ? parts.length != 3 && parts.length != 4 : parts.length != 2) {
            throw new InvalidInputException("method '" + method
                    + "' must be sirt:K, ossart:SxK, cgls:K or tv:ALPHA:K[:fista|pdhg]");
        }
        Projector projector = data.projector(threads, device);
        float[] measured = data.data().data();
        IterativeReconstruction iterative;
        int iterations;
        switch (parts[0]) {
            case "sirt" -> {
                iterations = (int) number(method, parts[1]);
                iterative = new Sirt(projector, measured, null, 1.0, true);
            }
            case "cgls" -> {
                iterations = (int) number(method, parts[1]);
                iterative = new Cgls(projector, measured);
            }
            case "ossart" -> {
                String[] sizes = parts[1].split("x");
                if (sizes.length != 2) {
                    throw new InvalidInputException("method '" + method + "' must be ossart:SUBSETSxITERATIONS");
                }
                iterations = (int) number(method, sizes[1]);
                iterative = new OsSart(projector, measured, null, (int) number(method, sizes[0]), 1.0, true);
            }
            case "tv" -> {
                double alpha = number(method, parts[1]);
                iterations = (int) number(method, parts[2]);
                TvAlgorithm algorithm = parts.length > 3 ? TvAlgorithm.parse(parts[3]) : TvAlgorithm.FISTA;
                iterative = algorithm.create(projector, measured, alpha, true);
            }
            default -> throw new InvalidInputException("unknown method '" + method
                    + "': expected fbp, sirt, ossart, cgls or tv");
        }
        if (iterations < 1 || iterations > 10_000) {
            throw new InvalidInputException("method '" + method + "': iterations must be in 1..10000");
        }
        double[] residuals = new double[iterations];
        double[] rmses = new double[truth == null ? 0 : iterations];
        double[] objectives = new double[iterations];
        iterative.addListener(report -> {
            residuals[report.iteration() - 1] = report.residualNorm();
            objectives[report.iteration() - 1] = report.objective();
            if (truth != null) {
                rmses[report.iteration() - 1] = ImageMetrics.rmse(iterative.estimate(), truth, mask);
            }
        });
        float[] image = iterative.run(iterations);
        return new Outcome(method, image, (System.nanoTime() - start) / 1e9, residuals, rmses, objectives);
    }

    /** The method's time and, given the truth, its RMSE, PSNR and SSIM inside the measured circle. */
    public MethodResult result(Outcome outcome) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        if (truth != null) {
            VolumeGeometry grid = data.volume();
            metrics.put("rmse", ImageMetrics.rmse(outcome.image(), truth, mask));
            metrics.put("psnr_db", ImageMetrics.psnr(outcome.image(), truth, mask));
            metrics.put("ssim", ImageMetrics.ssim(outcome.image(), truth, mask, grid.nx(), grid.ny()));
        }
        return new MethodResult(outcome.method(), outcome.seconds(), metrics);
    }

    private static double number(String method, String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("method '" + method + "' has '" + text + "' where a number belongs");
        }
    }

    /**
     * The HTML report of {@code outcomes}.
     *
     * @param input      how the data are named in the report
     * @param where      where the methods ran, in words
     * @param profileRow the image row of the profile, or null for the middle
     * @param rerun      the saved comparison's file name, for the rerun line
     */
    public String report(List<Outcome> outcomes, String input, String where, Integer profileRow, String rerun)
            throws IOException {
        VolumeGeometry grid = data.volume();
        int nx = grid.nx();
        int ny = grid.ny();
        int slice = grid.nz() / 2;
        int row = profileRow != null ? profileRow : ny / 2;
        if (row < 0 || row >= ny) {
            throw new InvalidInputException("--profile-row must be in 0.." + (ny - 1) + ", found " + row);
        }
        float[] reference = truth != null ? truth : outcomes.get(0).image();
        double[] window = percentileWindow(reference, slice * nx * ny, nx * ny);
        StringBuilder html = new StringBuilder(Html.head("Recon4J comparison"));
        html.append("<h1>Recon4J comparison</h1><p>Data <code>").append(Html.escape(input))
                .append("</code>: ").append(data.views()).append(" views, ").append(Html.escape(data.kind().label()))
                .append(" beam; image ").append(nx).append(" x ").append(ny).append(" x ").append(grid.nz())
                .append(", middle slice shown. Device: CPU (Java ").append(Html.escape(System.getProperty("java.version")))
                .append("), ").append(Html.escape(where)).append(" on ").append(Html.escape(Machine.cpuName()))
                .append(".</p>");
        html.append("<h2>Metrics</h2><table><tr><th>method</th><th>time (s)</th>");
        if (truth != null) {
            html.append("<th>RMSE</th><th>PSNR (dB)</th><th>SSIM</th>");
        }
        html.append("</tr>");
        for (Outcome outcome : outcomes) {
            MethodResult result = result(outcome);
            html.append("<tr><td>").append(Html.escape(outcome.method())).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.3f", outcome.seconds())).append("</td>");
            if (truth != null) {
                html.append(String.format(Locale.ROOT, "<td>%.5f</td><td>%.2f</td><td>%.4f</td>",
                        result.metrics().get("rmse"), result.metrics().get("psnr_db"), result.metrics().get("ssim")));
            }
            html.append("</tr>");
        }
        html.append("</table><p>Metrics inside the circle that every view sees (r = half the image width minus one pixel).</p>");
        html.append(String.format(Locale.ROOT, "<h2>Images</h2><p>Common window %.4g to %.4g.</p>", window[0], window[1]));
        int width = Math.max(160, Math.min(256, nx));
        if (truth != null) {
            html.append(Html.figure(PngExport.encodeSlice(truth, nx, ny, slice, window[0], window[1]), "truth", width));
        }
        for (Outcome outcome : outcomes) {
            html.append(Html.figure(PngExport.encodeSlice(outcome.image(), nx, ny, slice, window[0], window[1]),
                    outcome.method(), width));
        }
        if (truth != null) {
            double spread = 0.25 * (window[1] - window[0]);
            html.append(String.format(Locale.ROOT, "<h2>Differences from the truth</h2><p>Grey is 0; black -%.3g, white +%.3g.</p>",
                    spread, spread));
            for (Outcome outcome : outcomes) {
                float[] difference = new float[outcome.image().length];
                for (int i = 0; i < difference.length; i++) {
                    difference[i] = outcome.image()[i] - truth[i];
                }
                html.append(Html.figure(PngExport.encodeSlice(difference, nx, ny, slice, -spread, spread),
                        outcome.method() + " - truth", width));
            }
        }
        SvgChart profile = new SvgChart("Profile along row " + row, "x (mm)", "value", false);
        double[] positions = new double[nx];
        for (int x = 0; x < nx; x++) {
            positions[x] = grid.x(x);
        }
        if (truth != null) {
            profile.add("truth", positions, rowOf(truth, slice, row, nx, ny));
        }
        for (Outcome outcome : outcomes) {
            profile.add(outcome.method(), positions, rowOf(outcome.image(), slice, row, nx, ny));
        }
        html.append("<h2>Profile</h2>").append(profile.render());
        SvgChart residuals = new SvgChart("Data residual ||b - Ax||", "iteration", "residual", true);
        SvgChart errors = new SvgChart("RMSE against the truth", "iteration", "RMSE", false);
        SvgChart objectives = new SvgChart("Objective 0.5 ||Ax - b||^2 + alpha TV(x)", "iteration", "objective", true);
        boolean anyIterative = false;
        boolean anyObjective = false;
        for (Outcome outcome : outcomes) {
            if (outcome.residuals().length == 0) {
                continue;
            }
            anyIterative = true;
            double[] iterations = SvgChart.counting(outcome.residuals().length);
            residuals.add(outcome.method(), iterations, outcome.residuals());
            if (outcome.rmses().length > 0) {
                errors.add(outcome.method(), iterations, outcome.rmses());
            }
            if (outcome.objectives().length > 0 && !Double.isNaN(outcome.objectives()[0])) {
                objectives.add(outcome.method(), iterations, outcome.objectives());
                anyObjective = true;
            }
        }
        if (anyIterative) {
            html.append("<h2>Convergence</h2>").append(residuals.render());
            if (truth != null) {
                html.append(errors.render());
            }
            if (anyObjective) {
                html.append(objectives.render());
            }
        }
        html.append("<h2>Rerun</h2><p><code>recon compare --spec ").append(Html.escape(rerun))
                .append("</code></p></body></html>\n");
        return html.toString();
    }

    private static double[] rowOf(float[] image, int slice, int row, int nx, int ny) {
        double[] values = new double[nx];
        int offset = (slice * ny + row) * nx;
        for (int x = 0; x < nx; x++) {
            values[x] = image[offset + x];
        }
        return values;
    }

    /** The 1st to 99th percentile of one slice: a window robust to a few extreme pixels. */
    private static double[] percentileWindow(float[] image, int offset, int size) {
        float[] values = Arrays.copyOfRange(image, offset, offset + size);
        Arrays.sort(values);
        double low = values[(int) (0.01 * (size - 1))];
        double high = values[(int) (0.99 * (size - 1))];
        return high > low ? new double[] {low, high} : new double[] {low, low + 1};
    }

    /** The outcomes' figures, in order. */
    public List<MethodResult> results(List<Outcome> outcomes) {
        List<MethodResult> results = new ArrayList<>();
        for (Outcome outcome : outcomes) {
            results.add(result(outcome));
        }
        return results;
    }
}
