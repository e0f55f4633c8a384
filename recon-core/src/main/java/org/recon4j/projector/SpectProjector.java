package org.recon4j.projector;

import java.util.ArrayList;
import java.util.List;
import org.recon4j.InvalidInputException;
import org.recon4j.geometry.SpectGeometry;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.util.Checks;
import org.recon4j.util.Parallel;

/**
 * The SPECT projector pair for a parallel-hole collimator: attenuation along the path to the
 * camera and a depth-dependent Gaussian collimator-detector response, the model of STIR's
 * SPECTUB (Marti Fuster et al. 2013):
 *
 * <pre>p[view, row, column] = sum over voxels j of x_j * A(view, j) * G_u(column) * G_v(row)</pre>
 *
 * <ul>
 * <li>A = exp(-integral of mu) along the line from the voxel centre, perpendicular to the camera,
 *     to the edge of the grid, traced exactly through the voxels of its slice (the voxel's own
 *     part included). The attenuation map is in 1/cm, as STIR and most SPECT software keep it.</li>
 * <li>G is a Gaussian of sigma(depth) centred on the voxel centre's projection, integrated over
 *     each bin, cut at +/- maxSigmas and scaled so that the uncut Gaussian sums to 1 (bins off the
 *     detector lose their share). Without a response, the voxel is shared linearly between the two
 *     nearest bins on each axis.</li>
 * <li>Only voxels in the mask take part (STIR uses the body, mu > 0); the others are 0 in
 *     back-projections.</li>
 * </ul>
 *
 * Voxels are walked one (x, y) column at a time: its columns' kernels are computed once per view
 * and serve every z. Attenuation factors are computed once, for every view and masked voxel, when
 * they fit in a quarter of the heap; otherwise per call. {@code forward} shares views among
 * threads, {@code back} shares columns: no sums cross threads, so results are the same bits for
 * any thread count.
 */
public final class SpectProjector implements Projector {
    private final SpectGeometry geometry;
    private final VolumeGeometry volume;
    private final float[] attenuation;
    private final CollimatorResponse response;
    private final int threads;
    /** In-plane positions (x + y * nx) with at least one voxel in the mask. */
    private final int[] columnPositions;
    /** Masked voxels of column c are maskedVoxels[columnStart[c] .. columnStart[c + 1]), z ascending. */
    private final int[] columnStart;
    private final int[] maskedVoxels;
    private final float[][] attenuationFactors;
    /** Per slice: the in-plane box {xmin, xmax, ymin, ymax} holding every mu > 0 (empty: xmin > xmax). */
    private final int[][] attenuationBoxes;
    private final double rowOfFirstPlane;
    private final double rowsPerPlane;
    private final boolean planesOnRows;

    /**
     * @param attenuation  mu (1/cm) on {@code volume}, or null for none
     * @param mask         voxels that take part, or null for all
     * @param response     the collimator-detector response, or null for none
     */
    public SpectProjector(SpectGeometry geometry, VolumeGeometry volume, float[] attenuation, boolean[] mask,
                          CollimatorResponse response, int threads) {
        if (geometry == null || volume == null) {
            throw new InvalidInputException("a SPECT projector needs a geometry and a volume");
        }
        this.geometry = geometry;
        this.volume = volume;
        checkModel(volume, attenuation, mask);
        this.attenuation = attenuation;
        this.response = response;
        this.threads = Parallel.resolveThreads(threads);
        List<Integer> positions = new ArrayList<>();
        List<Integer> starts = new ArrayList<>();
        List<Integer> voxels = new ArrayList<>();
        int sliceSize = volume.sliceSize();
        for (int position = 0; position < sliceSize; position++) {
            int before = voxels.size();
            for (int z = 0; z < volume.nz(); z++) {
                int voxel = z * sliceSize + position;
                if (mask == null || mask[voxel]) {
                    voxels.add(voxel);
                }
            }
            if (voxels.size() > before) {
                positions.add(position);
                starts.add(before);
            }
        }
        starts.add(voxels.size());
        this.columnPositions = positions.stream().mapToInt(Integer::intValue).toArray();
        this.columnStart = starts.stream().mapToInt(Integer::intValue).toArray();
        this.maskedVoxels = voxels.stream().mapToInt(Integer::intValue).toArray();
        double firstRowZ = -(geometry.rows() - 1) / 2.0 * geometry.rowSpacing() + geometry.offsetV();
        this.rowOfFirstPlane = (volume.z(0) - firstRowZ) / geometry.rowSpacing();
        this.rowsPerPlane = volume.dz() / geometry.rowSpacing();
        this.planesOnRows = Math.abs(rowsPerPlane - Math.rint(rowsPerPlane)) < 1e-9;
        requireCameraOutside(geometry, volume, columnPositions);
        this.attenuationBoxes = attenuation == null ? null : boxes(attenuation, volume);
        long cacheBytes = 4L * geometry.viewCount() * maskedVoxels.length;
        boolean cache = attenuation != null && cacheBytes < Runtime.getRuntime().maxMemory() / 4;
        this.attenuationFactors = cache ? new float[geometry.viewCount()][] : null;
        if (cache) {
            try (Parallel parallel = new Parallel(this.threads)) {
                parallel.forEach(geometry.viewCount(), view -> attenuationFactors[view] = attenuationFactors(view));
            }
        }
    }

