package org.recon4j.gpu;

import org.recon4j.InvalidInputException;
import org.recon4j.Progress;
import org.recon4j.algorithm.DivergentBeamFbp;
import org.recon4j.algorithm.ParallelBeamFbp;
import org.recon4j.filter.FilterWindow;
import org.recon4j.filter.RampFilter;
import org.recon4j.geometry.ConeBeamGeometry;
import org.recon4j.geometry.DetectorShape;
import org.recon4j.geometry.FanBeamGeometry;
import org.recon4j.geometry.ParallelBeamGeometry;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.util.Checks;

/**
 * FBP (parallel and fan beam) and FDK on an OpenCL device, with the weights, filter and
 * interpolation of recon-core's {@link ParallelBeamFbp} and {@link DivergentBeamFbp}; both steps
 * run on the device. The volume is made in slabs of slices that fit the device's memory (half
 * its global memory by default, see {@link #setMemoryBudget}): a slice stack moves each slab's
 * sinograms in and its slices out; cone beam keeps every filtered projection on the device and
 * moves each slab of slices out.
 */
public final class OpenClFbp implements AutoCloseable {
    private final VolumeGeometry volume;
    private final int projectionSize;
    private final boolean cone;
    private final DeviceQueue queue;
    private final FilteredBackProjectionKernel kernel;
    private final int backProjectionMode;
    private long memoryBudget;

    private OpenClFbp(VolumeGeometry volume, int projectionSize, boolean cone, ComputeDevice device,
                      FilteredBackProjectionKernel kernel) {
        this.volume = volume;
        this.projectionSize = projectionSize;
        this.cone = cone;
        this.queue = new DeviceQueue(device);
        this.kernel = queue.prepare(kernel);
        this.backProjectionMode = kernel.mode;
        this.memoryBudget = device.globalMemory() / 2;
        queue.put(kernel, kernel.taps);
        queue.put(kernel, kernel.cosineWeights);
        queue.put(kernel, kernel.viewWeights);
        queue.put(kernel, kernel.sines);
        queue.put(kernel, kernel.cosines);
    }

    /** Parallel-beam FBP of a stack of sinograms {@code [slice][view][bin]}. */
    public static OpenClFbp parallel(ParallelBeamGeometry geometry, VolumeGeometry volume, FilterWindow window,
                                     double cutoff, ComputeDevice device) {
        ParallelBeamFbp reference = new ParallelBeamFbp(geometry, volume, window, cutoff, 1);
        int bins = geometry.binCount();
        FilteredBackProjectionKernel kernel = kernel(FilteredBackProjectionKernel.PARALLEL, volume, geometry.angles(),
                bins, 1, reference.filter());
        kernel.columnSpacing = (float) geometry.binSpacing();
        kernel.offsetU = (float) geometry.detectorOffset();
        java.util.Arrays.fill(kernel.cosineWeights, 1f);
        for (int view = 0; view < geometry.viewCount(); view++) {
            java.util.Arrays.fill(kernel.viewWeights, view * bins, (view + 1) * bins, (float) reference.viewWeight(view));
        }
        return new OpenClFbp(volume, volume.nz() * geometry.sinogramSize(), false, device, kernel);
    }

    /** Fan-beam FBP (flat or arc detector) of a stack of fan sinograms {@code [slice][view][bin]}. */
    public static OpenClFbp fan(FanBeamGeometry geometry, VolumeGeometry volume, FilterWindow window, double cutoff,
                                ComputeDevice device) {
        DivergentBeamFbp reference = DivergentBeamFbp.fan(geometry, volume, window, cutoff, 1);
        int mode = geometry.shape() == DetectorShape.ARC ? FilteredBackProjectionKernel.FAN_ARC
                : FilteredBackProjectionKernel.FAN_FLAT;
        FilteredBackProjectionKernel kernel = kernel(mode, volume, geometry.angles(), geometry.binCount(), 1,
                reference.filter());
        kernel.columnSpacing = (float) geometry.binSpacing();
        kernel.offsetU = (float) geometry.detectorOffset();
        kernel.sourceToAxis = (float) geometry.sourceToAxis();
        kernel.sourceToDetector = (float) geometry.sourceToDetector();
        fillWeights(kernel, reference);
        return new OpenClFbp(volume, volume.nz() * geometry.sinogramSize(), false, device, kernel);
    }

