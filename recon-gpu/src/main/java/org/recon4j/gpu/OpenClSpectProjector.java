package org.recon4j.gpu;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.recon4j.InvalidInputException;
import org.recon4j.geometry.SpectGeometry;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.projector.BinWeights;
import org.recon4j.projector.CollimatorResponse;
import org.recon4j.projector.Projector;
import org.recon4j.projector.SpectProjector;
import org.recon4j.projector.ViewSet;
import org.recon4j.util.Parallel;

/**
 * {@link SpectProjector}'s model (attenuation toward the camera, depth-dependent Gaussian
 * collimator response, a mask) on an OpenCL device. The response weights are made on the host by
 * the same {@link BinWeights} as the CPU projector; the attenuation factors are made on the device
 * once and stay there with the weights, so each call moves only its input and output.
 *
 * <p>Slices must lie on whole detector rows (slice spacing a multiple of the row spacing, as in
 * every reconstruction from a camera's own frames): then one axial response per view and column
 * serves every slice.
 */
public final class OpenClSpectProjector extends OpenClProjector {
    private final SpectGeometry geometry;
    private final SpectKernel kernel;

    /**
     * @param attenuation mu (1/cm) on {@code volume}, or null for none
     * @param mask        voxels that take part, or null for all
     * @param response    the collimator-detector response, or null for none
     */
    public OpenClSpectProjector(SpectGeometry geometry, VolumeGeometry volume, float[] attenuation, boolean[] mask,
                                CollimatorResponse response, ComputeDevice device) {
        this(present(geometry, volume, device), volume, attenuation, mask, response, device, new SpectKernel());
    }

    private static SpectGeometry present(SpectGeometry geometry, VolumeGeometry volume, ComputeDevice device) {
        if (geometry == null || volume == null || device == null) {
            throw new InvalidInputException("an OpenCL SPECT projector needs a geometry, a volume and a device");
        }
        return geometry;
    }

    private OpenClSpectProjector(SpectGeometry geometry, VolumeGeometry volume, float[] attenuation, boolean[] mask,
                                 CollimatorResponse response, ComputeDevice device, SpectKernel kernel) {
        super(volume, geometry.viewCount(), geometry.projectionSize(), device, kernel);
        this.geometry = geometry;
        this.kernel = kernel;
        SpectProjector.checkModel(volume, attenuation, mask);
        double rowsPerPlane = volume.dz() / geometry.rowSpacing();
        long wholeRows = Math.round(rowsPerPlane);
        if (wholeRows < 1 || Math.abs(rowsPerPlane - wholeRows) > 1e-9) {
            throw new InvalidInputException(String.format(
                    "the OpenCL SPECT projector needs a slice spacing that is a whole number of detector rows;"
                            + " found %.4g mm slices on %.4g mm rows", volume.dz(), geometry.rowSpacing()));
        }
        kernel.nx = volume.nx();
        kernel.ny = volume.ny();
        kernel.nz = volume.nz();
        kernel.detectorColumns = geometry.columns();
        kernel.detectorRows = geometry.rows();
        kernel.views = geometry.viewCount();
        kernel.rowsPerPlane = (int) wholeRows;
        kernel.spacingX = (float) volume.dx();
        kernel.spacingY = (float) volume.dy();
        kernel.mask = maskBits(mask, volume.voxelCount());
        kernel.positions = columnPositions(kernel.mask, volume);
        kernel.columnCount = kernel.positions.length;
        SpectProjector.requireCameraOutside(geometry, volume, kernel.positions);
        kernel.hasAttenuation = attenuation == null ? 0 : 1;
        kernel.mu = attenuation == null ? new float[1] : attenuation;
        kernel.boxes = attenuationBoxes(attenuation, volume);
        kernel.sines = new float[geometry.viewCount()];
        kernel.cosines = new float[geometry.viewCount()];
        for (int view = 0; view < geometry.viewCount(); view++) {
            kernel.sines[view] = (float) Math.sin(geometry.angle(view));
            kernel.cosines[view] = (float) Math.cos(geometry.angle(view));
        }
        long factorCount = (long) geometry.viewCount() * kernel.columnCount * volume.nz();
        if (4 * factorCount > device.maxAllocation() || factorCount > Integer.MAX_VALUE - 8) {
            throw new InvalidInputException(String.format(
                    "the attenuation factors need %.1f MB, more than the largest buffer of %s (%.1f MB)",
                    4e-6 * factorCount, device.name(), device.maxAllocation() * 1e-6));
        }
        kernel.factors = new float[(int) factorCount];
        responses(response);
        kernel.viewSet = new int[geometry.viewCount()];
        kernel.volumeIn = new float[volume.voxelCount()];
        kernel.volumeOut = new float[volume.voxelCount()];
        kernel.projections = new float[geometry.projectionSize()];
        kernel.partial = new float[1]; // grown by the forward projections
        kernel.counts = new float[1]; // OSEM's buffers: placeholders until an OpenClOsem sets them
        kernel.additive = new float[1];
        kernel.sensitivities = new float[1];
        for (int[] table : new int[][] {kernel.positions, kernel.mask, kernel.boxes, kernel.acrossFirst,
                kernel.acrossCount, kernel.alongFirst, kernel.alongCount, kernel.sortedColumns, kernel.sortedFirst}) {
            queue.put(kernel, table);
        }
        for (float[] table : new float[][] {kernel.mu, kernel.sines, kernel.cosines, kernel.acrossWeights,
                kernel.alongWeights}) {
            queue.put(kernel, table);
        }
        kernel.mode = SpectKernel.ATTENUATION;
        queue.run(kernel, factorCount, "the attenuation factors", kernel.factors);
    }

