package org.recon4j.algorithm;

import org.recon4j.InvalidInputException;
import org.recon4j.Progress;
import org.recon4j.filter.FilterWindow;
import org.recon4j.filter.RampFilter;
import org.recon4j.geometry.AngularWeights;
import org.recon4j.geometry.ParallelBeamGeometry;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.util.Checks;
import org.recon4j.util.Parallel;

/**
 * Filtered back-projection for parallel-beam data, one sinogram per volume slice.
 *
 * <p>Per slice: every view is ramp-filtered and multiplied by its angular weight (see
 * {@link AngularWeights}), then back-projected voxel by voxel with linear interpolation
 * between bin centres. Rays that miss the detector contribute zero. Sinograms are
 * {@code p[slice][view][bin]}, the volume {@code v[z][y][x]}; slice z of the volume is
 * reconstructed from sinogram z. Results do not depend on the thread count.
 *
 * <p>An instance holds only immutable set-up and may be used from several threads at once.
 */
public final class ParallelBeamFbp {
    /** Image rows per back-projection task: enough to reuse each cached block of views. */
    private static final int ROW_BLOCK = 16;
    private final ParallelBeamGeometry geometry;
    private final VolumeGeometry volume;
    private final RampFilter filter;
    private final int threads;
    private final float[] viewWeights;
    private final BackProjectionLayout layout;

    public ParallelBeamFbp(ParallelBeamGeometry geometry, VolumeGeometry volume, FilterWindow window,
                           double cutoff, int threads) {
        if (geometry == null || volume == null) {
            throw new InvalidInputException("FBP needs a projection geometry and a volume geometry");
        }
        this.geometry = geometry;
        this.volume = volume;
        this.filter = new RampFilter(geometry.binCount(), geometry.binSpacing(), window, cutoff);
        this.threads = Parallel.resolveThreads(threads);
        double[] weights = AngularWeights.parallel(geometry.angles());
        this.viewWeights = new float[weights.length];
        for (int v = 0; v < weights.length; v++) {
            viewWeights[v] = (float) weights[v];
        }
        this.layout = BackProjectionLayout.of(geometry, volume);
    }

    /** Ram-Lak filter at full bandwidth on all cores. */
    public static ParallelBeamFbp ramLak(ParallelBeamGeometry geometry, VolumeGeometry volume) {
        return new ParallelBeamFbp(geometry, volume, FilterWindow.RAM_LAK, 1.0, 0);
    }

    public ParallelBeamGeometry geometry() {
        return geometry;
    }

    public VolumeGeometry volume() {
        return volume;
    }

    /** The ramp filter applied to every view. */
    public RampFilter filter() {
        return filter;
    }

    /** The angular weight each filtered view is multiplied by. */
    public double viewWeight(int view) {
        return viewWeights[view];
    }

    /** Reconstructs {@code volume.nz()} slices from as many sinograms; returns a new volume. */
    public float[] reconstruct(float[] sinograms) {
        return reconstruct(sinograms, Progress.NONE);
    }

    /** As {@link #reconstruct(float[])}, reporting one unit of progress per slice. */
    public float[] reconstruct(float[] sinograms, Progress progress) {
        Checks.memoryAvailable("the reconstructed volume", 4L * volume.voxelCount());
        float[] result = new float[volume.voxelCount()];
        reconstruct(sinograms, result, progress);
        return result;
    }

    /**
     * Reconstructs into {@code output} (overwritten), reporting one unit of progress per slice.
     *
     * @throws InvalidInputException if the array sizes do not match the geometries or the
     *                               sinograms hold NaN or infinite values
     */
    public void reconstruct(float[] sinograms, float[] output, Progress progress) {
        reconstructSlab(sinograms, 0, volume.nz(), output, progress);
    }

    /**
     * Slices {@code firstSlice} to {@code firstSlice + sliceCount - 1} into {@code output} (those
     * slices only), with the same bits as those slices of {@link #reconstruct}: slices are
     * independent, so a volume split in slabs across machines and put together is the whole.
     */
    public void reconstructSlab(float[] sinograms, int firstSlice, int sliceCount, float[] output, Progress progress) {
        if (firstSlice < 0 || sliceCount < 1 || firstSlice + sliceCount > volume.nz()) {
            throw new InvalidInputException(String.format("slices %d to %d are not inside the volume's %d slices",
                    firstSlice, firstSlice + sliceCount - 1, volume.nz()));
        }
        long expected = (long) volume.nz() * geometry.sinogramSize();
        if (sinograms == null || sinograms.length != expected) {
            throw new InvalidInputException(String.format(
                    "sinogram size mismatch: expected %d bins x %d views x %d slices = %d values, found %s",
                    geometry.binCount(), geometry.viewCount(), volume.nz(), expected,
                    sinograms == null ? "none" : String.valueOf(sinograms.length)));
        }
        Checks.length("output slab", output, sliceCount * volume.sliceSize());
        Checks.allFinite("sinogram", sinograms);
        int views = geometry.viewCount();
        float[] filtered = new float[views * layout.pairedRowLength()];
        int rowBlocks = (volume.ny() + ROW_BLOCK - 1) / ROW_BLOCK;
        try (Parallel parallel = new Parallel(threads)) {
            for (int slab = 0; slab < sliceCount; slab++) {
                filterSlice(parallel, sinograms, (firstSlice + slab) * geometry.sinogramSize(), filtered);
                int outputOffset = slab * volume.sliceSize();
                parallel.forEach(rowBlocks, block -> layout.backProjectRows(filtered, output, outputOffset,
                        block * ROW_BLOCK, Math.min(volume.ny(), (block + 1) * ROW_BLOCK)));
                progress.update(slab + 1, sliceCount);
            }
        }
    }

    private void filterSlice(Parallel parallel, float[] sinograms, int sliceOffset, float[] filtered) {
        int bins = geometry.binCount();
        parallel.forEachRange(geometry.viewCount(), (start, end) -> {
            float[] work = new float[filter.paddedLength()];
            float[] row = new float[bins];
            for (int view = start; view < end; view++) {
                filter.filter(sinograms, sliceOffset + view * bins, row, 0, viewWeights[view], work);
                layout.storeRow(row, 0, bins, filtered, view);
            }
        });
    }
}
