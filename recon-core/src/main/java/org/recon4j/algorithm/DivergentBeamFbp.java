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
    private final FanBackProjection fanBackProjection;
    private final ConeBackProjection coneBackProjection;

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
        CircularOrbit orbit = new CircularOrbit(volume, angles, sourceToAxis, sourceToDetector, columns, rows,
                columnSpacing, rowSpacing, offsetU, offsetV);
        this.fanBackProjection = new FanBackProjection(orbit, arc);
        this.coneBackProjection = new ConeBackProjection(orbit);
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
        return reconstructSlab(projections, 0, volume.nz(), progress);
    }

    /**
     * Slices {@code firstSlice} to {@code firstSlice + sliceCount - 1} of the volume, with the
     * same bits as those slices of {@link #reconstruct}: a volume split across machines in slabs
     * and put together is the volume reconstructed whole. Fan beam filters only those slices'
     * sinograms; cone beam filters every projection and back-projects the slab.
     */
    public float[] reconstructSlab(float[] projections, int firstSlice, int sliceCount, Progress progress) {
        if (firstSlice < 0 || sliceCount < 1 || firstSlice + sliceCount > volume.nz()) {
            throw new InvalidInputException(String.format("slices %d to %d are not inside the volume's %d slices",
                    firstSlice, firstSlice + sliceCount - 1, volume.nz()));
        }
        if (projections == null || projections.length != projectionSize()) {
            throw new InvalidInputException(cone
                    ? String.format("projection size mismatch: expected %d columns x %d rows x %d views = %d values, found %s",
                            columns, rows, angles.length, projectionSize(), projections == null ? "none" : projections.length)
                    : String.format("sinogram size mismatch: expected %d bins x %d views x %d slices = %d values, found %s",
                            columns, angles.length, volume.nz(), projectionSize(), projections == null ? "none" : projections.length));
        }
        Checks.allFinite(cone ? "projections" : "sinogram", projections);
        Checks.memoryAvailable("the reconstructed volume and filtered projections",
                4L * sliceCount * volume.sliceSize() + 4L * (cone ? projectionSize() : (long) angles.length * columns));
        float[] output = new float[sliceCount * volume.sliceSize()];
        try (Parallel parallel = new Parallel(threads)) {
            if (cone) {
                float[] filtered = new float[coneBackProjection.filteredLength()];
                weightAndFilter(parallel, projections, 0, filtered, rows, 0);
                parallel.forEach(volume.ny(), y -> coneBackProjection.backProjectRow(filtered, output, y, firstSlice,
                        sliceCount));
                progress.update(1, 1);
            } else {
                float[] filtered = new float[fanBackProjection.filteredLength()];
                for (int slab = 0; slab < sliceCount; slab++) {
                    int slice = firstSlice + slab;
                    weightAndFilter(parallel, projections, slice * angles.length * columns, filtered, 1, slice);
                    int sliceOffset = slab * volume.sliceSize();
                    int block = FanBackProjection.ROW_BLOCK;
                    parallel.forEach((volume.ny() + block - 1) / block, task -> fanBackProjection.backProjectRows(
                            filtered, output, sliceOffset, task * block, Math.min(volume.ny(), (task + 1) * block)));
                    progress.update(slab + 1, sliceCount);
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
                            filtered[coneBackProjection.paddedIndex(view, r, m)] = filteredRow[m];
                        }
                    } else {
                        filter.filter(row, 0, filtered, fanBackProjection.firstBin(view), 1f, work);
                    }
                }
            }
        });
    }

}
