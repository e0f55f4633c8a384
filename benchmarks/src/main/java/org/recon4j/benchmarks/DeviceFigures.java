package org.recon4j.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.recon4j.algorithm.DivergentBeamFbp;
import org.recon4j.algorithm.Osem;
import org.recon4j.algorithm.ParallelBeamFbp;
import org.recon4j.filter.FilterWindow;
import org.recon4j.geometry.ConeBeamGeometry;
import org.recon4j.geometry.ParallelBeamGeometry;
import org.recon4j.geometry.SpectGeometry;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.gpu.ComputeDevice;
import org.recon4j.gpu.OpenClFbp;
import org.recon4j.gpu.OpenClOsem;
import org.recon4j.gpu.OpenClSpectProjector;
import org.recon4j.metric.ImageMetrics;
import org.recon4j.phantom.Phantom3D;
import org.recon4j.phantom.SheppLogan;
import org.recon4j.projector.CollimatorResponse;
import org.recon4j.projector.SpectProjector;
import org.recon4j.util.Parallel;

/**
 * The OpenCL figures of issue 6, each beside the same run on the Java path: parallel FBP of
 * 1024^2 from 720 views (voxel-view updates per second), FDK of 512^3 from 360 views of 512^2
 * (filtering and both transfers included) and SPECT OSEM 8 subsets x 4 iterations on STIR's
 * 128^3 case. One call does all, for a device lent for minutes:
 * <pre>java -cp ... org.recon4j.benchmarks.DeviceFigures [--device best|gpu|NAME] [--scale S] [--cases fbp,fdk,osem] [--json FILE]</pre>
 * {@code --scale 2} halves every size (a smoke test on PoCL); {@code --cases} picks some of the three. Times are the best of three after
 * one warm-up on the device; the Java path runs once after a warm-up at full size, as it takes
 * tens of seconds. Every record carries its error, so a fast wrong kernel cannot hide.
 */
public final class DeviceFigures {
    private final ComputeDevice device;
    private final int scale;
    private final List<String> records = new ArrayList<>();

    private DeviceFigures(ComputeDevice device, int scale) {
        this.device = device;
        this.scale = scale;
    }