    /** Checks an attenuation map (finite, >= 0) and a mask against the volume; either may be null. */
    public static void checkModel(VolumeGeometry volume, float[] attenuation, boolean[] mask) {
        if (attenuation != null) {
            Checks.length("attenuation map", attenuation, volume.voxelCount());
            Checks.allFinite("attenuation map", attenuation);
            for (float mu : attenuation) {
                if (mu < 0) {
                    throw new InvalidInputException("attenuation coefficients must be >= 0, found " + mu);
                }
            }
        }
        if (mask != null && mask.length != volume.voxelCount()) {
            throw new InvalidInputException("mask must hold " + volume.voxelCount() + " values, found " + mask.length);
        }
    }

    /** Per slice: the in-plane box {xmin, xmax, ymin, ymax} holding every mu > 0 (empty: xmin > xmax). */
    public static int[][] boxes(float[] mu, VolumeGeometry volume) {
        int[][] boxes = new int[volume.nz()][];
        for (int z = 0; z < volume.nz(); z++) {
            int[] box = {volume.nx(), -1, volume.ny(), -1};
            for (int y = 0; y < volume.ny(); y++) {
                for (int x = 0; x < volume.nx(); x++) {
                    if (mu[(z * volume.ny() + y) * volume.nx() + x] > 0) {
                        box[0] = Math.min(box[0], x);
                        box[1] = Math.max(box[1], x);
                        box[2] = Math.min(box[2], y);
                        box[3] = Math.max(box[3], y);
                    }
                }
            }
            boxes[z] = box;
        }
        return boxes;
    }

    /** Refuses an orbit whose camera would pass through one of the in-plane positions (x + y * nx). */
    public static void requireCameraOutside(SpectGeometry geometry, VolumeGeometry volume, int[] positions) {
        for (int view = 0; view < geometry.viewCount(); view++) {
            double sin = Math.sin(geometry.angle(view));
            double cos = Math.cos(geometry.angle(view));
            for (int position : positions) {
                double x = volume.x(position % volume.nx());
                double y = volume.y(position / volume.nx());
                double depth = geometry.radius(view) + x * sin + y * cos;
                if (depth < 0) {
                    throw new InvalidInputException(String.format(
                            "the camera of view %d (radius %.4g mm) cuts through the reconstructed region at (%.4g, %.4g) mm",
                            view, geometry.radius(view), x, y));
                }
            }
        }
    }

    public SpectGeometry geometry() {
        return geometry;
    }

    @Override
    public VolumeGeometry volume() {
        return volume;
    }

    @Override
    public int projectionSize() {
        return geometry.projectionSize();
    }

    @Override
    public int viewCount() {
        return geometry.viewCount();
    }

    /** Number of voxels that take part (the mask's size). */
    public int maskedVoxelCount() {
        return maskedVoxels.length;
    }

    /** exp(-line integral of mu) from each masked voxel toward the camera of {@code view}. */
    private float[] attenuationFactors(int view) {
        float[] factors = new float[maskedVoxels.length];
        if (attenuation == null) {
            java.util.Arrays.fill(factors, 1f);
            return factors;
        }
        double directionX = -Math.sin(geometry.angle(view));
        double directionY = -Math.cos(geometry.angle(view));
        for (int i = 0; i < maskedVoxels.length; i++) {
            factors[i] = (float) Math.exp(-0.1 * pathIntegral(maskedVoxels[i], directionX, directionY));
        }
        return factors;
    }

