package org.recon4j.evaluation;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.recon4j.InvalidInputException;
import org.recon4j.algorithm.Bsrem;
import org.recon4j.algorithm.IterativeReconstruction;
import org.recon4j.algorithm.Osem;
import org.recon4j.algorithm.SpectFbp;
import org.recon4j.evaluation.report.Html;
import org.recon4j.evaluation.report.SvgChart;
import org.recon4j.filter.FilterWindow;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.io.Interfile;
import org.recon4j.io.PngExport;
import org.recon4j.projector.SpectProjector;
import org.recon4j.regularisation.Prior;
import org.recon4j.spect.PostFilter;
import org.recon4j.spect.RoiMetrics;

/**
 * OSEM, MLEM, penalised-likelihood methods and FBP of the same SPECT projections, compared:
 * contrast recovery of each sphere, background variability, the largest sphere's recovery and
 * the background variability after each iteration (the trade-off curve phantom studies publish),
 * and an HTML report with the images side by side. Methods: {@code osem:SxK}, {@code mlem:K},
 * {@code osem:SxK:gauss:FWHM} and {@code mlem:K:gauss:FWHM} (each iterate post-filtered by a 3D
 * Gaussian of FWHM mm), {@code osl:PRIOR:BETA[:GAMMA][:SxK]} (OSEM one step late, 8x4 unless given),
 * {@code bsrem:PRIOR:BETA[:GAMMA][:SxK]} (8x20 unless given), PRIOR {@code rdp} or
 * {@code quadratic}; {@code fbp:WINDOW}, {@code fbp-chang:WINDOW} (FBP with Chang's first-order
 * correction).
 */
public final class SpectComparison {
    private final Interfile.Projections projections;
    private final VolumeGeometry grid;
    private final SpectProjector projector;
    private final SphereRois rois;
    private final boolean[] backgroundMask;
    private final double ratio;
    private final int threads;
    private float[] truth;

