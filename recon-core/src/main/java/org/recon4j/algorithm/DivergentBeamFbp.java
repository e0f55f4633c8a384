package org.recon4j.algorithm;

import org.recon4j.InvalidInputException;
import org.recon4j.Progress;
import org.recon4j.filter.FilterWindow;
import org.recon4j.filter.RampFilter;
import org.recon4j.geometry.ConeBeamGeometry;
import org.recon4j.geometry.DetectorShape;
import org.recon4j.geometry.FanBeamGeometry;
import org.recon4j.geometry.ScanWeights;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.util.Arctangent;
import org.recon4j.util.Checks;
import org.recon4j.util.Parallel;

/**
 * Filtered back-projection for a source on a circular orbit: fan-beam FBP (flat or arc detector,
 * one fan per slice) and Feldkamp-Davis-Kress (FDK) for cone beam with a flat panel. The same
 * three steps as parallel-beam FBP:
 * <ol>
 * <li>weight: the cosine weight {@code SOD / sqrt(SOD^2 + u'^2 + v'^2)} of a flat detector
 *     (u', v' scaled to the axis) or {@code SOD cos(alpha)} of an arc, times the redundancy
 *     weight ({@link ScanWeights}: 1/2 for a full scan, Parker's for a short one) and the view's
 *     angular step;</li>
 * <li>filter each detector row with the ramp (on an arc, the equiangular kernel);</li>
 * <li>back-project voxel by voxel with the distance weight {@code (SOD / L)^2} (flat; L the
 *     voxel's depth along the central ray) or {@code 1 / |x - S|^2} (arc), interpolating linearly
 *     (bilinearly for cone beam) between detector pixel centres; rays off the detector add zero.</li>
 * </ol>
 * Kak and Slaney (1988), chapter 3.4; Feldkamp, Davis and Kress (1984). Instances are immutable
 * and may be shared between threads; results do not depend on the thread count.
 */
public final class DivergentBeamFbp {
    /** Fan-beam image rows per back-projection task, and views per cache block (64 rows of 1024 bins: 256 KiB). */
    private static final int FAN_ROW_BLOCK = 16;
    private static final int FAN_VIEW_BLOCK = 64;
    private static final double FIXED_ONE = 4294967296.0;
    private static final float FIXED_FRACTION = (float) (1.0 / FIXED_ONE);
    private static final long FRACTION_BITS = 0xffffffffL;
    private final VolumeGeometry volume;
    private final double[] angles;
    private final double sourceToAxis;
    private final double sourceToDetector;
    private final boolean arc;
    private final boolean cone;
    private final int columns;
    private final int rows;
    private final double columnSpacing;
    private final double rowSpacing;
    private final double offsetU;
    private final double offsetV;
    private final RampFilter filter;
    private final ScanWeights scan;
    private final int threads;

    private DivergentBeamFbp(VolumeGeometry volume, double[] angles, double sourceToAxis, double sourceToDetector,
                             boolean arc, boolean cone, int columns, int rows, double columnSpacing, double rowSpacing,
                             double offsetU, double offsetV, double halfFan, FilterWindow window, double cutoff,
                             int threads) {
        if (volume == null) {
            throw new InvalidInputException("FBP needs a volume geometry");
        }
        this.volume = volume;
        this.angles = angles;
        this.sourceToAxis = sourceToAxis;
        this.sourceToDetector = sourceToDetector;
        this.arc = arc;
        this.cone = cone;
        this.columns = columns;
        this.rows = rows;
        this.columnSpacing = columnSpacing;
        this.rowSpacing = rowSpacing;
        this.offsetU = offsetU;
        this.offsetV = offsetV;
        this.scan = ScanWeights.of(angles, halfFan);
        this.threads = Parallel.resolveThreads(threads);
        this.filter = arc ? RampFilter.equiangular(columns, columnSpacing / sourceToDetector, window, cutoff)
                : new RampFilter(columns, columnSpacing * sourceToAxis / sourceToDetector, window, cutoff);
        requireSourceOutside(volume, sourceToAxis);
    }