    /**
     * The integral of mu (1/cm x mm) from a voxel's centre along (dx, dy) to the grid's edge,
     * voxel by voxel (Amanatides and Woo 1987). The walk ends early once it has left the box
     * that holds the slice's mu > 0 and moves away from it.
     */
    private double pathIntegral(int voxel, double directionX, double directionY) {
        int nx = volume.nx();
        int ny = volume.ny();
        int slice = voxel / volume.sliceSize();
        int sliceOffset = slice * volume.sliceSize();
        int[] box = attenuationBoxes[slice];
        int i = voxel % nx;
        int j = (voxel / nx) % ny;
        int stepX = directionX > 0 ? 1 : -1;
        int stepY = directionY > 0 ? 1 : -1;
        double next = Double.POSITIVE_INFINITY;
        double deltaX = Double.POSITIVE_INFINITY;
        double nextY = Double.POSITIVE_INFINITY;
        double deltaY = Double.POSITIVE_INFINITY;
        if (Math.abs(directionX) > 1e-12) {
            deltaX = volume.dx() / Math.abs(directionX);
            next = 0.5 * deltaX;
        }
        if (Math.abs(directionY) > 1e-12) {
            deltaY = volume.dy() / Math.abs(directionY);
            nextY = 0.5 * deltaY;
        }
        double travelled = 0;
        double sum = 0;
        while (i >= 0 && i < nx && j >= 0 && j < ny) {
            if (i < box[0] && stepX < 0 || i > box[1] && stepX > 0 || j < box[2] && stepY < 0 || j > box[3] && stepY > 0
                    || box[1] < box[0]) {
                break; // beyond the box and moving away: only zeros remain
            }
            double boundary = Math.min(next, nextY);
            sum += attenuation[sliceOffset + j * nx + i] * (boundary - travelled);
            travelled = boundary;
            if (next <= nextY) {
                i += stepX;
                next += deltaX;
            } else {
                j += stepY;
                nextY += deltaY;
            }
        }
        return sum;
    }

    /**
     * Per-thread scratch: kernels along u and v, and one value per detector row. A voxel column
     * meets the detector at one column kernel in each view (its depth is the same for every z),
     * so the response is separable there: forward sums the column's voxels into a row profile and
     * spreads that across once; back sums each row across once and reads it for every voxel.
     */
    private final class Work {
        final BinWeights across = new BinWeights();
        final BinWeights along = new BinWeights();
        final double[] profile = new double[geometry.rows()];
        final double[] line = new double[geometry.rows()];
        final int[] lineStamp = new int[geometry.rows()];
        int stamp;

        /** Sets the kernels for column c in view; returns false when it misses the detector. */
        boolean prepare(int view, int column, double sin, double cos) {
            int position = columnPositions[column];
            double x = volume.x(position % volume.nx());
            double y = volume.y(position / volume.nx());
            double u = x * cos - y * sin;
            double depth = geometry.radius(view) + x * sin + y * cos;
            double centre = (u - geometry.offsetU()) / geometry.columnSpacing() + (geometry.columns() - 1) / 2.0;
            double sigma = response == null ? 0 : response.sigma(depth);
            double cut = response == null ? 0 : response.maxSigmas();
            across.set(centre, sigma / geometry.columnSpacing(), cut, geometry.columns());
            stamp++; // every row's line is stale for the new (column, view)
            return across.count > 0;
        }

        /** Sets the axial kernel for the voxel in plane z (after {@link #prepare}). */
        void prepareAxial(int view, int column, int z, double sin, double cos) {
            int position = columnPositions[column];
            double x = volume.x(position % volume.nx());
            double y = volume.y(position / volume.nx());
            double depth = geometry.radius(view) + x * sin + y * cos;
            double sigma = response == null ? 0 : response.sigma(depth) / geometry.rowSpacing();
            double cut = response == null ? 0 : response.maxSigmas();
            along.set(rowOfFirstPlane + z * rowsPerPlane, sigma, cut, 0); // shifted to other planes, so clipped by the caller
        }

        /** Row {@code row} of the view's frame at {@code frameBase} summed with the column kernel, once a (column, view). */
        double line(float[] projections, int frameBase, int row) {
            if (lineStamp[row] != stamp) {
                int base = frameBase + row * geometry.columns() + across.first;
                double sum = 0;
                for (int m = 0; m < across.count; m++) {
                    sum += projections[base + m] * across.weights[m];
                }
                line[row] = sum;
                lineStamp[row] = stamp;
            }
            return line[row];
        }
    }

