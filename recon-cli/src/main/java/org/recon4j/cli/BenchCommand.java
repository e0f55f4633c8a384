package org.recon4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.recon4j.InvalidInputException;
import org.recon4j.algorithm.DivergentBeamFbp;
import org.recon4j.algorithm.Osem;
import org.recon4j.algorithm.ParallelBeamFbp;
import org.recon4j.filter.FilterWindow;
import org.recon4j.geometry.ConeBeamGeometry;
import org.recon4j.geometry.DetectorShape;
import org.recon4j.geometry.FanBeamGeometry;
import org.recon4j.geometry.ParallelBeamGeometry;
import org.recon4j.geometry.SpectGeometry;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.gpu.ComputeDevice;
import org.recon4j.gpu.OpenClFbp;
import org.recon4j.gpu.OpenClJosephProjector;
import org.recon4j.gpu.OpenClProjector;
import org.recon4j.gpu.OpenClSpectProjector;
import org.recon4j.io.AtomicFiles;
import org.recon4j.metric.ImageMetrics;
import org.recon4j.metric.Mask;
import org.recon4j.phantom.EmissionPhantom;
import org.recon4j.phantom.Phantom2D;
import org.recon4j.phantom.Phantom3D;
import org.recon4j.phantom.SheppLogan;
import org.recon4j.projector.CollimatorResponse;
import org.recon4j.projector.JosephProjector;
import org.recon4j.projector.Projector;
import org.recon4j.projector.SpectProjector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code recon bench}: a hardware benchmark anyone can run in a few minutes. Each case times the
 * library's own code on 1 thread and on all cores (best of three after a warm-up) and records
 * the error of its result against an analytic reference, so a fast wrong result cannot pass.
 * Results print as a table and, with {@code --json}, as JSON for {@code --compare}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Benchmarks projectors and reconstructions on this machine: Java on 1 thread and on all cores,"
                + " then every OpenCL device.",
            "Compare machines with: recon bench --compare A.json B.json"})
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--json", paramLabel = "FILE.json", description = "Also write the results as JSON.")
    Path json;

    @Option(names = "--quick", description = "Quarter-size cases: seconds instead of minutes (for a smoke test).")
    boolean quick;

    @Option(names = "--compare", arity = "2", paramLabel = "FILE.json", description = "Compare two result files instead.")
    List<Path> compare;

    @Option(names = "--force", description = "Replace an existing --json file.")
    boolean force;

    @Option(names = "--java-only", description = "Skip the OpenCL devices.")
    boolean javaOnly;

    /** Where a case runs: Java threads ({@code device} null) or an OpenCL device. */
    record Engine(int threads, ComputeDevice device) {
        String label() {
            return device == null ? "CPU (Java)" : device.name() + " (OpenCL)";
        }

        String shortLabel() {
            return device == null ? "java/" + threads : "opencl/" + device.type().toLowerCase(Locale.ROOT);
        }
    }

    /** One measured case. */
    record Result(String name, Engine engine, double seconds, double updates, double error, String errorKind) {
        double updatesPerSecond() {
            return updates / seconds;
        }
    }

    /** A case: prepares its data once, then runs on an engine and returns its error. */
    private record Case(String name, double updates, String errorKind, Function<Engine, Double> run) {
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (compare != null) {
            compare(out, compare.get(0), compare.get(1));
            return 0;
        }
        if (json != null) {
            Outputs.refuseExisting(force, json);
        }
        int cores = Runtime.getRuntime().availableProcessors();
        List<Engine> engines = new ArrayList<>(List.of(new Engine(1, null)));
        if (cores > 1) {
            engines.add(new Engine(cores, null));
        }
        List<ComputeDevice> devices = javaOnly ? List.of() : ComputeDevice.list();
        for (ComputeDevice device : devices) {
            engines.add(new Engine(0, device));
        }
        List<Result> results = new ArrayList<>();
        out.printf("recon bench on %s, %d cores, Java %s%n", cpuName(), cores, System.getProperty("java.version"));
        for (ComputeDevice device : devices) {
            out.printf("OpenCL: %s%n", device);
        }
        out.printf("%-52s %-12s %10s %12s %12s%n", "case", "engine", "seconds", "updates/s", "error");
        out.flush();
        for (Case benchCase : cases(quick ? 2 : 1)) {
            for (Engine engine : engines) {
                benchCase.run().apply(engine); // warm-up: JIT, kernel compilation and caches
                double best = Double.POSITIVE_INFINITY;
                double error = Double.NaN;
                for (int repeat = 0; repeat < 3; repeat++) {
                    long start = System.nanoTime();
                    error = benchCase.run().apply(engine);
                    best = Math.min(best, (System.nanoTime() - start) / 1e9);
                }
                Result result = new Result(benchCase.name(), engine, best, benchCase.updates(), error, benchCase.errorKind());
                results.add(result);
                out.printf("%-52s %-12s %10.4f %12.3g %12.4g%n", result.name(), engine.shortLabel(), best,
                        result.updatesPerSecond(), error);
                out.flush();
            }
        }
        if (json != null) {
            Outputs.createFolder(json);
            byte[] text = toJson(results, cores).getBytes(StandardCharsets.UTF_8);
            AtomicFiles.write(json, stream -> stream.write(text));
            out.printf("results written to %s%n", json);
        }
        return 0;
    }

    /** The cases at full size ({@code shrink} 1) or smaller. */
    private static List<Case> cases(int shrink) {
        List<Case> cases = new ArrayList<>();
        int n = 512 / shrink;
        int views = 720 / shrink;
        Phantom2D slice = SheppLogan.modified2D(n / 2.0);
        ParallelBeamGeometry parallel = ParallelBeamGeometry.uniform(views, Math.PI, n, 1);
        VolumeGeometry plane = VolumeGeometry.slice(n, 1);
        float[] sinogram = slice.sinogram(parallel);
        float[] truth = slice.image(plane, 2);
        boolean[] mask = Mask.cylinder(plane, n / 2.0 - 1);
        cases.add(new Case(String.format("parallel FBP %dx%d, %d views", n, n, views), (double) n * n * views, "RMSE",
                engine -> ImageMetrics.rmse(fbp(engine, () -> OpenClFbp.parallel(parallel, plane, FilterWindow.RAM_LAK, 1,
                        engine.device()), () -> new ParallelBeamFbp(parallel, plane, FilterWindow.RAM_LAK, 1,
                        engine.threads()).reconstruct(sinogram), sinogram), truth, mask)));

        int m = 256 / shrink;
        int joViews = 360 / shrink;
        Phantom2D small = SheppLogan.modified2D(m / 2.0);
        ParallelBeamGeometry joseph = ParallelBeamGeometry.uniform(joViews, Math.PI, m, 1);
        VolumeGeometry grid = VolumeGeometry.slice(m, 1);
        float[] image = small.image(grid, 2);
        float[] exact = small.sinogram(joseph);
        cases.add(new Case(String.format("parallel forward (Joseph) %dx%d, %d views", m, m, joViews),
                (double) m * m * joViews, "rel. RMS vs closed form", engine -> {
                    float[] projected = new float[exact.length];
                    try (Session session = new Session(engine.device() == null
                            ? JosephProjector.parallel(joseph, grid, engine.threads())
                            : OpenClJosephProjector.parallel(joseph, grid, engine.device()))) {
                        session.projector().forward(image, projected);
                    }
                    return ImageMetrics.relativeL2(exact, projected);
                }));
        cases.add(new Case(String.format("parallel back + forward (Joseph) %dx%d, %d views", m, m, joViews),
                2.0 * m * m * joViews, "adjointness", engine -> {
                    try (Session session = new Session(engine.device() == null
                            ? JosephProjector.parallel(joseph, grid, engine.threads())
                            : OpenClJosephProjector.parallel(joseph, grid, engine.device()))) {
                        Projector projector = session.projector();
                        float[] back = new float[image.length];
                        projector.back(exact, back);
                        float[] projected = new float[exact.length];
                        projector.forward(image, projected);
                        return Math.abs(dot(projected, exact) - dot(image, back)) / Math.abs(dot(projected, exact));
                    }
                }));

        FanBeamGeometry fan = FanBeamGeometry.circular(joViews, 3 * m, 4 * m, DetectorShape.FLAT, m + m / 4, 4.0 / 3);
        float[] fanData = fanSinogram(small, fan);
        float[] fanTruth = small.image(grid, 2);
        boolean[] fanMask = Mask.cylinder(grid, m / 2.0 - 1);
        cases.add(new Case(String.format("fan-beam FBP %dx%d, %d views", m, m, joViews), (double) m * m * joViews, "RMSE",
                engine -> ImageMetrics.rmse(fbp(engine, () -> OpenClFbp.fan(fan, grid, FilterWindow.RAM_LAK, 1,
                        engine.device()), () -> DivergentBeamFbp.fan(fan, grid, FilterWindow.RAM_LAK, 1, engine.threads())
                        .reconstruct(fanData), fanData), fanTruth, fanMask)));

        int c = 128 / shrink;
        int coneViews = 180 / shrink;
        Phantom3D head = SheppLogan.modified3D(c / 2.0);
        ConeBeamGeometry cone = ConeBeamGeometry.circular(coneViews, 6 * c, 8 * c, c + c / 4, c + c / 4, 4.0 / 3);
        VolumeGeometry cube = VolumeGeometry.stack(c, c, 1);
        float[] coneData = head.lineIntegrals(cone.rays());
        float[] coneImage = head.image(cube, 1);
        float[] centralTruth = centralSlice(head, cube);
        boolean[] sliceMask = Mask.cylinder(VolumeGeometry.slice(c, 1), c / 2.0 - 1);
        cases.add(new Case(String.format("FDK %d^3, %d views", c, coneViews), (double) c * c * c * coneViews,
                "RMSE, central slice", engine -> {
                    float[] volume = fbp(engine, () -> OpenClFbp.fdk(cone, cube, FilterWindow.RAM_LAK, 1, engine.device()),
                            () -> DivergentBeamFbp.fdk(cone, cube, FilterWindow.RAM_LAK, 1, engine.threads())
                                    .reconstruct(coneData), coneData);
                    float[] central = java.util.Arrays.copyOfRange(volume, (c / 2) * c * c, (c / 2 + 1) * c * c);
                    return ImageMetrics.rmse(central, centralTruth, sliceMask);
                }));
        cases.add(new Case(String.format("cone forward (Joseph) %d^3, %d views", c, coneViews),
                (double) c * c * c * coneViews, "rel. RMS vs closed form", engine -> {
                    float[] projected = new float[coneData.length];
                    try (Session session = new Session(engine.device() == null
                            ? JosephProjector.cone(cone, cube, engine.threads())
                            : OpenClJosephProjector.cone(cone, cube, engine.device()))) {
                        session.projector().forward(coneImage, projected);
                    }
                    return ImageMetrics.relativeL2(coneData, projected);
                }));

        int s = 64 / shrink;
        EmissionPhantom iec = EmissionPhantom.nemaIecBody(4);
        VolumeGeometry spectGrid = new VolumeGeometry(s, s, s, 384.0 / s, 384.0 / s, 384.0 / s, 0, 0, 0);
        float[] activity = iec.activity(spectGrid, 2);
        float[] mu = iec.attenuation(spectGrid, 2);
        boolean[] body = new boolean[mu.length];
        for (int i = 0; i < mu.length; i++) {
            body[i] = mu[i] > 0;
        }
        SpectGeometry camera = SpectGeometry.fromDicom(0, 6, SpectGeometry.Direction.CW, 60, new double[] {260}, s, s,
                384.0 / s, 384.0 / s);
        CollimatorResponse response = CollimatorResponse.linear(0.0163, 1.466, 3);
        float[] counts = new float[camera.projectionSize()];
        new SpectProjector(camera, spectGrid, mu, body, response, 0).forward(activity, counts);
        long masked = 0;
        for (boolean inside : body) {
            masked += inside ? 1 : 0;
        }
        cases.add(new Case(String.format("SPECT OSEM %d^3, 60 views, 1 iteration of 6 subsets", s), 2.0 * masked * 60,
                "RMSE in body (background 1)", engine -> {
                    try (Session session = new Session(engine.device() == null
                            ? new SpectProjector(camera, spectGrid, mu, body, response, engine.threads())
                            : new OpenClSpectProjector(camera, spectGrid, mu, body, response, engine.device()))) {
                        float[] image3 = new Osem(session.projector(), counts, null, null, 6).run(1);
                        return ImageMetrics.rmse(image3, activity, body);
                    }
                }));
        return cases;
    }

    /** A projector for one run; an OpenCL one frees its device buffers at the end. */
    private record Session(Projector projector) implements AutoCloseable {
        @Override
        public void close() {
            if (projector instanceof OpenClProjector openCl) {
                openCl.close();
            }
        }
    }

    /** FBP on the engine: the OpenCL reconstructor when it names a device, the Java one otherwise. */
    private static float[] fbp(Engine engine, Supplier<OpenClFbp> openCl, Supplier<float[]> java, float[] data) {
        if (engine.device() == null) {
            return java.get();
        }
        try (OpenClFbp reconstructor = openCl.get()) {
            return reconstructor.reconstruct(data);
        }
    }

    private static float[] fanSinogram(Phantom2D phantom, FanBeamGeometry fan) {
        float[] data = new float[fan.sinogramSize()];
        for (int view = 0; view < fan.viewCount(); view++) {
            for (int bin = 0; bin < fan.binCount(); bin++) {
                double alpha = fan.fanAngle(bin);
                data[view * fan.binCount() + bin] = (float) phantom.lineIntegral(fan.angle(view) - alpha,
                        fan.sourceToAxis() * Math.sin(alpha));
            }
        }
        return data;
    }


    private static float[] centralSlice(Phantom3D phantom, VolumeGeometry cube) {
        int n = cube.nx();
        float[] slice = new float[n * n];
        double z = cube.z(cube.nz() / 2);
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                slice[y * n + x] = (float) phantom.value(cube.x(x), cube.y(y), z);
            }
        }
        return slice;
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }

    static String cpuName() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux: fall back to what Java knows
        }
        return System.getProperty("os.arch");
    }

    private static String toJson(List<Result> results, int cores) {
        StringBuilder text = new StringBuilder("{\n");
        text.append("  \"format\": \"recon4j-bench/1\",\n");
        text.append("  \"date\": \"").append(Instant.now()).append("\",\n");
        text.append("  \"machine\": {\"cpu\": \"").append(escape(cpuName())).append("\", \"cores\": ").append(cores)
                .append(", \"os\": \"").append(escape(System.getProperty("os.name") + " " + System.getProperty("os.version")))
                .append("\", \"maxHeapMiB\": ").append(Runtime.getRuntime().maxMemory() / 1048576).append("},\n");
        text.append("  \"jvm\": {\"version\": \"").append(escape(System.getProperty("java.version")))
                .append("\", \"vendor\": \"").append(escape(System.getProperty("java.vendor")))
                .append("\", \"vm\": \"").append(escape(System.getProperty("java.vm.name"))).append("\"},\n");
        String version = BenchCommand.class.getPackage().getImplementationVersion();
        text.append("  \"recon4j\": \"").append(version == null ? "development" : version).append("\",\n");
        text.append("  \"records\": [\n");
        for (int i = 0; i < results.size(); i++) {
            Result r = results.get(i);
            text.append(String.format(Locale.ROOT,
                    "    {\"case\": \"%s\", \"device\": \"%s\", \"threads\": %d, \"seconds\": %.6g, "
                            + "\"updatesPerSecond\": %.6g, \"error\": %.6g, \"errorKind\": \"%s\"}%s%n",
                    escape(r.name()), escape(r.engine().label()), r.engine().threads(), r.seconds(), r.updatesPerSecond(), r.error(), escape(r.errorKind()),
                    i + 1 < results.size() ? "," : ""));
        }
        return text.append("  ]\n}\n").toString();
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static final Pattern RECORD = Pattern.compile(
            "\\{\"case\": \"([^\"]*)\", \"device\": \"([^\"]*)\", \"threads\": (\\d+), \"seconds\": ([^,]+), "
                    + "\"updatesPerSecond\": ([^,]+), \"error\": ([^,]+),");

    /** Reads the records of a file this command wrote: key "case, device, threads" to updates/s. */
    static Map<String, Double> readRecords(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("bench results " + file + " do not exist");
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        if (!text.contains("\"format\": \"recon4j-bench/1\"")) {
            throw new InvalidInputException(file.getFileName() + ": expected a file written by 'recon bench --json'");
        }
        Map<String, Double> records = new LinkedHashMap<>();
        Matcher matcher = RECORD.matcher(text);
        while (matcher.find()) {
            String where = matcher.group(2).equals("CPU (Java)") ? matcher.group(3) + " thread(s)" : matcher.group(2);
            records.put(matcher.group(1) + ", " + where, Double.parseDouble(matcher.group(5)));
        }
        return records;
    }

    private static void compare(PrintWriter out, Path first, Path second) throws IOException {
        Map<String, Double> a = readRecords(first);
        Map<String, Double> b = readRecords(second);
        out.printf("%-58s %12s %12s %8s%n", "case", first.getFileName(), second.getFileName(), "ratio");
        for (Map.Entry<String, Double> entry : a.entrySet()) {
            Double other = b.get(entry.getKey());
            out.printf("%-58s %12.3g %12s %8s%n", entry.getKey(), entry.getValue(),
                    other == null ? "-" : String.format("%.3g", other),
                    other == null ? "-" : String.format("%.2f", other / entry.getValue()));
        }
        out.flush();
    }
}