    private static int[] maskBits(boolean[] mask, int voxels) {
        int[] bits = new int[voxels];
        for (int i = 0; i < voxels; i++) {
            bits[i] = mask == null || mask[i] ? 1 : 0;
        }
        return bits;
    }

    /** In-plane positions (x + y * nx) with at least one voxel in the mask. */
    private static int[] columnPositions(int[] mask, VolumeGeometry volume) {
        List<Integer> positions = new ArrayList<>();
        for (int position = 0; position < volume.sliceSize(); position++) {
            for (int z = 0; z < volume.nz(); z++) {
                if (mask[z * volume.sliceSize() + position] == 1) {
                    positions.add(position);
                    break;
                }
            }
        }
        return positions.stream().mapToInt(Integer::intValue).toArray();
    }

    /** {@link SpectProjector#boxes}, flattened: four ints per slice (none without a map: every box empty). */
    private static int[] attenuationBoxes(float[] mu, VolumeGeometry volume) {
        int[] boxes = new int[4 * volume.nz()];
        for (int z = 0; z < volume.nz(); z++) {
            boxes[4 * z] = 1;
        }
        if (mu != null) {
            int[][] perSlice = SpectProjector.boxes(mu, volume);
            for (int z = 0; z < volume.nz(); z++) {
                System.arraycopy(perSlice[z], 0, boxes, 4 * z, 4);
            }
        }
        return boxes;
    }

    /**
     * The response of every column in every view, across (clipped to the detector) and along (for
     * slice 0), and each view's columns sorted by their first bin. Views in parallel: on a GPU this
     * set-up would otherwise be a fair part of an OSEM run.
     */
    private void responses(CollimatorResponse response) {
        int columns = kernel.columnCount;
        int count = geometry.viewCount() * columns;
        kernel.acrossFirst = new int[count];
        kernel.acrossCount = new int[count];
        kernel.alongFirst = new int[count];
        kernel.alongCount = new int[count];
        kernel.sortedColumns = new int[count];
        kernel.sortedFirst = new int[count];
        double[][] across = new double[count][];
        double[][] along = new double[count][];
        try (Parallel parallel = new Parallel(0)) {
            parallel.forEach(geometry.viewCount(), view -> {
                viewResponses(response, view, across, along);
                sortColumns(view);
            });
        }
        kernel.acrossCapacity = Math.max(1, Arrays.stream(kernel.acrossCount).max().orElse(1));
        kernel.alongCapacity = Math.max(1, Arrays.stream(kernel.alongCount).max().orElse(1));
        kernel.acrossWeights = pack(across, kernel.acrossCapacity);
        kernel.alongWeights = pack(along, kernel.alongCapacity);
    }