    @Override
    public void forward(float[] volumeData, float[] projections, ViewSet views) {
        check(volumeData, projections, views);
        int frame = geometry.frameSize();
        int columns = geometry.columns();
        int rows = geometry.rows();
        try (Parallel parallel = new Parallel(threads)) {
            parallel.forEach(views.size(), index -> {
                int view = views.view(index);
                java.util.Arrays.fill(projections, view * frame, (view + 1) * frame, 0f);
                float[] factors = factors(view);
                double sin = Math.sin(geometry.angle(view));
                double cos = Math.cos(geometry.angle(view));
                Work work = new Work();
                double[] profile = work.profile;
                for (int c = 0; c < columnPositions.length; c++) {
                    if (!work.prepare(view, c, sin, cos)) {
                        continue;
                    }
                    BinWeights along = work.along;
                    int lastZ = -1;
                    int lowest = rows;
                    int highest = -1;
                    for (int i = columnStart[c]; i < columnStart[c + 1]; i++) {
                        int voxel = maskedVoxels[i];
                        float value = volumeData[voxel] * factors[i];
                        if (value == 0f) {
                            continue;
                        }
                        int z = voxel / volume.sliceSize();
                        if (lastZ < 0 || !planesOnRows) {
                            work.prepareAxial(view, c, z, sin, cos);
                            lastZ = z;
                        }
                        int rowShift = planesOnRows ? (int) Math.rint((z - lastZ) * rowsPerPlane) : 0;
                        int firstRow = Math.max(0, along.first + rowShift);
                        int endRow = Math.min(rows, along.first + rowShift + along.count);
                        for (int row = firstRow; row < endRow; row++) {
                            profile[row] += value * along.weights[row - along.first - rowShift];
                        }
                        lowest = Math.min(lowest, firstRow);
                        highest = Math.max(highest, endRow - 1);
                    }
                    BinWeights across = work.across;
                    for (int row = lowest; row <= highest; row++) {
                        double weight = profile[row];
                        profile[row] = 0;
                        int base = view * frame + row * columns + across.first;
                        for (int m = 0; m < across.count; m++) {
                            projections[base + m] += (float) (weight * across.weights[m]);
                        }
                    }
                }
            });
        }
    }

    @Override
    public void back(float[] projections, float[] volumeData, ViewSet views) {
        check(volumeData, projections, views);
        java.util.Arrays.fill(volumeData, 0f);
        int frame = geometry.frameSize();
        int rows = geometry.rows();
        float[][] factorsByView = new float[geometry.viewCount()][];
        for (int i = 0; i < views.size(); i++) {
            factorsByView[views.view(i)] = factors(views.view(i));
        }
        try (Parallel parallel = new Parallel(threads)) {
            parallel.forEachRange(columnPositions.length, (startColumn, endColumn) -> {
                Work work = new Work();
                for (int c = startColumn; c < endColumn; c++) {
                    for (int index = 0; index < views.size(); index++) {
                        int view = views.view(index);
                        double sin = Math.sin(geometry.angle(view));
                        double cos = Math.cos(geometry.angle(view));
                        if (!work.prepare(view, c, sin, cos)) {
                            continue;
                        }
                        BinWeights along = work.along;
                        float[] factors = factorsByView[view];
                        int lastZ = -1;
                        for (int i = columnStart[c]; i < columnStart[c + 1]; i++) {
                            int voxel = maskedVoxels[i];
                            int z = voxel / volume.sliceSize();
                            if (lastZ < 0 || !planesOnRows) {
                                work.prepareAxial(view, c, z, sin, cos);
                                lastZ = z;
                            }
                            int rowShift = planesOnRows ? (int) Math.rint((z - lastZ) * rowsPerPlane) : 0;
                            int firstRow = Math.max(0, along.first + rowShift);
                            int endRow = Math.min(rows, along.first + rowShift + along.count);
                            double sum = 0;
                            for (int row = firstRow; row < endRow; row++) {
                                sum += work.line(projections, view * frame, row)
                                        * along.weights[row - along.first - rowShift];
                            }
                            volumeData[voxel] += (float) (sum * factors[i]);
                        }
                    }
                }
            });
        }
    }

    /**
     * For every voxel, the mean over all views of its attenuation factor (1 without a map, 0
     * outside the mask): Chang's first-order correction divides an image by this.
     */
    public float[] meanAttenuationFactors() {
        float[] mean = new float[volume.voxelCount()];
        double[] sums = new double[maskedVoxels.length];
        for (int view = 0; view < geometry.viewCount(); view++) {
            float[] factors = factors(view);
            for (int i = 0; i < factors.length; i++) {
                sums[i] += factors[i];
            }
        }
        for (int i = 0; i < maskedVoxels.length; i++) {
            mean[maskedVoxels[i]] = (float) (sums[i] / geometry.viewCount());
        }
        return mean;
    }

    private float[] factors(int view) {
        if (attenuationFactors != null) {
            return attenuationFactors[view];
        }
        return attenuationFactors(view);
    }

    private void check(float[] volumeData, float[] projections, ViewSet views) {
        Projector.checkCall(this, volumeData, projections, views);
    }
}
