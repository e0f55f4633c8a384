package org.recon4j.benchmarks;

import org.recon4j.algorithm.ParallelBeamFbp;
import org.recon4j.filter.FilterWindow;
import org.recon4j.geometry.ParallelBeamGeometry;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.phantom.SheppLogan;
import org.recon4j.util.Parallel;

/**
 * Parallel-beam FBP timed the way {@code benchmarks/c/backproject.c} times its loop: the best and
 * the mean of 20 runs after 30 warm-up runs, so the two can be compared side by side.
 * <pre>java -cp benchmarks/target/benchmarks.jar org.recon4j.benchmarks.FbpBestOf [N VIEWS THREADS]</pre>
 */
public final class FbpBestOf {
    private static final int RUNS = 20;

    private FbpBestOf() {
    }

    public static void main(String[] args) {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 512;
        int views = args.length > 1 ? Integer.parseInt(args[1]) : 720;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        ParallelBeamGeometry geometry = ParallelBeamGeometry.uniform(views, Math.PI, size, 1);
        VolumeGeometry grid = VolumeGeometry.slice(size, 1);
        float[] sinogram = SheppLogan.modified3D(size / 2.0).lineIntegrals(geometry.rays(grid));
        ParallelBeamFbp fbp = new ParallelBeamFbp(geometry, grid, FilterWindow.RAM_LAK, 1, threads);
        for (int run = 0; run < 30; run++) {
            fbp.reconstruct(sinogram);
        }
        double best = Double.POSITIVE_INFINITY;
        double total = 0;
        for (int run = 0; run < RUNS; run++) {
            long start = System.nanoTime();
            fbp.reconstruct(sinogram);
            double milliseconds = (System.nanoTime() - start) / 1e6;
            best = Math.min(best, milliseconds);
            total += milliseconds;
        }
        System.out.printf("Java FBP %d x %d from %d views, filtering included, on %d threads: best of %d %.1f ms,"
                + " mean %.1f ms%n", size, size, views, Parallel.resolveThreads(threads), RUNS, best, total / RUNS);
    }
}