    private void viewResponses(CollimatorResponse response, int view, double[][] across, double[][] along) {
        double firstRowZ = -(geometry.rows() - 1) / 2.0 * geometry.rowSpacing() + geometry.offsetV();
        double rowOfFirstPlane = (volume.z(0) - firstRowZ) / geometry.rowSpacing();
        double cut = response == null ? 0 : response.maxSigmas();
        double sin = Math.sin(geometry.angle(view));
        double cos = Math.cos(geometry.angle(view));
        BinWeights weights = new BinWeights();
        for (int c = 0; c < kernel.columnCount; c++) {
            int position = kernel.positions[c];
            double x = volume.x(position % volume.nx());
            double y = volume.y(position / volume.nx());
            double depth = geometry.radius(view) + x * sin + y * cos;
            double sigma = response == null ? 0 : response.sigma(depth);
            double centre = (x * cos - y * sin - geometry.offsetU()) / geometry.columnSpacing()
                    + (geometry.columns() - 1) / 2.0;
            int at = view * kernel.columnCount + c;
            weights.set(centre, sigma / geometry.columnSpacing(), cut, geometry.columns());
            kernel.acrossFirst[at] = weights.first();
            kernel.acrossCount[at] = weights.count();
            across[at] = values(weights);
            weights.set(rowOfFirstPlane, sigma / geometry.rowSpacing(), cut, 0);
            kernel.alongFirst[at] = weights.first();
            kernel.alongCount[at] = weights.count();
            along[at] = values(weights);
        }
    }

    /** The view's columns in the order of their first bin (ties by column), for the forward's binary search. */
    private void sortColumns(int view) {
        int offset = view * kernel.columnCount;
        long[] keys = new long[kernel.columnCount];
        for (int c = 0; c < keys.length; c++) {
            keys[c] = (long) kernel.acrossFirst[offset + c] << 32 | c;
        }
        Arrays.sort(keys);
        for (int i = 0; i < keys.length; i++) {
            int column = (int) keys[i];
            kernel.sortedColumns[offset + i] = column;
            kernel.sortedFirst[offset + i] = kernel.acrossFirst[offset + column];
        }
    }

    private static double[] values(BinWeights weights) {
        double[] values = new double[weights.count()];
        for (int i = 0; i < values.length; i++) {
            values[i] = weights.weight(i);
        }
        return values;
    }

    private static float[] pack(double[][] rows, int capacity) {
        float[] packed = new float[rows.length * capacity];
        for (int i = 0; i < rows.length; i++) {
            for (int k = 0; k < rows[i].length; k++) {
                packed[i * capacity + k] = (float) rows[i][k];
            }
        }
        return packed;
    }

    SpectKernel kernel() {
        return kernel;
    }

    /** Runs the kernel in {@code mode} over {@code items} work-items; {@code written} come back after. */
    void run(int mode, long items, String what, float[] written) {
        kernel.mode = mode;
        queue.run(kernel, items, what, written);
    }

    /** The forward projection of the volume already on the device into the device's projections (selected views). */
    void forwardOnDevice(int views) {
        // grown to the largest view set seen, not resized per call: OSEM's subsets may differ by a
        // view, and every new array means a new device buffer
        int partialSize = views * kernel.columnCount * geometry.rows();
        if (kernel.partial.length < partialSize) {
            kernel.partial = new float[partialSize];
        }
        run(SpectKernel.AXIAL, partialSize, "the SPECT forward projection (axial)", kernel.partial);
        run(SpectKernel.ACROSS, (long) views * geometry.frameSize(), "the SPECT forward projection (across)",
                kernel.projections);
    }

    /** The back-projection of the device's projections (selected views) into the device's output volume. */
    void backOnDevice() {
        run(SpectKernel.BACK, (long) kernel.columnCount * volume.nz(), "the SPECT back-projection", kernel.volumeOut);
    }

    public SpectGeometry geometry() {
        return geometry;
    }

    @Override
    public synchronized void forward(float[] volumeData, float[] projections, ViewSet views) {
        Projector.checkCall(this, volumeData, projections, views);
        System.arraycopy(volumeData, 0, kernel.volumeIn, 0, volumeData.length);
        selectViews(views);
        queue.put(kernel, kernel.volumeIn);
        forwardOnDevice(views.size());
        int frame = geometry.frameSize();
        for (int i = 0; i < views.size(); i++) {
            int at = views.view(i) * frame;
            System.arraycopy(kernel.projections, at, projections, at, frame);
        }
    }

    @Override
    public synchronized void back(float[] projections, float[] volumeData, ViewSet views) {
        Projector.checkCall(this, volumeData, projections, views);
        System.arraycopy(projections, 0, kernel.projections, 0, projections.length);
        selectViews(views);
        queue.put(kernel, kernel.projections);
        backOnDevice();
        System.arraycopy(kernel.volumeOut, 0, volumeData, 0, volumeData.length);
    }

    /** Selects {@code views} for the next forward or back kernels (and OSEM's ratios). */
    void selectViews(ViewSet views) {
        for (int i = 0; i < views.size(); i++) {
            kernel.viewSet[i] = views.view(i);
        }
        kernel.setSize = views.size();
        queue.put(kernel, kernel.viewSet);
    }

}
