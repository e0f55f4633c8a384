package org.recon4j.gpu;

import com.aparapi.Kernel;
import java.util.Arrays;
import org.recon4j.InvalidInputException;
import org.recon4j.geometry.ConeBeamGeometry;
import org.recon4j.geometry.FanBeamGeometry;
import org.recon4j.geometry.ParallelBeamGeometry;
import org.recon4j.geometry.Rays;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.projector.JosephProjector;
import org.recon4j.projector.Projector;
import org.recon4j.projector.ViewSet;

/**
 * Joseph's projector pair ({@link JosephProjector}'s model: plane-by-plane walks, bilinear
 * interpolation, whole-line integrals) on an OpenCL device, for parallel, fan and cone beam. The
 * forward projection is ray-driven; the back-projection gathers per voxel (see the kernels), so it
 * needs no atomic adds and gives the same bits on every call. Sums are in float.
 *
 * <p>The geometry tables stay on the device for the projector's life; each call moves its input
 * and output once. Calls are serialised; {@link #close()} frees the device buffers.
 */
public final class OpenClJosephProjector extends OpenClProjector {
    /** Cones whose rays could run more along z than along x or y are refused: tan of 35.26 degrees. */
    private static final double STEEPEST = Math.sqrt(0.5);
    private final Kernel kernel;
    private final SliceJosephKernel slice;
    private final ConeJosephKernel cone;
    private final float[] volumeBuffer;
    private final float[] projectionBuffer;
    private final int[] viewSet;
    private final int raysPerView;

    private OpenClJosephProjector(VolumeGeometry volume, int viewCount, int projectionSize, ComputeDevice device,
                                  SliceJosephKernel slice, ConeJosephKernel cone) {
        super(volume, viewCount, projectionSize, device, slice != null ? slice : cone);
        this.raysPerView = projectionSize / viewCount;
        this.slice = slice;
        this.cone = cone;
        this.kernel = slice != null ? slice : cone;
        this.volumeBuffer = new float[volume.voxelCount()];
        this.projectionBuffer = new float[projectionSize];
        this.viewSet = new int[viewCount];
        if (slice != null) {
            slice.volume = volumeBuffer;
            slice.projections = projectionBuffer;
            slice.viewSet = viewSet;
            queue.put(kernel, slice.rays);
            queue.put(kernel, slice.runs);
        } else {
            cone.volume = volumeBuffer;
            cone.projections = projectionBuffer;
            cone.viewSet = viewSet;
            queue.put(kernel, cone.geometry);
        }
    }

    /** Parallel beam: one sinogram {@code [view][bin]} per volume slice, as {@link JosephProjector#parallel}. */
    public static OpenClJosephProjector parallel(ParallelBeamGeometry geometry, VolumeGeometry volume, ComputeDevice device) {
        JosephProjector.parallel(geometry, volume, 1); // the same validation as the CPU pair
        return slices(geometry.rays(volume), geometry.viewCount(), geometry.binCount(), volume, device);
    }

    /** Fan beam: one fan sinogram per volume slice, as {@link JosephProjector#fan}. */
    public static OpenClJosephProjector fan(FanBeamGeometry geometry, VolumeGeometry volume, ComputeDevice device) {
        JosephProjector.fan(geometry, volume, 1);
        return slices(geometry.rays(volume), geometry.viewCount(), geometry.binCount(), volume, device);
    }

    /** Cone beam, projections {@code [view][row][column]}, as {@link JosephProjector#cone}. */
    public static OpenClJosephProjector cone(ConeBeamGeometry geometry, VolumeGeometry volume, ComputeDevice device) {
        JosephProjector.cone(geometry, volume, 1);
        ConeJosephKernel kernel = new ConeJosephKernel();
        kernel.nx = volume.nx();
        kernel.ny = volume.ny();
        kernel.nz = volume.nz();
        kernel.rows = geometry.rows();
        kernel.columns = geometry.columns();
        kernel.views = geometry.viewCount();
        double[] origin = volume.origin();
        kernel.originX = (float) origin[0];
        kernel.originY = (float) origin[1];
        kernel.originZ = (float) origin[2];
        kernel.spacingX = (float) volume.dx();
        kernel.spacingY = (float) volume.dy();
        kernel.spacingZ = (float) volume.dz();
        kernel.geometry = coneTable(geometry);
        return new OpenClJosephProjector(volume, geometry.viewCount(), geometry.projectionSize(), device, null, kernel);
    }

