package org.recon4j.projector;

import org.recon4j.InvalidInputException;
import org.recon4j.geometry.ConeBeamGeometry;
import org.recon4j.geometry.FanBeamGeometry;
import org.recon4j.geometry.ParallelBeamGeometry;
import org.recon4j.geometry.Rays;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.util.Checks;
import org.recon4j.util.Parallel;

/**
 * Joseph's ray-driven projector (Joseph 1982) and its exact adjoint, for any {@link Rays}.
 *
 * <p>Each ray is walked one voxel plane at a time along the axis it is most parallel to; at each
 * plane the volume is interpolated bilinearly between the four voxels around the crossing point
 * and weighted by the path length between planes, {@code spacing / |direction component|}. Voxels
 * outside the grid count as zero. The back-projection spreads each value with the same weights,
 * so it is the transpose to rounding. Lines are integrated over the whole grid, so a divergent
 * source must lie outside it (checked by the factories).
 *
 * <p>The forward projection sums in double. The back-projection gives each thread a fixed range
 * of views and its own partial volume, summed in range order: results depend on the thread
 * count only, never on scheduling.
 */
public final class JosephProjector implements Projector {
    private final Rays rays;
    private final VolumeGeometry volume;
    private final int threads;
    private final int[] size;
    private final int[] stride;
    private final double[] origin;
    private final double[] spacing;

    public JosephProjector(Rays rays, VolumeGeometry volume, int threads) {
        if (rays == null || volume == null) {
            throw new InvalidInputException("a projector needs rays and a volume geometry");
        }
        this.rays = rays;
        this.volume = volume;
        this.threads = Parallel.resolveThreads(threads);
        this.size = new int[] {volume.nx(), volume.ny(), volume.nz()};
        this.stride = new int[] {1, volume.nx(), volume.nx() * volume.ny()};
        this.origin = volume.origin();
        this.spacing = new double[] {volume.dx(), volume.dy(), volume.dz()};
    }

    /** Parallel beam: one sinogram {@code [view][bin]} per volume slice. */
    public static JosephProjector parallel(ParallelBeamGeometry geometry, VolumeGeometry volume, int threads) {
        return new JosephProjector(geometry.rays(volume), volume, threads);
    }

    /** Fan beam: one fan sinogram per volume slice. */
    public static JosephProjector fan(FanBeamGeometry geometry, VolumeGeometry volume, int threads) {
        requireSourceOutside(geometry.sourceToAxis(), volume);
        return new JosephProjector(geometry.rays(volume), volume, threads);
    }

    /** Cone beam, projections {@code [view][row][column]}. */
    public static JosephProjector cone(ConeBeamGeometry geometry, VolumeGeometry volume, int threads) {
        requireSourceOutside(geometry.sourceToAxis(), volume);
        return new JosephProjector(geometry.rays(), volume, threads);
    }

    /** The source orbit must clear every voxel, or the whole-line integral would count voxels behind it. */
    static void requireSourceOutside(double sourceToAxis, VolumeGeometry volume) {
        double reach = volume.reachFromAxis(0.5);
        if (sourceToAxis <= reach) {
            throw new InvalidInputException(String.format(
                    "the source orbit (radius %.4g mm) passes through the volume, which reaches %.4g mm from the axis",
                    sourceToAxis, reach));
        }
    }

    @Override
    public VolumeGeometry volume() {
        return volume;
    }

    @Override
    public int projectionSize() {
        return rays.count();
    }

    @Override
    public int viewCount() {
        return rays.viewCount();
    }

    @Override
    public void forward(float[] volumeData, float[] projections, ViewSet views) {
        check(volumeData, projections, views);
        try (Parallel parallel = new Parallel(threads)) {
            parallel.forEach(views.size(), i -> {
                int view = views.view(i);
                double[] ray = new double[6];
                for (int k = 0; k < rays.raysPerView(); k++) {
                    rays.ray(view, k, ray);
                    projections[rays.index(view, k)] = (float) trace(ray, volumeData, null, 0);
                }
            });
        }
    }

    @Override
    public void back(float[] projections, float[] volumeData, ViewSet views) {
        check(volumeData, projections, views);
        java.util.Arrays.fill(volumeData, 0f);
        int workers = Math.min(threads, views.size());
        if (workers <= 1) {
            backRange(projections, volumeData, views, 0, views.size());
            return;
        }
        Checks.memoryAvailable("per-thread back-projection buffers", 4L * (workers - 1) * volumeData.length);
        float[][] partials = new float[workers][];
        partials[0] = volumeData;
        try (Parallel parallel = new Parallel(workers)) {
            parallel.forEach(workers, worker -> {
                float[] target = worker == 0 ? volumeData : new float[volumeData.length];
                partials[worker] = target;
                int start = (int) ((long) worker * views.size() / workers);
                int end = (int) ((long) (worker + 1) * views.size() / workers);
                backRange(projections, target, views, start, end);
            });
            int length = volumeData.length;
            parallel.forEachRange(length, (start, end) -> {
                for (int worker = 1; worker < workers; worker++) {
                    float[] partial = partials[worker];
                    for (int j = start; j < end; j++) {
                        volumeData[j] += partial[j];
                    }
                }
            });
        }
    }