    /** FDK of cone-beam projections {@code [view][row][column]} from a flat panel. */
    public static OpenClFbp fdk(ConeBeamGeometry geometry, VolumeGeometry volume, FilterWindow window, double cutoff,
                                ComputeDevice device) {
        DivergentBeamFbp reference = DivergentBeamFbp.fdk(geometry, volume, window, cutoff, 1);
        FilteredBackProjectionKernel kernel = kernel(FilteredBackProjectionKernel.CONE, volume, geometry.angles(),
                geometry.columns(), geometry.rows(), reference.filter());
        kernel.columnSpacing = (float) geometry.columnSpacing();
        kernel.rowSpacing = (float) geometry.rowSpacing();
        kernel.offsetU = (float) geometry.offsetU();
        kernel.offsetV = (float) geometry.offsetV();
        kernel.sourceToAxis = (float) geometry.sourceToAxis();
        kernel.sourceToDetector = (float) geometry.sourceToDetector();
        fillWeights(kernel, reference);
        return new OpenClFbp(volume, geometry.projectionSize(), true, device, kernel);
    }

    private static FilteredBackProjectionKernel kernel(int mode, VolumeGeometry volume, double[] angles, int columns,
                                                       int rows, RampFilter filter) {
        FilteredBackProjectionKernel kernel = new FilteredBackProjectionKernel();
        kernel.mode = mode;
        kernel.sliceStack = mode == FilteredBackProjectionKernel.CONE ? 0 : 1;
        kernel.views = angles.length;
        kernel.rows = rows;
        kernel.columns = columns;
        kernel.nx = volume.nx();
        kernel.ny = volume.ny();
        kernel.firstX = (float) volume.x(0);
        kernel.firstY = (float) volume.y(0);
        kernel.firstZ = (float) volume.z(0);
        kernel.spacingX = (float) volume.dx();
        kernel.spacingY = (float) volume.dy();
        kernel.spacingZ = (float) volume.dz();
        kernel.columnSpacing = 1f;
        kernel.rowSpacing = 1f;
        kernel.sines = new float[angles.length];
        kernel.cosines = new float[angles.length];
        for (int view = 0; view < angles.length; view++) {
            kernel.sines[view] = (float) Math.sin(angles[view]);
            kernel.cosines[view] = (float) Math.cos(angles[view]);
        }
        kernel.taps = impulseResponse(filter, columns);
        kernel.cosineWeights = new float[rows * columns];
        kernel.viewWeights = new float[angles.length * columns];
        return kernel;
    }

    /** The filter's response to an impulse at bin 0: taps[k] is the weight between bins k apart. */
    private static float[] impulseResponse(RampFilter filter, int columns) {
        float[] impulse = new float[columns];
        impulse[0] = 1f;
        float[] taps = new float[columns];
        filter.filter(impulse, 0, taps, 0, 1f, new float[filter.paddedLength()]);
        return taps;
    }

    private static void fillWeights(FilteredBackProjectionKernel kernel, DivergentBeamFbp reference) {
        for (int row = 0; row < kernel.rows; row++) {
            for (int column = 0; column < kernel.columns; column++) {
                kernel.cosineWeights[row * kernel.columns + column] = (float) reference.cosineWeight(row, column);
            }
        }
        for (int view = 0; view < kernel.views; view++) {
            for (int column = 0; column < kernel.columns; column++) {
                kernel.viewWeights[view * kernel.columns + column] = (float) reference.viewWeight(view, column);
            }
        }
    }

    /** Caps the device memory the slabs may use (bytes); by default half the device's global memory. */
    public void setMemoryBudget(long bytes) {
        if (bytes <= 0) {
            throw new InvalidInputException("a device memory budget must be positive, found " + bytes);
        }
        this.memoryBudget = bytes;
    }

    public ComputeDevice device() {
        return queue.device();
    }

    /** Launches, kernel time and bytes moved since this reconstructor was made. */
    public synchronized DeviceStatistics statistics() {
        return queue.statistics();
    }

    public float[] reconstruct(float[] projections) {
        return reconstruct(projections, Progress.NONE);
    }

