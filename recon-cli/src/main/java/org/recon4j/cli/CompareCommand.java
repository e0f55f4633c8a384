package org.recon4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.recon4j.InvalidInputException;
import org.recon4j.gpu.ComputeDevice;
import org.recon4j.algorithm.Cgls;
import org.recon4j.algorithm.DivergentBeamFbp;
import org.recon4j.algorithm.IterativeReconstruction;
import org.recon4j.algorithm.OsSart;
import org.recon4j.algorithm.ParallelBeamFbp;
import org.recon4j.algorithm.Sirt;
import org.recon4j.cli.report.Html;
import org.recon4j.cli.report.SvgChart;
import org.recon4j.filter.FilterWindow;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.io.AtomicFiles;
import org.recon4j.io.FloatVolume;
import org.recon4j.io.MetaImage;
import org.recon4j.io.PngExport;
import org.recon4j.metric.ImageMetrics;
import org.recon4j.metric.Mask;
import org.recon4j.projector.Projector;
import org.recon4j.util.Parallel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code recon compare}: several reconstructions of the same data in one self-contained HTML
 * report: images side by side in one window, differences from the truth, a profile, a metrics
 * table, convergence plots of the iterative methods, run times and the device. The exact command
 * is saved beside the report as JSON; {@code recon compare --spec FILE.json} reruns it.
 */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs several reconstructions of the same data and writes an HTML report (--out REPORT.html).",
            "Methods: fbp:WINDOW[:CUTOFF], sirt:ITERATIONS, ossart:SUBSETSxITERATIONS, cgls:ITERATIONS.",
            "Rerun a saved comparison with: recon compare --spec REPORT.json"})
final class CompareCommand implements Callable<Integer> {
    private static final String SPEC_FORMAT = "recon4j-compare/1";

    @Spec
    CommandSpec spec;

    @Mixin
    ScanOptions scan;

    @Option(names = "--geometry", paramLabel = "KIND", defaultValue = "parallel",
            description = "parallel, fan-arc or fan-flat (default ${DEFAULT-VALUE}).")
    String geometry;

    @Option(names = "--methods", paramLabel = "LIST", defaultValue = "fbp:ram-lak,fbp:hann,sirt:50,ossart:10x5,cgls:10",
            description = "Comma-separated methods (default ${DEFAULT-VALUE}).")
    String methods;

    @Option(names = "--truth", paramLabel = "P.mhd", description = "Ground truth on the output grid, for metrics and differences.")
    Path truthPath;

    @Option(names = "--profile-row", paramLabel = "ROW", description = "Image row for the profile (default: the middle).")
    Integer profileRow;

    /** Arguments as given, to save beside the report (set by {@link #expandSpec}). */
    static final ThreadLocal<String[]> ARGUMENTS = new ThreadLocal<>();

    private record Outcome(String name, float[] image, double seconds, double[] residuals, double[] rmses) {
    }