    private void backRange(float[] projections, float[] target, ViewSet views, int start, int end) {
        double[] ray = new double[6];
        for (int i = start; i < end; i++) {
            int view = views.view(i);
            for (int k = 0; k < rays.raysPerView(); k++) {
                float value = projections[rays.index(view, k)];
                if (value != 0f) {
                    rays.ray(view, k, ray);
                    trace(ray, null, target, value);
                }
            }
        }
    }

    /**
     * Walks one ray. With {@code source} given, returns the line integral through it; with
     * {@code target} given, adds {@code value} times each interpolation weight into it.
     */
    private double trace(double[] ray, float[] source, float[] target, float value) {
        int main = 0;
        for (int axis = 1; axis < 3; axis++) {
            if (Math.abs(ray[3 + axis]) > Math.abs(ray[3 + main])) {
                main = axis;
            }
        }
        int a = main == 0 ? 1 : 0;
        int b = main == 2 ? 1 : 2;
        double direction = ray[3 + main];
        // crossing of plane i of the main axis: fractional indices fa0 + i * stepA, fb0 + i * stepB
        double toFirstPlane = (origin[main] - ray[main]) / direction;
        double planeStep = spacing[main] / direction;
        double fa0 = (ray[a] + toFirstPlane * ray[3 + a] - origin[a]) / spacing[a];
        double stepA = planeStep * ray[3 + a] / spacing[a];
        double fb0 = (ray[b] + toFirstPlane * ray[3 + b] - origin[b]) / spacing[b];
        double stepB = planeStep * ray[3 + b] / spacing[b];
        int[] range = {0, size[main] - 1};
        clip(range, fa0, stepA, size[a]);
        clip(range, fb0, stepB, size[b]);
        double length = Math.abs(planeStep);
        int strideMain = stride[main];
        int strideA = stride[a];
        int strideB = stride[b];
        int sizeA = size[a];
        int sizeB = size[b];
        double sum = 0;
        for (int i = range[0]; i <= range[1]; i++) {
            double fa = fa0 + i * stepA;
            double fb = fb0 + i * stepB;
            int ia = (int) Math.floor(fa);
            int ib = (int) Math.floor(fb);
            double wa = fa - ia;
            double wb = fb - ib;
            int base = i * strideMain + ia * strideA + ib * strideB;
            boolean a0 = ia >= 0 && ia < sizeA;
            boolean a1 = ia + 1 >= 0 && ia + 1 < sizeA;
            boolean b0 = ib >= 0 && ib < sizeB;
            boolean b1 = ib + 1 >= 0 && ib + 1 < sizeB;
            double w00 = (1 - wa) * (1 - wb) * length;
            double w10 = wa * (1 - wb) * length;
            double w01 = (1 - wa) * wb * length;
            double w11 = wa * wb * length;
            if (source != null) {
                if (a0 && b0) {
                    sum += w00 * source[base];
                }
                if (a1 && b0) {
                    sum += w10 * source[base + strideA];
                }
                if (a0 && b1) {
                    sum += w01 * source[base + strideB];
                }
                if (a1 && b1) {
                    sum += w11 * source[base + strideA + strideB];
                }
            } else {
                if (a0 && b0) {
                    target[base] += (float) (w00 * value);
                }
                if (a1 && b0) {
                    target[base + strideA] += (float) (w10 * value);
                }
                if (a0 && b1) {
                    target[base + strideB] += (float) (w01 * value);
                }
                if (a1 && b1) {
                    target[base + strideA + strideB] += (float) (w11 * value);
                }
            }
        }
        return sum;
    }

    /** Narrows [range[0], range[1]] to the planes where {@code f0 + i * step} lies in (-1, size). */
    private static void clip(int[] range, double f0, double step, int size) {
        if (step == 0) {
            if (!(f0 > -1 && f0 < size)) {
                range[1] = range[0] - 1;
            }
            return;
        }
        double first = (-1 - f0) / step;
        double last = (size - f0) / step;
        double low = Math.min(first, last);
        double high = Math.max(first, last);
        range[0] = (int) Math.max(range[0], Math.floor(low));
        range[1] = (int) Math.min(range[1], Math.ceil(high));
    }

    private void check(float[] volumeData, float[] projections, ViewSet views) {
        Projector.checkCall(this, volumeData, projections, views);
    }
}