    public static void main(String[] args) throws IOException {
        String request = "best";
        int scale = 1;
        Path json = null;
        List<String> cases = List.of("fbp", "fdk", "osem");
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--device" -> request = args[i + 1];
                case "--scale" -> scale = Integer.parseInt(args[i + 1]);
                case "--json" -> json = Path.of(args[i + 1]);
                case "--cases" -> cases = List.of(args[i + 1].split(","));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        ComputeDevice device = ComputeDevice.select(request);
        System.out.printf("device: %s%njava: %s, %d cores%n", device, System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        DeviceFigures figures = new DeviceFigures(device, scale);
        if (cases.contains("fbp")) {
            figures.parallelFbp();
        }
        if (cases.contains("fdk")) {
            figures.fdk();
        }
        if (cases.contains("osem")) {
            figures.osem();
        }
        if (json != null) {
            Files.writeString(json, "[\n" + String.join(",\n", figures.records) + "\n]\n", StandardCharsets.UTF_8);
        }
    }

    /** The best time of some runs and the last run's result. */
    private record Timed(double seconds, float[] result) {
    }

    /** The best of {@code repeats} timed runs after one warm-up. */
    private static Timed time(Supplier<float[]> run, int repeats) {
        run.get();
        double best = Double.POSITIVE_INFINITY;
        float[] result = null;
        for (int i = 0; i < repeats; i++) {
            long start = System.nanoTime();
            result = run.get();
            best = Math.min(best, (System.nanoTime() - start) / 1e9);
        }
        return new Timed(best, result);
    }

    private void record(String name, String engine, double seconds, double updates, String errorKind, double error,
                        String note) {
        System.out.printf(Locale.ROOT, "%-40s %-34s %9.4f s %10.3g updates/s  %s %.3g  %s%n", name, engine, seconds,
                updates / seconds, errorKind, error, note);
        records.add(String.format(Locale.ROOT, "  {\"case\": \"%s\", \"engine\": \"%s\", \"seconds\": %.6g, "
                        + "\"updatesPerSecond\": %.6g, \"errorKind\": \"%s\", \"error\": %.6g, \"note\": \"%s\"}",
                name, engine, seconds, updates / seconds, errorKind, error, note));
    }

    private String openCl() {
        return device.name() + " (OpenCL)";
    }

    private static String java() {
        return "Java, " + Parallel.resolveThreads(0) + " threads";
    }


    void parallelFbp() {
        int n = 1024 / scale;
        int views = 720 / scale;
        String name = String.format("parallel FBP %d^2, %d views", n, views);
        ParallelBeamGeometry geometry = ParallelBeamGeometry.uniform(views, Math.PI, n, 1);
        VolumeGeometry grid = VolumeGeometry.slice(n, 1);
        Phantom3D phantom = SheppLogan.modified3D(n / 2.0);
        float[] sinogram = phantom.lineIntegrals(geometry.rays(grid));
        double updates = (double) n * n * views;
        try (OpenClFbp fbp = OpenClFbp.parallel(geometry, grid, FilterWindow.RAM_LAK, 1, device)) {
            Timed gpu = time(() -> fbp.reconstruct(sinogram), 3);
            Timed java = time(() -> new ParallelBeamFbp(geometry, grid, FilterWindow.RAM_LAK, 1, 0).reconstruct(sinogram), 3);
            record(name, openCl(), gpu.seconds(), updates, "max rel. diff vs Java",
                    ImageMetrics.maxRelativeDifference(java.result(), gpu.result()),
                    "filter + back-projection + transfers; over 4 calls: " + fbp.statistics());
            record(name, java(), java.seconds(), updates, "max rel. diff vs Java", 0, "");
        }
    }

    void fdk() {
        int n = 512 / scale;
        int views = 360 / scale;
        String name = String.format("FDK %d^3, %d views of %d^2", n, views, n);
        double pixel = 1.4;
        ConeBeamGeometry geometry = ConeBeamGeometry.circular(views, 3 * n, 4 * n, n, n, pixel);
        VolumeGeometry grid = VolumeGeometry.stack(n, n, 1);
        float[] projections = SheppLogan.modified3D(n / 2.0).lineIntegrals(geometry.rays());
        double updates = (double) n * n * n * views;
        try (OpenClFbp fdk = OpenClFbp.fdk(geometry, grid, FilterWindow.RAM_LAK, 1, device)) {
            Timed gpu = time(() -> fdk.reconstruct(projections), 3);
            Timed java = time(() -> DivergentBeamFbp.fdk(geometry, grid, FilterWindow.RAM_LAK, 1, 0).reconstruct(projections), 1);
            record(name, openCl(), gpu.seconds(), updates, "max rel. diff vs Java",
                    ImageMetrics.maxRelativeDifference(java.result(), gpu.result()),
                    "filtering and both transfers included; " + fdk.slabSlices() + " slices a slab");
            record(name, java(), java.seconds(), updates, "max rel. diff vs Java", 0, "");
        }
    }

    void osem() {
        VolumeGeometry grid = OsemBenchmark.GRID;
        float[] counts = OsemBenchmark.gzipFloats("spect-stir-a/proj_noisy.s.gz", 120 * 128 * 128);
        float[] mu = OsemBenchmark.gzipFloats("spect-stir-a/mu_map.v.gz", grid.voxelCount());
        boolean[] body = new boolean[mu.length];
        for (int i = 0; i < mu.length; i++) {
            body[i] = mu[i] > 0;
        }
        SpectGeometry geometry = SpectGeometry.fromDicom(0, 3, SpectGeometry.Direction.CW, 120, new double[] {200}, 128, 128,
                4.42, 4.42);
        CollimatorResponse response = CollimatorResponse.linear(0.0163, 1.466, 3);
        String name = "SPECT OSEM 128^3, 120 views, 8x4";
        long masked = 0;
        for (boolean inside : body) {
            masked += inside ? 1 : 0;
        }
        double updates = 2.0 * 4 * 120 * masked;
        double[] parts = new double[3]; // the last run's projector set-up, OSEM set-up, iterations
        Timed gpu = time(() -> {
            long start = System.nanoTime();
            try (OpenClSpectProjector projector = new OpenClSpectProjector(geometry, grid, mu, body, response, device)) {
                long made = System.nanoTime();
                OpenClOsem osem = new OpenClOsem(projector, counts, null, 8);
                long ready = System.nanoTime();
                float[] image = osem.run(4);
                parts[0] = (made - start) / 1e9;
                parts[1] = (ready - made) / 1e9;
                parts[2] = (System.nanoTime() - ready) / 1e9;
                return image;
            }
        }, 3);
        Timed java = time(() -> new Osem(new SpectProjector(geometry, grid, mu, body, response, 0), counts, null, null, 8)
                .run(4), 1);
        record(name, openCl(), gpu.seconds(), updates, "max rel. diff vs Java",
                ImageMetrics.maxRelativeDifference(java.result(), gpu.result()),
                String.format(Locale.ROOT, "OpenClOsem, all included; last run: projector set-up %.3f s, "
                        + "sensitivities %.3f s, 4 iterations %.3f s", parts[0], parts[1], parts[2]));
        record(name, java(), java.seconds(), updates, "max rel. diff vs Java", 0, "");
    }
}
