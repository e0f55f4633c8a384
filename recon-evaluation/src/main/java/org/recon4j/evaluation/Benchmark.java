package org.recon4j.evaluation;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
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

/**
 * A hardware benchmark anyone can run in a few minutes. Each case times the library's own code
 * on an engine (Java threads or an OpenCL device), best of three after a warm-up, and records the
 * error of its result against an analytic reference, so a fast wrong result cannot pass. Results
 * save as JSON ({@value #FORMAT}) for comparing machines.
 */
public final class Benchmark {
    /** The results file's format name. */
    public static final String FORMAT = "recon4j-bench/1";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private Benchmark() {
    }

    /** Where a case runs: Java threads ({@code device} null) or an OpenCL device. */
    public record Engine(int threads, ComputeDevice device) {
        public String label() {
            return device == null ? "CPU (Java)" : device.name() + " (OpenCL)";
        }

        public String shortLabel() {
            return device == null ? "java/" + threads : "opencl/" + device.type().toLowerCase(Locale.ROOT);
        }
    }

    /** One measured case. */
    public record Result(String name, Engine engine, double seconds, double updates, double error, String errorKind) {
        public double updatesPerSecond() {
            return updates / seconds;
        }
    }

    /** A case: prepares its data once, then runs on an engine and returns its error. */
    private record Case(String name, double updates, String errorKind, Function<Engine, Double> run) {
    }

    /** Java on 1 thread and on all cores, then each OpenCL device unless {@code javaOnly}. */
    public static List<Engine> engines(boolean javaOnly) {
        int cores = Runtime.getRuntime().availableProcessors();
        List<Engine> engines = new ArrayList<>(List.of(new Engine(1, null)));
        if (cores > 1) {
            engines.add(new Engine(cores, null));
        }
        if (!javaOnly) {
            for (ComputeDevice device : ComputeDevice.list()) {
                engines.add(new Engine(0, device));
            }
        }
        return engines;
    }

    /**
     * Runs every case on every engine, each result passed to {@code listener} as it comes.
     *
     * @param quick quarter-size cases: seconds instead of minutes (a smoke test)
     */
    public static List<Result> run(List<Engine> engines, boolean quick, Consumer<Result> listener) {
        List<Result> results = new ArrayList<>();
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
                listener.accept(result);
            }
        }
        return results;
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

    /** The results file: the machine, the JVM and one record per case and engine. */
    private record ResultsFile(String format, String date, MachineRecord machine, JvmRecord jvm, String recon4j,
                               List<CaseRecord> records) {
    }

    private record MachineRecord(String cpu, int cores, String os, long maxHeapMiB) {
    }

    private record JvmRecord(String version, String vendor, String vm) {
    }

    private record CaseRecord(@JsonProperty("case") String name, String device, int threads, double seconds,
                              double updatesPerSecond, double error, String errorKind) {
    }

    /** Writes {@code results} as JSON, whole or not at all. */
    public static void write(Path file, List<Result> results) throws IOException {
        List<CaseRecord> records = new ArrayList<>();
        for (Result result : results) {
            records.add(new CaseRecord(result.name(), result.engine().label(), result.engine().threads(), result.seconds(),
                    result.updatesPerSecond(), result.error(), result.errorKind()));
        }
        ResultsFile content = new ResultsFile(FORMAT, Instant.now().toString(),
                new MachineRecord(Machine.cpuName(), Runtime.getRuntime().availableProcessors(),
                        System.getProperty("os.name") + " " + System.getProperty("os.version"),
                        Runtime.getRuntime().maxMemory() / 1048576),
                new JvmRecord(System.getProperty("java.version"), System.getProperty("java.vendor"),
                        System.getProperty("java.vm.name")),
                Machine.reconVersion(), records);
        byte[] bytes = JSON.writeValueAsBytes(content);
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    /** Reads the records of a results file: key "case, device" (or "case, N thread(s)") to updates/s. */
    public static Map<String, Double> readRecords(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("bench results " + file + " do not exist");
        }
        ResultsFile content;
        try {
            content = JSON.readValue(file.toFile(), ResultsFile.class);
        } catch (JacksonException e) {
            throw new InvalidInputException(file.getFileName() + ": expected a file written by 'recon bench --json', "
                    + "found text that is not one (" + e.getOriginalMessage() + ")");
        }
        if (content == null || !FORMAT.equals(content.format())) {
            throw new InvalidInputException(file.getFileName() + ": expected a file written by 'recon bench --json' (format "
                    + FORMAT + ")");
        }
        Map<String, Double> records = new LinkedHashMap<>();
        for (CaseRecord record : content.records() == null ? List.<CaseRecord>of() : content.records()) {
            String where = record.device().equals("CPU (Java)") ? record.threads() + " thread(s)" : record.device();
            records.put(record.name() + ", " + where, record.updatesPerSecond());
        }
        return records;
    }
}