    /** Fan-beam FBP: {@code volume.nz()} slices from as many fan sinograms {@code [slice][view][bin]}. */
    public static DivergentBeamFbp fan(FanBeamGeometry geometry, VolumeGeometry volume, FilterWindow window,
                                       double cutoff, int threads) {
        return new DivergentBeamFbp(volume, geometry.angles(), geometry.sourceToAxis(), geometry.sourceToDetector(),
                geometry.shape() == DetectorShape.ARC, false, geometry.binCount(), 1, geometry.binSpacing(), 1,
                geometry.detectorOffset(), 0, geometry.halfFanAngle(), window, cutoff, threads);
    }

    /** FDK: the volume from cone-beam projections {@code [view][row][column]}. */
    public static DivergentBeamFbp fdk(ConeBeamGeometry geometry, VolumeGeometry volume, FilterWindow window,
                                       double cutoff, int threads) {
        return new DivergentBeamFbp(volume, geometry.angles(), geometry.sourceToAxis(), geometry.sourceToDetector(),
                false, true, geometry.columns(), geometry.rows(), geometry.columnSpacing(), geometry.rowSpacing(),
                geometry.offsetU(), geometry.offsetV(), geometry.halfFanAngle(), window, cutoff, threads);
    }

    private static void requireSourceOutside(VolumeGeometry volume, double sourceToAxis) {
        double reach = volume.reachFromAxis(0); // FBP samples voxel centres only
        if (reach >= sourceToAxis) {
            throw new InvalidInputException(String.format(
                    "the source orbit (radius %.4g mm) passes through the volume, whose voxels reach %.4g mm from the axis",
                    sourceToAxis, reach));
        }
    }

    public ScanWeights scanWeights() {
        return scan;
    }

    private int projectionSize() {
        return cone ? angles.length * rows * columns : volume.nz() * angles.length * columns;
    }

    public float[] reconstruct(float[] projections) {
        return reconstruct(projections, Progress.NONE);
    }

    /** Reconstructs into a new volume, reporting progress per slice (fan) or per view filtered and row of voxels (cone). */
    public float[] reconstruct(float[] projections, Progress progress) {
        if (projections == null || projections.length != projectionSize()) {
            throw new InvalidInputException(cone
                    ? String.format("projection size mismatch: expected %d columns x %d rows x %d views = %d values, found %s",
                            columns, rows, angles.length, projectionSize(), projections == null ? "none" : projections.length)
                    : String.format("sinogram size mismatch: expected %d bins x %d views x %d slices = %d values, found %s",
                            columns, angles.length, volume.nz(), projectionSize(), projections == null ? "none" : projections.length));
        }
        Checks.allFinite(cone ? "projections" : "sinogram", projections);
        Checks.memoryAvailable("the reconstructed volume and filtered projections",
                4L * volume.voxelCount() + 4L * (cone ? projectionSize() : (long) angles.length * columns));
        float[] output = new float[volume.voxelCount()];
        try (Parallel parallel = new Parallel(threads)) {
            if (cone) {
                float[] filtered = new float[angles.length * (rows + 2) * (columns + 2)];
                weightAndFilter(parallel, projections, 0, filtered, rows, 0);
                parallel.forEach(volume.ny(), y -> backProjectConeRow(filtered, output, y));
                progress.update(1, 1);
            } else {
                float[] filtered = new float[angles.length * (columns + 2)];
                for (int slice = 0; slice < volume.nz(); slice++) {
                    weightAndFilter(parallel, projections, slice * angles.length * columns, filtered, 1, slice);
                    int sliceOffset = slice * volume.sliceSize();
                    int rowBlocks = (volume.ny() + FAN_ROW_BLOCK - 1) / FAN_ROW_BLOCK;
                    parallel.forEach(rowBlocks, block -> backProjectFanRows(filtered, output, sliceOffset,
                            block * FAN_ROW_BLOCK, Math.min(volume.ny(), (block + 1) * FAN_ROW_BLOCK)));
                    progress.update(slice + 1, volume.nz());
                }
            }
        }
        return output;
    }

    /** The detector's u coordinate of column m (mm, or arc length). */
    private double columnPosition(int column) {
        return (column - (columns - 1) / 2.0) * columnSpacing + offsetU;
    }

    private double rowPosition(int row) {
        return (row - (rows - 1) / 2.0) * rowSpacing + offsetV;
    }

    private double fanAngle(int column) {
        double u = columnPosition(column);
        return arc ? u / sourceToDetector : Math.atan(u / sourceToDetector);
    }

