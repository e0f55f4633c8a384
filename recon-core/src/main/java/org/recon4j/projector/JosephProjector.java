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
    /** A ray this close (in voxels) to a plane of its third axis is walked as lying in it. */
    private static final double IN_PLANE_TOLERANCE = 1e-9;
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
     *
     * <p>The planes whose four voxels are all inside the grid take a loop without tests; a ray
     * that runs within one plane of the third axis (2D slices, and parallel-beam stacks, where
     * the plane index comes out integral to rounding) has zero weight on that axis's next plane,
     * so it takes a two-voxel loop, dropping weights below 1e-9. The first and last few planes,
     * where the crossing is within a voxel of the grid's edge, take the loop that tests each
     * voxel. All three compute the same weights, and the back-projection takes the same paths,
     * so it stays the exact transpose.
     */
    private double trace(double[] ray, float[] source, float[] target, float value) {
        int main = mainAxis(ray);
        int a = main == 0 ? 1 : 0;
        int b = main == 2 ? 1 : 2;
        double direction = ray[3 + main];
        // crossing of plane i of the main axis: fractional indices fa0 + i * stepA, fb0 + i * stepB
        double toFirstPlane = (origin[main] - ray[main]) / direction;
        double planeStep = spacing[main] / direction;
        Walk walk = new Walk(stride[main], stride[a], stride[b], size[a], size[b],
                (ray[a] + toFirstPlane * ray[3 + a] - origin[a]) / spacing[a], planeStep * ray[3 + a] / spacing[a],
                (ray[b] + toFirstPlane * ray[3 + b] - origin[b]) / spacing[b], planeStep * ray[3 + b] / spacing[b],
                Math.abs(planeStep));
        int[] range = {0, size[main] - 1};
        clip(range, walk.fa0(), walk.stepA(), walk.sizeA());
        clip(range, walk.fb0(), walk.stepB(), walk.sizeB());
        if (range[0] > range[1]) {
            return 0;
        }
        // within one plane of axis b: 2D slices exactly, stacks to rounding (z(k) - z(0)) / dz
        double plane = Math.rint(walk.fb0());
        boolean inPlane = walk.stepB() == 0 && Math.abs(walk.fb0() - plane) <= IN_PLANE_TOLERANCE
                && plane >= 0 && plane < walk.sizeB();
        int[] inner = range.clone();
        interior(inner, walk.fa0(), walk.stepA(), walk.sizeA());
        if (!inPlane) {
            interior(inner, walk.fb0(), walk.stepB(), walk.sizeB());
        }
        if (inner[0] > inner[1]) {
            return walkChecked(walk, range[0], range[1], source, target, value);
        }
        double sum = walkChecked(walk, range[0], inner[0] - 1, source, target, value);
        sum += inPlane ? walkInPlane(walk, (int) plane, inner[0], inner[1], source, target, value)
                : walkInside(walk, inner[0], inner[1], source, target, value);
        return sum + walkChecked(walk, inner[1] + 1, range[1], source, target, value);
    }

    /** The axis (0 x, 1 y, 2 z) a ray's direction ({@code ray[3..5]}) is most parallel to: the one it is walked along. */
    static int mainAxis(double[] ray) {
        int main = 0;
        for (int axis = 1; axis < 3; axis++) {
            if (Math.abs(ray[3 + axis]) > Math.abs(ray[3 + main])) {
                main = axis;
            }
        }
        return main;
    }

    /**
     * One ray's crossings: plane i of the main axis (stride {@code strideMain}) is crossed at
     * fractional indices {@code fa0 + i * stepA} and {@code fb0 + i * stepB} of the other two
     * axes, with path {@code length} between planes.
     */
    private record Walk(int strideMain, int strideA, int strideB, int sizeA, int sizeB,
                        double fa0, double stepA, double fb0, double stepB, double length) {
    }

    /** Planes [first, last], testing each of the four voxels against the grid (the few planes at its edges). */
    private static double walkChecked(Walk walk, int first, int last, float[] source, float[] target, float value) {
        double sum = 0;
        for (int i = first; i <= last; i++) {
            double fa = walk.fa0() + i * walk.stepA();
            double fb = walk.fb0() + i * walk.stepB();
            int ia = (int) Math.floor(fa);
            int ib = (int) Math.floor(fb);
            for (int corner = 0; corner < 4; corner++) {
                int ja = ia + (corner & 1);
                int jb = ib + (corner >> 1);
                if (ja < 0 || ja >= walk.sizeA() || jb < 0 || jb >= walk.sizeB()) {
                    continue;
                }
                double weight = ((corner & 1) == 0 ? 1 - (fa - ia) : fa - ia)
                        * ((corner >> 1) == 0 ? 1 - (fb - ib) : fb - ib) * walk.length();
                int index = i * walk.strideMain() + ja * walk.strideA() + jb * walk.strideB();
                if (source != null) {
                    sum += weight * source[index];
                } else {
                    target[index] += (float) (weight * value);
                }
            }
        }
        return sum;
    }

    /** Planes [first, last], where all four voxels lie inside the grid. */
    private static double walkInside(Walk walk, int first, int last, float[] source, float[] target, float value) {
        int strideA = walk.strideA();
        int strideB = walk.strideB();
        double length = walk.length();
        double sum = 0;
        for (int i = first; i <= last; i++) {
            double fa = walk.fa0() + i * walk.stepA();
            double fb = walk.fb0() + i * walk.stepB();
            int ia = (int) fa; // fa, fb >= 0 here: truncation is the floor
            int ib = (int) fb;
            double wa = fa - ia;
            double wb = fb - ib;
            int base = i * walk.strideMain() + ia * strideA + ib * strideB;
            double w00 = (1 - wa) * (1 - wb) * length;
            double w10 = wa * (1 - wb) * length;
            double w01 = (1 - wa) * wb * length;
            double w11 = wa * wb * length;
            if (source != null) {
                sum += w00 * source[base] + w10 * source[base + strideA] + w01 * source[base + strideB]
                        + w11 * source[base + strideA + strideB];
            } else {
                target[base] += (float) (w00 * value);
                target[base + strideA] += (float) (w10 * value);
                target[base + strideB] += (float) (w01 * value);
                target[base + strideA + strideB] += (float) (w11 * value);
            }
        }
        return sum;
    }

    /**
     * Planes [first, last] of a ray within plane {@code plane} of axis b (its weights on the next
     * plane are zero, or below 1e-9), both voxels along a inside.
     */
    private static double walkInPlane(Walk walk, int plane, int first, int last, float[] source, float[] target,
                                      float value) {
        int strideA = walk.strideA();
        double length = walk.length();
        int planeOffset = plane * walk.strideB();
        double sum = 0;
        for (int i = first; i <= last; i++) {
            double fa = walk.fa0() + i * walk.stepA();
            int ia = (int) fa;
            double wa = fa - ia;
            int base = i * walk.strideMain() + ia * strideA + planeOffset;
            double w00 = (1 - wa) * length;
            double w10 = wa * length;
            if (source != null) {
                sum += w00 * source[base] + w10 * source[base + strideA];
            } else {
                target[base] += (float) (w00 * value);
                target[base + strideA] += (float) (w10 * value);
            }
        }
        return sum;
    }

    /**
     * Narrows [range[0], range[1]] to the planes where {@code f0 + i * step} lies in
     * [0, size - 1), so that both neighbouring voxels are inside; f is monotone in i, so the ends
     * are checked with the loops' own arithmetic after the estimate.
     */
    private static void interior(int[] range, double f0, double step, int size) {
        if (step == 0) {
            if (!(f0 >= 0 && f0 < size - 1)) {
                range[1] = range[0] - 1;
            }
            return;
        }
        double first = (0 - f0) / step;
        double last = (size - 1 - f0) / step;
        range[0] = (int) Math.max(range[0], Math.floor(Math.min(first, last)));
        range[1] = (int) Math.min(range[1], Math.ceil(Math.max(first, last)));
        while (range[0] <= range[1] && !inside(f0 + range[0] * step, size)) {
            range[0]++;
        }
        while (range[1] >= range[0] && !inside(f0 + range[1] * step, size)) {
            range[1]--;
        }
    }

    private static boolean inside(double f, int size) {
        return f >= 0 && f < size - 1;
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