    /**
     * One method's reconstruction and, for iterative methods, the largest sphere's recovery and the
     * background variability per iteration (empty for FBP).
     */
    public record Outcome(String method, float[] image, double seconds, double[] recoveryPerIteration,
                          double[] variabilityPerIteration) {
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

    /** Shows {@code truth} (the true activity on the image grid) beside the reconstructions. */
    public SpectComparison withTruth(float[] truth) {
        if (truth != null && truth.length != grid.voxelCount()) {
            throw new InvalidInputException(String.format("the truth holds %d values, the image grid %d x %d x %d",
                    truth.length, grid.nx(), grid.ny(), grid.nz()));
        }
        this.truth = truth;
        return this;
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
        if (parts[0].equals("osl") || parts[0].equals("bsrem")) {
            return runPenalised(method, parts);
        }
        boolean filtered = parts.length == 4 && parts[2].equals("gauss") && (parts[0].equals("osem") || parts[0].equals("mlem"));
        if (parts.length != 2 && !filtered) {
            throw new InvalidInputException("method '" + method + "' must be osem:SxK[:gauss:FWHM], mlem:K[:gauss:FWHM],"
                    + " osl:PRIOR:BETA, bsrem:PRIOR:BETA, fbp:WINDOW or fbp-chang:WINDOW");
        }
        long start = System.nanoTime();
        switch (parts[0]) {
            case "fbp", "fbp-chang" -> {
                float[] image = SpectFbp.reconstruct(projections.data(), projections.geometry(), grid,
                        FilterWindow.parse(parts[1]), 1, parts[0].equals("fbp-chang") ? projector : null, threads);
                return new Outcome(method, image, (System.nanoTime() - start) / 1e9, new double[0], new double[0]);
            }
            case "osem", "mlem" -> {
                int[] sizes = emSizes(method, parts);
                double fwhm = filtered ? postFilterWidth(method, parts[3]) : 0;
                return track(method, new Osem(projector, projections.data(), null, null, sizes[0]), sizes[1], fwhm, start);
            }
            default -> throw new InvalidInputException("unknown method '" + method
                    + "': expected osem, mlem, osl, bsrem, fbp or fbp-chang");
        }
    }

    /** {@code osl:PRIOR:BETA[:GAMMA][:SxK]} or {@code bsrem:PRIOR:BETA[:GAMMA][:SxK]}. */
    private Outcome runPenalised(String method, String[] parts) {
        boolean bsrem = parts[0].equals("bsrem");
        int[] sizes = bsrem ? new int[] {8, 20} : new int[] {8, 4};
        int end = parts.length;
        if (end > 3 && parts[end - 1].contains("x")) {
            sizes = emSizes(method, new String[] {"osem", parts[end - 1]});
            end--;
        }
        if (end < 3 || end > 4) {
            throw new InvalidInputException("method '" + method + "' must be " + parts[0]
                    + ":rdp:BETA[:GAMMA][:SxK] or " + parts[0] + ":quadratic:BETA[:SxK]");
        }
        Prior.Parsed parsed = Prior.parse(String.join(":", Arrays.copyOfRange(parts, 1, end)));
        Prior prior = new Prior(grid, parsed.potential(), threads);
        long start = System.nanoTime();
        IterativeReconstruction reconstruction = bsrem
                ? new Bsrem(projector, projections.data(), null, null, sizes[0], prior, parsed.beta(), 1)
                : new Osem(projector, projections.data(), null, null, sizes[0], prior, parsed.beta());
        return track(method, reconstruction, sizes[1], 0, start);
    }

    private static double postFilterWidth(String method, String text) {
        try {
            double fwhm = Double.parseDouble(text);
            if (fwhm > 0 && fwhm < 1000) {
                return fwhm;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidInputException("method '" + method + "': the Gaussian's FWHM must be a number of mm in (0, 1000)");
    }

    /**
     * Runs an iterative method, recording the largest sphere's recovery and the background
     * variability of each iterate, post-filtered by a Gaussian of {@code fwhm} mm when positive.
     */
    private Outcome track(String method, IterativeReconstruction reconstruction, int iterations, double fwhm, long start) {
        double[] recovery = new double[iterations];
        double[] variability = new double[iterations];
        int largest = rois.largest();
        reconstruction.addListener(report -> {
            float[] estimate = fwhm > 0 ? PostFilter.gaussian(reconstruction.estimate(), grid, fwhm) : reconstruction.estimate();
            recovery[report.iteration() - 1] = rois.recovery(estimate, grid, largest,
                    RoiMetrics.mean(estimate, backgroundMask), ratio);
            variability[report.iteration() - 1] = RoiMetrics.backgroundVariability(estimate, backgroundMask);
        });
        float[] image = reconstruction.run(iterations);
        if (fwhm > 0) {
            image = PostFilter.gaussian(image, grid, fwhm);
        }
        return new Outcome(method, image, (System.nanoTime() - start) / 1e9, recovery, variability);
    }

    /**
     * Recovery of the largest sphere against background variability: one curve per iterative
     * method over its iterations, and the penalised methods' final points joined in the order given
     * (a curve over beta when the list sweeps it).
     */
    private SvgChart tradeOff(List<Outcome> outcomes, int largest) {
        SvgChart chart = new SvgChart("Recovery of the " + rois.names().get(largest)
                + " sphere against background variability", "background variability", "CRC", false);
        List<double[]> finals = new ArrayList<>();
        for (Outcome outcome : outcomes) {
            int count = outcome.recoveryPerIteration().length;
            if (count == 0) {
                continue;
            }
            chart.add(outcome.method(), outcome.variabilityPerIteration(), outcome.recoveryPerIteration());
            if (outcome.method().startsWith("bsrem") || outcome.method().startsWith("osl")) {
                finals.add(new double[] {outcome.variabilityPerIteration()[count - 1], outcome.recoveryPerIteration()[count - 1]});
            }
        }
        if (finals.size() > 1) {
            chart.add("penalised, last iteration", finals.stream().mapToDouble(p -> p[0]).toArray(),
                    finals.stream().mapToDouble(p -> p[1]).toArray());
        }
        return chart;
    }

    /** One slice from 0 (black) to {@code top} times the image's own background mean (white). */
    private String slicePicture(float[] image, int slice, double top, String caption, int width) throws IOException {
        double backgroundMean = RoiMetrics.mean(image, backgroundMask);
        byte[] png = PngExport.encodeSlice(image, grid.nx(), grid.ny(), slice, 0, Math.max(1e-9, top * backgroundMean));
        return Html.figure(png, caption, width);
    }

    /** The grey scale the pictures share, in multiples of each image's background. */
    private static String colourBar(double top) throws IOException {
        int width = 256;
        int height = 12;
        float[] ramp = new float[width * height];
        for (int i = 0; i < ramp.length; i++) {
            ramp[i] = (i % width) / (width - 1f);
        }
        byte[] png = PngExport.encodeSlice(ramp, width, height, 0, 0, 1);
        return Html.figure(png, String.format(Locale.ROOT, "0 to %.2g x the image's background mean", top), width);
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
        double top = Math.max(ratio, 1.5);
        html.append("<h2>Images (slice ").append(slice).append(")</h2>");
        int width = Math.max(192, Math.min(384, 3 * nx));
        if (truth != null) {
            html.append(slicePicture(truth, slice, top, "truth", width));
        }
        for (Outcome outcome : outcomes) {
            html.append(slicePicture(outcome.image(), slice, top, outcome.method(), width));
        }
        html.append(colourBar(top));
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
            html.append("<h2>Convergence</h2>").append(chart.render()).append(tradeOff(outcomes, largest).render());
        }
        return html.append("</body></html>\n").toString();
    }
}
