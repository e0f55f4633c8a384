package org.recon4j.algorithm;

import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.util.RawFloats;
import org.recon4j.util.FixedPoint;

/** FDK's back-projection of filtered cone-beam projections, one row of voxels (all x and z) at a time. */
final class ConeBackProjection {
    private final CircularOrbit orbit;
    // + 1: the zero border. Per voxel: column = lateral / depth * columnScale + columnOrigin, and
    // the detector row of slice z = rowOrigin + z(z) * rowScale / depth
    private final double columnScale;
    private final double columnOrigin;
    private final double rowScale;
    private final double rowOrigin;

    ConeBackProjection(CircularOrbit orbit) {
        this.orbit = orbit;
        this.columnScale = orbit.sourceToDetector() / orbit.columnSpacing();
        this.columnOrigin = (orbit.columns() - 1) / 2.0 - orbit.offsetU() / orbit.columnSpacing() + 1;
        this.rowScale = orbit.sourceToDetector() / orbit.rowSpacing();
        this.rowOrigin = (orbit.rows() - 1) / 2.0 - orbit.offsetV() / orbit.rowSpacing() + 1;
    }

    /**
     * Cone-beam projections are kept column by column (rows fastest), so that a voxel column,
     * which meets one detector column per view, reads it in order; and with a zero border one
     * pixel wide, so that bilinear interpolation anywhere within one pixel of the detector reads
     * no index out of range.
     */
    int paddedIndex(int view, int row, int column) {
        return columnStart(view, column + 1) + row + 1;
    }

    /** The index of padded row 0 (the border) of padded column {@code paddedColumn} of {@code view}. */
    private int columnStart(int view, int paddedColumn) {
        return (view * (orbit.columns() + 2) + paddedColumn) * (orbit.rows() + 2);
    }

    /** Floats in the filtered projections. */
    int filteredLength() {
        return columnStart(orbit.angles().length, 0);
    }

    /**
     * Row y of voxels (all x and z) from every view. The voxels of one (x, y) column share their
     * detector column, interpolation weight across columns and distance weight in each view, and
     * their detector row moves linearly with z; so each (view, x) walks one detector column down
     * z, in 32.32 fixed point as the parallel-beam loop does. Sums build in an (x, z) plane, z
     * fastest, copied to the volume at the end.
     *
     * <p>Only slices {@code firstSlice} to {@code firstSlice + sliceCount - 1} are computed, into
     * {@code output} holding just those slices; each voxel's walk position is the one the whole
     * volume's walk reaches there, so a slab has the same bits as the same slices of the whole.
     */
    void backProjectRow(float[] filtered, float[] output, int y, int firstSlice, int sliceCount) {
        VolumeGeometry volume = orbit.volume();
        double[] angles = orbit.angles();
        int columns = orbit.columns();
        int rows = orbit.rows();
        double sourceToAxis = orbit.sourceToAxis();
        int nx = volume.nx();
        int nz = volume.nz();
        int paddedRows = rows + 2;
        double py = volume.y(y);
        int lastSlice = firstSlice + sliceCount;
        float[] plane = new float[nx * sliceCount];
        double bottom = volume.z(0);
        double slicesPerRowAndDepth = 1 / (volume.dz() * rowScale);
        for (int view = 0; view < angles.length; view++) {
            double sin = Math.sin(angles[view]);
            double cos = Math.cos(angles[view]);
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
                long step = Math.round(rowStep * FixedPoint.ONE);
                long start = (long) ((firstRow + first * rowStep) * FixedPoint.ONE);
                // fixed-point rounding must not take the walk's last row past the detector's last
                while (end > first && (start + (end - 1L - first) * step) >>> 32 > rows) {
                    end--;
                }
                int from = Math.max(first, firstSlice);
                int to = Math.min(end, lastSlice);
                int columnIndex = (int) column;
                double ratio = sourceToAxis * inverseDepth;
                accumulateColumn(filtered, columnStart(view, columnIndex), paddedRows,
                        (float) (column - columnIndex), (float) (ratio * ratio), start + (from - first) * step, step,
                        plane, x * sliceCount + from - firstSlice, to - from);
            }
        }
        for (int z = 0; z < sliceCount; z++) {
            int outputBase = (z * volume.ny() + y) * nx;
            for (int x = 0; x < nx; x++) {
                output[outputBase + x] = plane[x * sliceCount + z];
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
            float down = (float) (position & FixedPoint.FRACTION_BITS) * FixedPoint.FRACTION_UNIT;
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
        long columnAddress = RawFloats.BASE + 4L * columnBase;
        long nextColumn = 4L * paddedRows;
        long planeStart = RawFloats.BASE + 4L * planeOffset;
        for (int i = 0; i < count; i++) {
            long at = columnAddress + 4 * (position >>> 32);
            float down = (float) (position & FixedPoint.FRACTION_BITS) * FixedPoint.FRACTION_UNIT;
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
