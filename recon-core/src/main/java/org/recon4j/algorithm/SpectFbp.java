package org.recon4j.algorithm;

import org.recon4j.InvalidInputException;
import org.recon4j.filter.FilterWindow;
import org.recon4j.geometry.ParallelBeamGeometry;
import org.recon4j.geometry.SpectGeometry;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.projector.SpectProjector;
import org.recon4j.util.Checks;

/**
 * FBP for SPECT, for comparison with OSEM: each detector row is a parallel-beam sinogram (camera
 * angle a is the parallel angle theta = -a, see {@link SpectGeometry}), reconstructed by
 * {@link ParallelBeamFbp}; optionally followed by Chang's first-order attenuation correction
 * (Chang 1978): each voxel divided by the mean over views of its attenuation factor. The
 * collimator response is not corrected. Detector rows must coincide with the volume's slices.
 *
 * <p>The SPECT projector's counts are sums over voxels, with no voxel-size factor (as STIR's), so
 * a bin of width du sees {@code du / (dx dy)} voxel centres per mm of path: the data are scaled by
 * {@code dx dy / du} into line integrals before FBP, and the image comes out in the projector's
 * units (counts per voxel), comparable with OSEM's.
 */
public final class SpectFbp {
    private SpectFbp() {
    }

    /**
     * @param chang the projector whose attenuation map gives Chang's factors, or null for none
     */
    public static float[] reconstruct(float[] projections, SpectGeometry geometry, VolumeGeometry volume,
                                      FilterWindow window, double cutoff, SpectProjector chang, int threads) {
        Checks.length("SPECT projections", projections, geometry.projectionSize());
        if (geometry.rows() != volume.nz() || Math.abs(geometry.rowSpacing() - volume.dz()) > 1e-9 * volume.dz()) {
            throw new InvalidInputException(String.format(
                    "SPECT FBP needs one volume slice per detector row: %d rows of %.4g mm, found %d slices of %.4g mm",
                    geometry.rows(), geometry.rowSpacing(), volume.nz(), volume.dz()));
        }
        int views = geometry.viewCount();
        int columns = geometry.columns();
        double[] angles = new double[views];
        for (int v = 0; v < views; v++) {
            angles[v] = -geometry.angle(v);
        }
        float scale = (float) (volume.dx() * volume.dy() / geometry.columnSpacing());
        float[] sinograms = new float[projections.length];
        for (int view = 0; view < views; view++) {
            for (int row = 0; row < geometry.rows(); row++) {
                int from = (view * geometry.rows() + row) * columns;
                int to = (row * views + view) * columns;
                for (int m = 0; m < columns; m++) {
                    sinograms[to + m] = projections[from + m] * scale;
                }
            }
        }
        ParallelBeamGeometry parallel = ParallelBeamGeometry.of(angles, columns, geometry.columnSpacing(),
                geometry.offsetU());
        float[] image = new ParallelBeamFbp(parallel, volume, window, cutoff, threads).reconstruct(sinograms);
        if (chang != null) {
            float[] mean = chang.meanAttenuationFactors();
            for (int j = 0; j < image.length; j++) {
                image[j] = mean[j] > 0 ? image[j] / mean[j] : 0f;
            }
        }
        return image;
    }
}