    /** Reconstructs into a new volume, reporting one unit of progress per slab. */
    public synchronized float[] reconstruct(float[] projections, Progress progress) {
        Checks.length(cone ? "projections" : "sinograms", projections, projectionSize);
        Checks.allFinite(cone ? "projections" : "sinograms", projections);
        Checks.memoryAvailable("the reconstructed volume", 4L * volume.voxelCount());
        float[] output = new float[volume.voxelCount()];
        int sliceSize = volume.sliceSize();
        int slabSlices = slabSlices();
        int slabs = (volume.nz() + slabSlices - 1) / slabSlices;
        kernel.slab = reuse(kernel.slab, slabSlices * sliceSize);
        int sinogramSize = kernel.views * kernel.columns;
        kernel.raw = reuse(kernel.raw, cone ? projectionSize : slabSlices * sinogramSize);
        kernel.filtered = reuse(kernel.filtered, kernel.raw.length);
        if (cone) {
            System.arraycopy(projections, 0, kernel.raw, 0, projectionSize);
            queue.put(kernel, kernel.raw);
            filter(projectionSize / kernel.columns);
        }
        for (int slab = 0; slab < slabs; slab++) {
            int start = slab * slabSlices;
            int count = Math.min(slabSlices, volume.nz() - start);
            if (!cone) {
                System.arraycopy(projections, start * sinogramSize, kernel.raw, 0, count * sinogramSize);
                queue.put(kernel, kernel.raw);
                filter(count * kernel.views);
            }
            kernel.mode = backProjectionMode;
            kernel.slabStart = start;
            kernel.slabSlices = count;
            int blocks = (count + FilteredBackProjectionKernel.Z_BLOCK - 1) / FilteredBackProjectionKernel.Z_BLOCK;
            queue.run(kernel, (long) sliceSize * blocks, "the back-projection", kernel.slab);
            System.arraycopy(kernel.slab, 0, output, start * sliceSize, count * sliceSize);
            progress.update(slab + 1, slabs);
        }
        return output;
    }

    /** Device buffers follow their arrays, so arrays of the right size are kept from call to call. */
    private static float[] reuse(float[] array, int length) {
        return array != null && array.length == length ? array : new float[length];
    }

    private void filter(int lines) {
        kernel.lines = lines;
        kernel.mode = FilteredBackProjectionKernel.WEIGHT;
        queue.run(kernel, (long) lines * kernel.columns, "the FBP weights", kernel.raw);
        kernel.mode = FilteredBackProjectionKernel.FILTER;
        queue.run(kernel, (long) lines * kernel.columns, "the ramp filter", kernel.filtered);
    }

    /** Slices per slab: as many as the memory budget and the device's largest buffer allow. */
    public int slabSlices() {
        long sliceBytes = 4L * volume.sliceSize();
        long sinogramBytes = 4L * kernel.views * kernel.columns;
        long fixed = 4L * (kernel.taps.length + kernel.cosineWeights.length + kernel.viewWeights.length);
        long perSlice = sliceBytes;
        long largestPerSlice = sliceBytes;
        if (cone) {
            fixed += 8L * projectionSize;
            if (4L * projectionSize > device().maxAllocation() || fixed >= memoryBudget) {
                throw new InvalidInputException(String.format(
                        "the filtered cone-beam projections need %.1f MB on %s, more than its %.1f MB budget"
                                + " (largest buffer %.1f MB)", 8e-6 * projectionSize, device().name(),
                        memoryBudget * 1e-6, device().maxAllocation() * 1e-6));
            }
        } else {
            perSlice += 2 * sinogramBytes;
            largestPerSlice = Math.max(sliceBytes, sinogramBytes);
        }
        long slices = Math.min((memoryBudget - fixed) / perSlice, device().maxAllocation() / largestPerSlice);
        if (slices < 1) {
            throw new InvalidInputException(String.format("one slice needs %.1f MB on %s, more than its %.1f MB budget",
                    perSlice * 1e-6, device().name(), memoryBudget * 1e-6));
        }
        return (int) Math.min(volume.nz(), slices);
    }

    @Override
    public synchronized void close() {
        kernel.dispose();
    }
}