    /**
     * The weight applied to detector pixel (row, column) of {@code view} before filtering:
     * {@link #cosineWeight} times {@link #viewWeight}. Fan beam has row 0 only.
     */
    public double preWeight(int view, int row, int column) {
        return cosineWeight(row, column) * viewWeight(view, column);
    }

    /** The cosine weight of a detector pixel, the same in every view. */
    public double cosineWeight(int row, int column) {
        if (arc) {
            return sourceToAxis * Math.cos(fanAngle(column));
        }
        double magnification = sourceToAxis / sourceToDetector;
        double u = columnPosition(column) * magnification;
        double v = cone ? rowPosition(row) * magnification : 0;
        return sourceToAxis / Math.sqrt(sourceToAxis * sourceToAxis + u * u + v * v);
    }

    /** The redundancy weight of a detector column in {@code view} times the view's angular step. */
    public double viewWeight(int view, int column) {
        return scan.redundancy(view, fanAngle(column)) * scan.angularWeight(view);
    }

    /** The ramp filter applied to every detector row (on an arc, the equiangular one). */
    public RampFilter filter() {
        return filter;
    }

    /** Weights and filters the {@code rowsPerView} detector rows of every view. */
    private void weightAndFilter(Parallel parallel, float[] input, int offset, float[] filtered, int rowsPerView,
                                 int slice) {
        parallel.forEachRange(angles.length, (start, end) -> {
            float[] work = new float[filter.paddedLength()];
            float[] row = new float[columns];
            float[] filteredRow = new float[columns];
            for (int view = start; view < end; view++) {
                for (int r = 0; r < rowsPerView; r++) {
                    int base = offset + (view * rowsPerView + r) * columns;
                    for (int m = 0; m < columns; m++) {
                        row[m] = (float) (input[base + m] * preWeight(view, r, m));
                    }
                    if (cone) {
                        filter.filter(row, 0, filteredRow, 0, 1f, work);
                        for (int m = 0; m < columns; m++) {
                            filtered[paddedIndex(view, r, m)] = filteredRow[m];
                        }
                    } else {
                        filter.filter(row, 0, filtered, view * (columns + 2) + 1, 1f, work);
                    }
                }
            }
        });
    }

    /**
     * Rows [firstRow, endRow) of one fan slice: every view, every x, views taken in blocks that
     * stay in the core's cache while every row of the range uses them. A voxel's depth along the
     * central ray and its lateral position move linearly along a row, so each view's pass needs
     * one division per voxel (flat) or one arctangent and one division (arc). Fan rows are stored
     * with a zero border one bin wide, so interpolation anywhere within a bin of the detector
     * stays inside.
     */
    private void backProjectFanRows(float[] filtered, float[] output, int sliceOffset, int firstRow, int endRow) {
        int nx = volume.nx();
        // + 1: the zero border; a detector coordinate d (mm, or arc length) is column d * scale + origin
        double columnScale = sourceToDetector / columnSpacing;
        double columnOrigin = (columns - 1) / 2.0 - offsetU / columnSpacing + 1;
        for (int firstView = 0; firstView < angles.length; firstView += FAN_VIEW_BLOCK) {
            int endView = Math.min(angles.length, firstView + FAN_VIEW_BLOCK);
            for (int y = firstRow; y < endRow; y++) {
                double py = volume.y(y);
                int rowOffset = sliceOffset + y * nx;
                for (int view = firstView; view < endView; view++) {
                    double sin = Math.sin(angles[view]);
                    double cos = Math.cos(angles[view]);
                    FanRow row = new FanRow(sourceToAxis - volume.x(0) * sin + py * cos, -volume.dx() * sin,
                            volume.x(0) * cos + py * sin, volume.dx() * cos, columnScale, columnOrigin);
                    int base = view * (columns + 2);
                    accumulateFanRow(filtered, base, columns, row, arc, sourceToAxis, output, rowOffset, nx);
                }
            }
        }
    }

    /**
     * One view's line of voxels along a fan-beam image row: depth along the central ray (-sin,
     * cos) and lateral position along +u (cos, sin) at voxel 0 and their steps per voxel; the
     * detector's column = coordinate * columnScale + columnOrigin.
     */
    private record FanRow(double depth, double depthStep, double lateral, double lateralStep,
                          double columnScale, double columnOrigin) {
    }