    private static OpenClJosephProjector slices(Rays rays, int views, int bins, VolumeGeometry volume,
                                                ComputeDevice device) {
        SliceJosephKernel kernel = new SliceJosephKernel();
        kernel.nx = volume.nx();
        kernel.ny = volume.ny();
        kernel.nz = volume.nz();
        kernel.bins = bins;
        kernel.views = views;
        kernel.rays = new float[views * bins * SliceJosephKernel.RAY_FIELDS];
        kernel.runs = new int[views * SliceJosephKernel.RUNS * 3];
        double[] origin = volume.origin();
        double[] spacing = {volume.dx(), volume.dy()};
        int[] size = {volume.nx(), volume.ny()};
        double[] ray = new double[6];
        for (int view = 0; view < views; view++) {
            int run = -1;
            int previousAxis = -1;
            for (int bin = 0; bin < bins; bin++) {
                rays.ray(view, bin, ray); // slice 0's rays; other slices differ only in z
                int main = Math.abs(ray[4]) > Math.abs(ray[3]) ? 1 : 0;
                int other = 1 - main;
                double toFirstPlane = (origin[main] - ray[main]) / ray[3 + main];
                double planeStep = spacing[main] / ray[3 + main];
                double fa0 = (ray[other] + toFirstPlane * ray[3 + other] - origin[other]) / spacing[other];
                double stepA = planeStep * ray[3 + other] / spacing[other];
                int[] range = planeRange(fa0, stepA, size[other], size[main]);
                int at = (view * bins + bin) * SliceJosephKernel.RAY_FIELDS;
                kernel.rays[at] = main;
                kernel.rays[at + 1] = (float) fa0;
                kernel.rays[at + 2] = (float) stepA;
                kernel.rays[at + 3] = (float) Math.abs(planeStep);
                kernel.rays[at + 4] = range[0];
                kernel.rays[at + 5] = range[1];
                if (main != previousAxis) {
                    run++;
                    if (run == SliceJosephKernel.RUNS) {
                        throw new InvalidInputException("view " + view + " switches main axis more than "
                                + (SliceJosephKernel.RUNS - 1) + " times; the fan is too wide for the OpenCL projector");
                    }
                    kernel.runs[(view * SliceJosephKernel.RUNS + run) * 3] = bin;
                    kernel.runs[(view * SliceJosephKernel.RUNS + run) * 3 + 2] = main;
                    previousAxis = main;
                }
                kernel.runs[(view * SliceJosephKernel.RUNS + run) * 3 + 1] = bin + 1;
            }
        }
        return new OpenClJosephProjector(volume, views, volume.nz() * views * bins, device, kernel, null);
    }

    /** The planes 0..planes-1 where {@code f0 + i * step} lies in (-1, size), as the CPU walk clips them. */
    private static int[] planeRange(double f0, double step, int size, int planes) {
        int[] range = {0, planes - 1};
        if (step == 0) {
            if (!(f0 > -1 && f0 < size)) {
                range[1] = -1;
            }
            return range;
        }
        double first = (-1 - f0) / step;
        double last = (size - f0) / step;
        double low = Math.max(0, Math.floor(Math.min(first, last)));
        double high = Math.min(planes - 1, Math.ceil(Math.max(first, last)));
        if (low > high) {
            return new int[] {0, -1}; // also keeps the float table free of huge plane numbers
        }
        range[0] = (int) low;
        range[1] = (int) high;
        return range;
    }

    /** Per view: source, pixel (0, 0), column and row steps, normal, h, and the two dual vectors. */
    private static float[] coneTable(ConeBeamGeometry geometry) {
        float[] table = new float[geometry.viewCount() * ConeJosephKernel.VIEW_FIELDS];
        double halfColumns = (geometry.columns() - 1) / 2.0;
        double halfRows = (geometry.rows() - 1) / 2.0;
        for (int view = 0; view < geometry.viewCount(); view++) {
            ConeBeamGeometry.Vectors vectors = geometry.vectors(view);
            double[] s = vectors.source();
            double[] u = vectors.uStep();
            double[] v = vectors.vStep();
            double[] first = new double[3];
            for (int axis = 0; axis < 3; axis++) {
                first[axis] = vectors.detectorCentre()[axis] - halfColumns * u[axis] - halfRows * v[axis];
            }
            requireShallowRays(geometry, view, s, first, u, v);
            double[] normal = cross(u, v);
            double h = dot(subtract(first, s), normal);
            if (h < 0) {
                normal = scale(normal, -1);
                h = -h;
            }
            double[] uDual = cross(v, normal);
            uDual = scale(uDual, 1 / dot(u, uDual));
            double[] vDual = cross(normal, u);
            vDual = scale(vDual, 1 / dot(v, vDual));
            int at = view * ConeJosephKernel.VIEW_FIELDS;
            copy(s, table, at);
            copy(first, table, at + 3);
            copy(u, table, at + 6);
            copy(v, table, at + 9);
            copy(normal, table, at + 12);
            table[at + 15] = (float) h;
            copy(uDual, table, at + 16);
            copy(vDual, table, at + 19);
        }
        return table;
    }

