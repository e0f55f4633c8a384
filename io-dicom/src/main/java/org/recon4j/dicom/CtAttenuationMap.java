package org.recon4j.dicom;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.recon4j.InvalidInputException;
import org.recon4j.geometry.SpectGeometry;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.io.FloatVolume;
import org.recon4j.spect.AttenuationFromCt;

/**
 * The attenuation map of a SPECT reconstruction made from the CT of the same study: the CT's
 * numbers turned into mu (1/cm) at the emission's energy, registered by patient coordinates and
 * resampled by partial volumes onto the reconstruction grid (see
 * {@link AttenuationFromCt#resampleCovered}). The CT's couch is kept: it lies between the body
 * and the camera in the posterior views and attenuates. Whatever lies beyond the camera's
 * farthest orbit is cleared: a camera occupies that space, so no photon it counts crossed it.
 *
 * @param mu          mu (1/cm) on the grid
 * @param axisPosition the patient position (LPS mm) of the grid's frame origin that was used
 * @param coverage    which slices the CT covered
 */
public record CtAttenuationMap(float[] mu, double[] axisPosition, AttenuationFromCt.Resampled coverage) {

    /**
     * @param geometry     the projections' geometry
     * @param acquisition  the DICOM projections, or null for projections that carry no patient
     *                     placement (Interfile, MetaImage): the grid is then centred on the CT
     * @param axisPosition where the grid's origin (rotation axis, central detector row) lies in
     *                     the CT's patient coordinates; null to take it from the projections,
     *                     which must then share the CT's Frame of Reference
     */
    public static CtAttenuationMap of(Path ctSeries, SpectGeometry geometry, NmProjections.Acquisition acquisition,
                                      String projectionsName, VolumeGeometry grid, double photonKeV, double ctKeV,
                                      double[] axisPosition) throws IOException {
        CtSeries.Series ct = CtSeries.readSeries(ctSeries);
        FloatVolume hu = ct.hu();
        double[] axis = axisPosition != null ? axisPosition
                : acquisition != null ? registration(ct, acquisition, projectionsName, ctSeries) : centre(hu);
        float[] muOnCt = AttenuationFromCt.bilinear(hu.data(), photonKeV, ctKeV);
        FloatVolume map = new FloatVolume(hu.size(), hu.spacing(), hu.origin(), muOnCt);
        AttenuationFromCt.Resampled resampled = AttenuationFromCt.resampleCovered(map, grid, axis);
        clearBeyondOrbit(resampled.values(), grid, geometry);
        return new CtAttenuationMap(resampled.values(), axis, resampled);
    }

    private static double[] centre(FloatVolume volume) {
        double[] centre = new double[3];
        for (int axis = 0; axis < 3; axis++) {
            centre[axis] = volume.origin()[axis] + (volume.size(axis) - 1) / 2.0 * volume.spacing(axis);
        }
        return centre;
    }

    /** One line on how the CT covered the grid, for the user. */
    public String describe(VolumeGeometry grid) {
        int outside = coverage.extrapolatedSlices(grid.nz());
        String text = String.format(Locale.ROOT, "attenuation from the CT, registered in patient coordinates (rotation axis at"
                + " %.1f, %.1f, %.1f mm)", axisPosition[0], axisPosition[1], axisPosition[2]);
        if (outside == 0) {
            return text + "; the CT covers every slice";
        }
        return text + String.format(Locale.ROOT, "; %d of %d slices lie beyond the CT's ends and copy its nearest covered "
                + "slice (covered: slices %d-%d)", outside, grid.nz(), coverage.firstCovered() + 1, coverage.lastCovered() + 1);
    }

    private static double[] registration(CtSeries.Series ct, NmProjections.Acquisition acquisition, String projectionsName,
                                         Path ctSeries) {
        NmProjections.Placement placement = acquisition.placement();
        if (!placement.known()) {
            throw new InvalidInputException(projectionsName + " does not say where it lies in the patient (no Image Position"
                    + " (Patient) for its detector); give --mu-ct-centre X,Y,Z");
        }
        String nm = placement.frameOfReferenceUid();
        if (nm.isEmpty() || !nm.equals(ct.frameOfReferenceUid())) {
            throw new InvalidInputException(String.format("%s (Frame of Reference '%s') and the CT %s ('%s') are not in the same "
                    + "Frame of Reference, so their positions cannot be compared; register them and give --mu-ct-centre X,Y,Z",
                    projectionsName, nm, ctSeries.getFileName(), ct.frameOfReferenceUid()));
        }
        return placement.axisPosition().clone();
    }

    private static void clearBeyondOrbit(float[] mu, VolumeGeometry grid, SpectGeometry geometry) {
        double farthest = 0;
        for (int view = 0; view < geometry.viewCount(); view++) {
            farthest = Math.max(farthest, geometry.radius(view));
        }
        double limit = farthest * farthest;
        for (int y = 0; y < grid.ny(); y++) {
            for (int x = 0; x < grid.nx(); x++) {
                if (grid.x(x) * grid.x(x) + grid.y(y) * grid.y(y) > limit) {
                    for (int z = 0; z < grid.nz(); z++) {
                        mu[(z * grid.ny() + y) * grid.nx() + x] = 0;
                    }
                }
            }
        }
    }
}