    /**
     * One view along one image row. Flat detector: coordinate SDD * lateral / depth, distance
     * weight (SOD / depth)^2; arc: coordinate SDD * fan angle, weight 1 / |voxel - source|^2. Each
     * takes one division a voxel (depth > 0: the source is outside the volume).
     */
    private static void accumulateFanRow(float[] filtered, int base, int columns, FanRow row, boolean arc,
                                         double sourceToAxis, float[] output, int rowOffset, int count) {
        double depthStart = row.depth();
        double depthStep = row.depthStep();
        double lateralStart = row.lateral();
        double lateralStep = row.lateralStep();
        double scale = row.columnScale();
        double origin = row.columnOrigin();
        for (int x = 0; x < count; x++) {
            double depth = depthStart + x * depthStep;
            double lateral = lateralStart + x * lateralStep;
            double column;
            double weight;
            if (arc) {
                double squaredDistance = depth * depth + lateral * lateral;
                double inverse = 1 / (depth * squaredDistance); // gives lateral / depth and 1 / squaredDistance
                column = Arctangent.of(lateral * squaredDistance * inverse) * scale + origin;
                weight = depth * inverse;
            } else {
                double inverseDepth = 1 / depth;
                column = lateral * inverseDepth * scale + origin;
                weight = sourceToAxis * sourceToAxis * inverseDepth * inverseDepth;
            }
            if (column > 0 && column < columns + 1) {
                output[rowOffset + x] += (float) weight * interpolate(filtered, base, column);
            }
        }
    }

    /** Linear interpolation in a zero-bordered row at padded column {@code column}, in (0, columns + 1). */
    private static float interpolate(float[] filtered, int base, double column) {
        int index = (int) column;
        float fraction = (float) (column - index);
        float left = filtered[base + index];
        return left + fraction * (filtered[base + index + 1] - left);
    }

    /**
     * Cone-beam projections are kept column by column (rows fastest), so that a voxel column,
     * which meets one detector column per view, reads it in order; and with a zero border one
     * pixel wide, so that bilinear interpolation anywhere within one pixel of the detector reads
     * no index out of range.
     */
    private int paddedIndex(int view, int row, int column) {
        return (view * (columns + 2) + column + 1) * (rows + 2) + row + 1;
    }

    /**
     * Row y of voxels (all x and z) from every view. The voxels of one (x, y) column share their
     * detector column, interpolation weight across columns and distance weight in each view, and
     * their detector row moves linearly with z; so each (view, x) walks one detector column down
     * z, in 32.32 fixed point as the parallel-beam loop does. Sums build in an (x, z) plane, z
     * fastest, copied to the volume at the end.
     */
    private void backProjectConeRow(float[] filtered, float[] output, int y) {
        int nx = volume.nx();
        int nz = volume.nz();
        int paddedRows = rows + 2;
        double py = volume.y(y);
        float[] plane = new float[nx * nz];
        // + 1: the zero border. Per voxel: column = lateral / depth * columnScale + columnOrigin, and
        // the detector row of slice z = rowOrigin + z(z) * rowScale / depth
        double columnScale = sourceToDetector / columnSpacing;
        double columnOrigin = (columns - 1) / 2.0 - offsetU / columnSpacing + 1;
        double rowScale = sourceToDetector / rowSpacing;
        double rowOrigin = (rows - 1) / 2.0 - offsetV / rowSpacing + 1;
        double bottom = volume.z(0);
        double slicesPerRowAndDepth = 1 / (volume.dz() * rowScale);
        for (int view = 0; view < angles.length; view++) {
            double sin = Math.sin(angles[view]);
            double cos = Math.cos(angles[view]);
            int viewBase = view * (columns + 2) * paddedRows;
            for (int x = 0; x < nx; x++) {
                double px = volume.x(x);
                double depth = sourceToAxis - px * sin + py * cos;
                double inverseDepth = 1 / depth;
                double column = (px * cos + py * sin) * inverseDepth * columnScale + columnOrigin;
                if (!(column > 0 && column < columns + 1)) {
                    continue;
                }
                // the slices whose row is on the detector, in (0, rows + 1)
                double firstRow = rowOrigin + bottom * rowScale * inverseDepth;
                double rowStep = volume.dz() * rowScale * inverseDepth;
                double slicesPerRow = depth * slicesPerRowAndDepth;
                int first = (int) Math.max(0, Math.min(nz, Math.floor(-firstRow * slicesPerRow) + 1));
                int end = (int) Math.max(first, Math.min(nz, Math.ceil((rows + 1 - firstRow) * slicesPerRow)));
                long step = Math.round(rowStep * FIXED_ONE);
                long start = (long) ((firstRow + first * rowStep) * FIXED_ONE);
                // fixed-point rounding must not take the walk's last row past the detector's last
                while (end > first && (start + (end - 1L - first) * step) >>> 32 > rows) {
                    end--;
                }
                int columnIndex = (int) column;
                double ratio = sourceToAxis * inverseDepth;
                accumulateColumn(filtered, viewBase + columnIndex * paddedRows, paddedRows,
                        (float) (column - columnIndex), (float) (ratio * ratio), start, step, plane, x * nz + first,
                        end - first);
            }
        }
        for (int z = 0; z < nz; z++) {
            int outputBase = (z * volume.ny() + y) * nx;
            for (int x = 0; x < nx; x++) {
                output[outputBase + x] = plane[x * nz + z];
            }
        }
    }

