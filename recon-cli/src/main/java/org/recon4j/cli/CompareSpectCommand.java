package org.recon4j.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.recon4j.InvalidInputException;
import org.recon4j.algorithm.Osem;
import org.recon4j.algorithm.SpectFbp;
import org.recon4j.cli.report.Html;
import org.recon4j.cli.report.SvgChart;
import org.recon4j.filter.FilterWindow;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.io.AtomicFiles;
import org.recon4j.io.FloatVolume;
import org.recon4j.io.Interfile;
import org.recon4j.io.PngExport;
import org.recon4j.projector.CollimatorResponse;
import org.recon4j.projector.SpectProjector;
import org.recon4j.spect.RoiMetrics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code recon compare-spect}: OSEM, MLEM and FBP of the same SPECT data in one HTML report, with
 * contrast recovery of each sphere, background variability, images side by side and, for the EM
 * methods, the largest sphere's contrast recovery after each iteration.
 */
@Command(name = "compare-spect", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compares SPECT reconstructions of the same projections in an HTML report (--out REPORT.html).",
            "Methods: osem:SUBSETSxITERATIONS, mlem:ITERATIONS, fbp:WINDOW, fbp-chang:WINDOW."})
final class CompareSpectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    SpectInput spectInput;

    @Option(names = "--out", required = true, paramLabel = "REPORT.html", description = "The report.")
    Path output;

    @Option(names = "--methods", paramLabel = "LIST", defaultValue = "osem:8x4,mlem:16,fbp-chang:hann",
            description = "Comma-separated methods (default ${DEFAULT-VALUE}).")
    String methods;

    @Mixin
    PsfOptions psf;

    @Option(names = "--iec", description = "The six IEC body spheres as simulate-spect places them.")
    boolean iec;

    @Option(names = "--sphere", paramLabel = "X,Y,Z,R", description = "A sphere ROI (repeatable).")
    List<String> spheres = new ArrayList<>();

    @Option(names = "--background", required = true, paramLabel = "X,Y,Z,R", description = "Background ROI (a sphere).")
    String background;

    @Option(names = "--ratio", paramLabel = "R", defaultValue = "4", description = "True sphere-to-background ratio (0: cold).")
    double ratio;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0", description = "Worker threads, 0 = all cores.")
    int threads;

    @Option(names = "--force", description = "Replace an existing report.")
    boolean force;

    @Option(names = {"-q", "--quiet"}, description = "No progress on stderr.")
    boolean quiet;

    private record Outcome(String name, float[] image, double seconds, double[] recoveryPerIteration) {
    }

    @Override
    public Integer call() throws Exception {
        if (!output.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".html")) {
            throw new InvalidInputException("compare-spect --out must name an .html report, found " + output);
        }
        Outputs.refuseExisting(force, output);
        psf.check();
        SphereRois rois = SphereRois.of(iec, spheres);
        spectInput.checkOptions(force);
        Interfile.Projections projections = spectInput.readProjections();
        CollimatorResponse response = psf.response(spectInput.photonKeV());
        // the body (mu > 0) is the reconstructed region when there is a map, as in STIR's demo settings
        boolean withMap = spectInput.attenuationMap != null || spectInput.attenuationCt != null;
        SpectInput.Setup setup = spectInput.setup(projections.geometry(), withMap, false);
        VolumeGeometry grid = setup.grid();
        boolean[] backgroundMask = SphereRois.mask(grid, SphereRois.parse("--background", background));
        if (!SphereRois.any(backgroundMask)) {
            throw new InvalidInputException("--background " + background + " holds no voxel centre of the image");
        }
        boolean[] body = setup.mask();
        SpectProjector projector = new SpectProjector(projections.geometry(), grid, setup.mu(), body,
                response, threads);
        int largest = 0;
        for (int i = 1; i < rois.spheres.size(); i++) {
            largest = rois.spheres.get(i)[3] > rois.spheres.get(largest)[3] ? i : largest;
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (String method : Arrays.stream(methods.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList()) {
            if (!quiet) {
                spec.commandLine().getErr().println("compare-spect: " + method + " ...");
                spec.commandLine().getErr().flush();
            }
            outcomes.add(run(method, projections, grid, projector, rois, largest, backgroundMask));
        }
        String html = report(projections, grid, outcomes, rois, backgroundMask, largest);
        Outputs.createFolder(output);
        AtomicFiles.write(output, out -> out.write(html.getBytes(StandardCharsets.UTF_8)));
        return 0;
    }

    private Outcome run(String method, Interfile.Projections projections, VolumeGeometry grid, SpectProjector projector,
                        SphereRois rois, int largest, boolean[] backgroundMask) {
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
                Osem osem = new Osem(projector, projections.data(), null, null, subsets);
                double[] recovery = new double[iterations];
                osem.addListener(report -> {
                    float[] estimate = osem.estimate();
                    recovery[report.iteration() - 1] = rois.recovery(estimate, grid, largest,
                            RoiMetrics.mean(estimate, backgroundMask), ratio);
                });
                float[] image = osem.run(iterations);
                return new Outcome(method, image, (System.nanoTime() - start) / 1e9, recovery);
            }
            default -> throw new InvalidInputException("unknown method '" + method + "': expected osem, mlem, fbp or fbp-chang");
        }
    }

    private String report(Interfile.Projections projections, VolumeGeometry grid, List<Outcome> outcomes, SphereRois rois,
                          boolean[] backgroundMask, int largest) throws java.io.IOException {
        int nx = grid.nx();
        int ny = grid.ny();
        int slice = Math.max(0, Math.min(grid.nz() - 1, (int) Math.round((rois.spheres.get(largest)[2] - grid.z(0)) / grid.dz())));
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Recon4J SPECT comparison"
                + "</title>").append(Html.STYLE).append("</head><body><h1>Recon4J SPECT comparison</h1>");
        html.append("<p>Data <code>").append(Html.escape(spectInput.input.toString())).append("</code>: ")
                .append(projections.geometry().viewCount()).append(" views; image ").append(nx).append(" x ").append(ny)
                .append(" x ").append(grid.nz()).append(psf.psfSlope == null ? "" : ", collimator response modelled")
                .append(spectInput.attenuationMap == null ? "" : ", attenuation modelled")
                .append(". Device: CPU (Java ").append(Html.escape(System.getProperty("java.version"))).append(").</p>");
        html.append("<h2>Contrast recovery</h2><table><tr><th>method</th><th>time (s)</th>");
        for (String name : rois.names) {
            html.append("<th>").append(Html.escape(name)).append("</th>");
        }
        html.append("<th>background variability</th></tr>");
        for (Outcome outcome : outcomes) {
            double backgroundMean = RoiMetrics.mean(outcome.image(), backgroundMask);
            html.append("<tr><td>").append(Html.escape(outcome.name())).append("</td>")
                    .append(String.format(Locale.ROOT, "<td>%.2f</td>", outcome.seconds()));
            for (int i = 0; i < rois.spheres.size(); i++) {
                double recovery = rois.recovery(outcome.image(), grid, i, backgroundMean, ratio);
                html.append(Double.isNaN(recovery) ? "<td>-</td>" : String.format(Locale.ROOT, "<td>%.3f</td>", recovery));
            }
            html.append(String.format(Locale.ROOT, "<td>%.4f</td></tr>",
                    RoiMetrics.backgroundVariability(outcome.image(), backgroundMask)));
        }
        html.append("</table><p>Contrast recovery ").append(ratio > 1 ? "(C_sphere / C_background - 1) / (" + ratio + " - 1)"
                : "1 - C_sphere / C_background").append("; each image scaled to its own background in the pictures below.</p>");
        html.append("<h2>Images (slice ").append(slice).append(")</h2>");
        for (Outcome outcome : outcomes) {
            double backgroundMean = RoiMetrics.mean(outcome.image(), backgroundMask);
            byte[] png = PngExport.encodeSlice(outcome.image(), nx, ny, slice, 0, Math.max(1e-9, Math.max(ratio, 1.5) * backgroundMean));
            html.append("<figure>").append(Html.image(png, outcome.name(), Math.max(192, Math.min(384, 3 * nx))))
                    .append("<figcaption>").append(Html.escape(outcome.name())).append("</figcaption></figure>");
        }
        SvgChart chart = new SvgChart("Contrast recovery of the " + rois.names.get(largest) + " sphere", "iteration", "CRC", false);
        boolean any = false;
        for (Outcome outcome : outcomes) {
            if (outcome.recoveryPerIteration().length > 0) {
                double[] iterations = new double[outcome.recoveryPerIteration().length];
                for (int i = 0; i < iterations.length; i++) {
                    iterations[i] = i + 1;
                }
                chart.add(outcome.name(), iterations, outcome.recoveryPerIteration());
                any = true;
            }
        }
        if (any) {
            html.append("<h2>Convergence</h2>").append(chart.render());
        }
        return html.append("</body></html>\n").toString();
    }
}