    @Override
    public Integer call() throws Exception {
        String name = scan.output.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".html")) {
            throw new InvalidInputException("compare --out must name an .html report, found " + scan.output);
        }
        Path specPath = scan.output.resolveSibling(name.substring(0, name.length() - 5) + ".json");
        Outputs.refuseExisting(scan.force, scan.output, specPath);
        ScanOptions.Kind kind = ScanOptions.Kind.parse(geometry);
        if (kind == ScanOptions.Kind.CONE) {
            throw new InvalidInputException("compare takes parallel and fan geometries");
        }
        ScanOptions.Scan data = scan.readInput(kind);
        device = scan.device.resolve();
        VolumeGeometry grid = data.volume();
        float[] truth = null;
        if (truthPath != null) {
            truth = MetaImage.read(truthPath).data();
            if (truth.length != grid.voxelCount()) {
                throw new InvalidInputException(String.format("the truth holds %d values, the output grid %d x %d x %d",
                        truth.length, grid.nx(), grid.ny(), grid.nz()));
            }
        }
        List<String> methodList = Arrays.stream(methods.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (methodList.isEmpty()) {
            throw new InvalidInputException("--methods lists no method");
        }
        PrintWriter err = spec.commandLine().getErr();
        boolean[] mask = Mask.cylinder(grid, Math.min(grid.nx() * grid.dx(), grid.ny() * grid.dy()) / 2 - grid.dx());
        List<Outcome> outcomes = new ArrayList<>();
        for (String method : methodList) {
            if (!scan.quiet) {
                err.println("compare: " + method + " ...");
                err.flush();
            }
            outcomes.add(run(method, data, truth, mask));
        }
        String html = report(data, outcomes, truth, mask);
        String saved = specJson();
        Outputs.createFolder(scan.output);
        new AtomicFiles().add(scan.output, out -> out.write(html.getBytes(StandardCharsets.UTF_8)))
                .add(specPath, out -> out.write(saved.getBytes(StandardCharsets.UTF_8))).commit();
        if (!scan.quiet) {
            err.printf("compare: %d methods -> %s (rerun with: recon compare --spec %s)%n", outcomes.size(), scan.output,
                    specPath);
            err.flush();
        }
        return 0;
    }

    /** Where the methods run: an OpenCL device, or null for Java threads. */
    private ComputeDevice device;

    private Outcome run(String method, ScanOptions.Scan data, float[] truth, boolean[] mask) {
        String[] parts = method.toLowerCase(Locale.ROOT).split(":");
        long start = System.nanoTime();
        if (parts[0].equals("fbp")) {
            FilterWindow window = FilterWindow.parse(parts.length > 1 ? parts[1] : "ram-lak");
            double cutoff = parts.length > 2 ? number(method, parts[2]) : 1;
            float[] image = data.fbp(window, cutoff, scan.threads, device, org.recon4j.Progress.NONE);
            return new Outcome(method, image, (System.nanoTime() - start) / 1e9, new double[0], new double[0]);
        }
        if (parts.length != 2) {
            throw new InvalidInputException("method '" + method + "' must be sirt:K, ossart:SxK or cgls:K");
        }
        Projector projector = data.projector(scan.threads, device);
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
            default -> throw new InvalidInputException("unknown method '" + method + "': expected fbp, sirt, ossart or cgls");
        }
        if (iterations < 1 || iterations > 10_000) {
            throw new InvalidInputException("method '" + method + "': iterations must be in 1..10000");
        }
        double[] residuals = new double[iterations];
        double[] rmses = new double[truth == null ? 0 : iterations];
        iterative.addListener(report -> {
            residuals[report.iteration() - 1] = report.residualNorm();
            if (truth != null) {
                rmses[report.iteration() - 1] = ImageMetrics.rmse(iterative.estimate(), truth, mask);
            }
        });
        float[] image = iterative.run(iterations);
        return new Outcome(method, image, (System.nanoTime() - start) / 1e9, residuals, rmses);
    }

    private static double number(String method, String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("method '" + method + "' has '" + text + "' where a number belongs");
        }
    }

    private String report(ScanOptions.Scan data, List<Outcome> outcomes, float[] truth, boolean[] mask) throws IOException {
        VolumeGeometry grid = data.volume();
        int nx = grid.nx();
        int ny = grid.ny();
        int slice = grid.nz() / 2;
        float[] reference = truth != null ? truth : outcomes.get(0).image();
        double[] window = percentileWindow(reference, slice * nx * ny, nx * ny);
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Recon4J comparison</title>")
                .append(Html.STYLE).append("</head><body>");
        html.append("<h1>Recon4J comparison</h1><p>Data <code>").append(Html.escape(scan.input.toString()))
                .append("</code>: ").append(data.views()).append(" views, ").append(Html.escape(geometry)).append(" beam; image ")
                .append(nx).append(" x ").append(ny).append(" x ").append(grid.nz()).append(", middle slice shown. Device: CPU (Java ")
                .append(Html.escape(System.getProperty("java.version"))).append("), ").append(Html.escape(DeviceOptions.describe(device, scan.threads)))
                .append(" on ").append(Html.escape(BenchCommand.cpuName())).append(".</p>");
        html.append("<h2>Metrics</h2><table><tr><th>method</th><th>time (s)</th>");
        if (truth != null) {
            html.append("<th>RMSE</th><th>PSNR (dB)</th><th>SSIM</th>");
        }
        html.append("</tr>");
        for (Outcome outcome : outcomes) {
            html.append("<tr><td>").append(Html.escape(outcome.name())).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.3f", outcome.seconds())).append("</td>");
            if (truth != null) {
                html.append(String.format(Locale.ROOT, "<td>%.5f</td><td>%.2f</td><td>%.4f</td>",
                        ImageMetrics.rmse(outcome.image(), truth, mask), ImageMetrics.psnr(outcome.image(), truth, mask),
                        ImageMetrics.ssim(outcome.image(), truth, mask, nx, ny)));
            }
            html.append("</tr>");
        }
        html.append("</table><p>Metrics inside the circle that every view sees (r = half the image width minus one pixel).</p>");
        html.append(String.format(Locale.ROOT, "<h2>Images</h2><p>Common window %.4g to %.4g.</p>", window[0], window[1]));
        int width = Math.max(160, Math.min(256, nx));
        if (truth != null) {
            html.append(figure(PngExport.encodeSlice(truth, nx, ny, slice, window[0], window[1]), "truth", width));
        }
        for (Outcome outcome : outcomes) {
            html.append(figure(PngExport.encodeSlice(outcome.image(), nx, ny, slice, window[0], window[1]), outcome.name(), width));
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
                html.append(figure(PngExport.encodeSlice(difference, nx, ny, slice, -spread, spread), outcome.name() + " - truth",
                        width));
            }
        }
        int row = profileRow != null ? profileRow : ny / 2;
        if (row < 0 || row >= ny) {
            throw new InvalidInputException("--profile-row must be in 0.." + (ny - 1) + ", found " + row);
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
            profile.add(outcome.name(), positions, rowOf(outcome.image(), slice, row, nx, ny));
        }
        html.append("<h2>Profile</h2>").append(profile.render());
        SvgChart residuals = new SvgChart("Data residual ||b - Ax||", "iteration", "residual", true);
        SvgChart errors = new SvgChart("RMSE against the truth", "iteration", "RMSE", false);
        boolean anyIterative = false;
        for (Outcome outcome : outcomes) {
            if (outcome.residuals().length == 0) {
                continue;
            }
            anyIterative = true;
            double[] iterations = new double[outcome.residuals().length];
            for (int i = 0; i < iterations.length; i++) {
                iterations[i] = i + 1;
            }
            residuals.add(outcome.name(), iterations, outcome.residuals());
            if (outcome.rmses().length > 0) {
                errors.add(outcome.name(), iterations, outcome.rmses());
            }
        }
        if (anyIterative) {
            html.append("<h2>Convergence</h2>").append(residuals.render());
            if (truth != null) {
                html.append(errors.render());
            }
        }
        html.append("<h2>Rerun</h2><p><code>recon compare --spec ").append(Html.escape(scan.output.getFileName().toString()
                .replaceAll("\\.html$", ".json"))).append("</code></p></body></html>\n");
        return html.toString();
    }

    private static String figure(byte[] png, String caption, int width) {
        return "<figure>" + Html.image(png, caption, width) + "<figcaption>" + Html.escape(caption) + "</figcaption></figure>";
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

    private static String specJson() {
        String[] arguments = ARGUMENTS.get();
        StringBuilder json = new StringBuilder("{\n  \"format\": \"" + SPEC_FORMAT + "\",\n  \"arguments\": [");
        for (int i = 0; arguments != null && i < arguments.length; i++) {
            json.append(i == 0 ? "" : ", ").append('"').append(arguments[i].replace("\\", "\\\\").replace("\"", "\\\""))
                    .append('"');
        }
        return json.append("]\n}\n").toString();
    }

    private static final Pattern STRING = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

    /**
     * {@code compare --spec FILE.json [more options]}: the arguments saved in FILE, then the more
     * options (e.g. {@code --force}). Any other command line comes back as it is.
     */
    static String[] expandSpec(String[] args) throws IOException {
        if (args.length < 3 || !args[0].equals("compare") || !args[1].equals("--spec")) {
            return args;
        }
        Path file = Path.of(args[2]);
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("comparison file " + file + " does not exist");
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        if (!text.contains("\"" + SPEC_FORMAT + "\"")) {
            throw new InvalidInputException(file.getFileName() + ": expected a comparison saved by 'recon compare'");
        }
        String array = text.substring(text.indexOf('[') + 1, text.lastIndexOf(']'));
        List<String> arguments = new ArrayList<>();
        Matcher matcher = STRING.matcher(array);
        while (matcher.find()) {
            arguments.add(matcher.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
        }
        arguments.addAll(Arrays.asList(args).subList(3, args.length));
        return arguments.toArray(String[]::new);
    }
}