    private static void requireShallowRays(ConeBeamGeometry geometry, int view, double[] s, double[] first,
                                           double[] u, double[] v) {
        for (int row = 0; row < geometry.rows(); row++) {
            for (int column = 0; column < geometry.columns(); column++) {
                double dx = first[0] + column * u[0] + row * v[0] - s[0];
                double dy = first[1] + column * u[1] + row * v[1] - s[1];
                double dz = first[2] + column * u[2] + row * v[2] - s[2];
                if (Math.abs(dz) >= STEEPEST * Math.max(Math.abs(dx), Math.abs(dy))) {
                    throw new InvalidInputException(String.format(
                            "the OpenCL cone projector needs rays within 35 degrees of the orbit plane; view %d,"
                                    + " row %d, column %d is at %.1f degrees", view, row, column,
                            Math.toDegrees(Math.atan2(Math.abs(dz), Math.hypot(dx, dy)))));
                }
            }
        }
    }

    private static double[] cross(double[] a, double[] b) {
        return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    private static double[] subtract(double[] a, double[] b) {
        return new double[] {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
    }

    private static double[] scale(double[] a, double factor) {
        return new double[] {a[0] * factor, a[1] * factor, a[2] * factor};
    }

    private static void copy(double[] source, float[] target, int at) {
        for (int i = 0; i < source.length; i++) {
            target[at + i] = (float) source[i];
        }
    }

    @Override
    public synchronized void forward(float[] volumeData, float[] projections, ViewSet views) {
        Projector.checkCall(this, volumeData, projections, views);
        System.arraycopy(volumeData, 0, volumeBuffer, 0, volumeBuffer.length);
        setMode(SliceJosephKernel.FORWARD, views);
        queue.put(kernel, volumeBuffer);
        queue.put(kernel, viewSet);
        long items = slice != null ? (long) volume.nz() * views.size() * slice.bins : (long) views.size() * raysPerView;
        queue.run(kernel, items, "the forward projection", projectionBuffer);
        copySelectedViews(views, projections);
    }

    @Override
    public synchronized void back(float[] projections, float[] volumeData, ViewSet views) {
        Projector.checkCall(this, volumeData, projections, views);
        System.arraycopy(projections, 0, projectionBuffer, 0, projectionBuffer.length);
        setMode(SliceJosephKernel.BACK, views);
        queue.put(kernel, projectionBuffer);
        queue.put(kernel, viewSet);
        queue.run(kernel, volume.voxelCount(), "the back-projection", volumeBuffer);
        System.arraycopy(volumeBuffer, 0, volumeData, 0, volumeBuffer.length);
    }

    private void setMode(int mode, ViewSet views) {
        for (int i = 0; i < views.size(); i++) {
            viewSet[i] = views.view(i);
        }
        if (slice != null) {
            slice.mode = mode;
            slice.setSize = views.size();
        } else {
            cone.mode = mode;
            cone.setSize = views.size();
        }
    }

    /** Forward writes only the selected views; the rest of the caller's array stays as it was. */
    private void copySelectedViews(ViewSet views, float[] projections) {
        if (views.isAll()) {
            System.arraycopy(projectionBuffer, 0, projections, 0, projections.length);
            return;
        }
        if (slice != null) {
            int bins = slice.bins;
            for (int z = 0; z < volume.nz(); z++) {
                for (int i = 0; i < views.size(); i++) {
                    int at = (z * viewCount + views.view(i)) * bins;
                    System.arraycopy(projectionBuffer, at, projections, at, bins);
                }
            }
        } else {
            for (int i = 0; i < views.size(); i++) {
                int at = views.view(i) * raysPerView;
                System.arraycopy(projectionBuffer, at, projections, at, raysPerView);
            }
        }
    }

    @Override
    public String toString() {
        return "OpenCL Joseph projector on " + queue.device().name() + ", " + Arrays.toString(new int[] {
                volume.nx(), volume.ny(), volume.nz()}) + " voxels, " + viewCount + " views";
    }
}