    /**
     * Adds one view to {@code count} voxels of a column: bilinear interpolation between the
     * detector columns at {@code columnBase} and {@code columnBase + paddedRows} (weight
     * {@code across} to the second), the row walking from {@code position} by {@code step} (32.32
     * fixed point, step > 0), times the distance weight. The row moves one way, so its two ends
     * bound every index read: proved inside the arrays, the loop runs without bounds checks.
     */
    private static void accumulateColumn(float[] filtered, int columnBase, int paddedRows, float across, float weight,
                                         long position, long step, float[] plane, int planeOffset, int count) {
        if (count <= 0) {
            return;
        }
        long last = position + (count - 1L) * step;
        if (RawFloats.AVAILABLE && position >= 0 && step > 0 && last >= 0 && columnBase >= 0
                && columnBase + paddedRows + (last >>> 32) + 1 < filtered.length
                && planeOffset >= 0 && planeOffset <= plane.length - count) {
            accumulateColumnUnchecked(filtered, columnBase, paddedRows, across, weight, position, step, plane,
                    planeOffset, count);
            return;
        }
        for (int i = 0; i < count; i++) {
            int at = columnBase + (int) (position >>> 32);
            float down = (float) (position & FRACTION_BITS) * FIXED_FRACTION;
            float near = filtered[at] + down * (filtered[at + 1] - filtered[at]);
            float far = filtered[at + paddedRows] + down * (filtered[at + paddedRows + 1] - filtered[at + paddedRows]);
            plane[planeOffset + i] += weight * (near + across * (far - near));
            position += step;
        }
    }

    /** {@link #accumulateColumn}'s loop after its range proof: the same arithmetic, the same bits. */
    private static void accumulateColumnUnchecked(float[] filtered, int columnBase, int paddedRows, float across,
                                                  float weight, long position, long step, float[] plane,
                                                  int planeOffset, int count) {
        long columnStart = RawFloats.BASE + 4L * columnBase;
        long nextColumn = 4L * paddedRows;
        long planeStart = RawFloats.BASE + 4L * planeOffset;
        for (int i = 0; i < count; i++) {
            long at = columnStart + 4 * (position >>> 32);
            float down = (float) (position & FRACTION_BITS) * FIXED_FRACTION;
            float upper = RawFloats.UNSAFE.getFloat(filtered, at);
            float lower = RawFloats.UNSAFE.getFloat(filtered, at + 4);
            float upperNext = RawFloats.UNSAFE.getFloat(filtered, at + nextColumn);
            float lowerNext = RawFloats.UNSAFE.getFloat(filtered, at + nextColumn + 4);
            float near = upper + down * (lower - upper);
            float far = upperNext + down * (lowerNext - upperNext);
            long voxel = planeStart + 4L * i;
            RawFloats.UNSAFE.putFloat(plane, voxel,
                    RawFloats.UNSAFE.getFloat(plane, voxel) + weight * (near + across * (far - near)));
            position += step;
        }
    }
}
