package org.recon4j.algorithm;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.recon4j.InvalidInputException;
import org.recon4j.geometry.ParallelBeamGeometry;
import org.recon4j.util.Checks;

/**
 * Estimates a parallel-beam detector offset (the shifted centre of rotation) from the data.
 *
 * <p>The centre of mass of each view of an object that the detector sees whole traces a
 * sinusoid, {@code c(theta) = x_c cos(theta) + y_c sin(theta)}, about the rotation axis. A
 * wrong detector offset adds a constant, so a least-squares fit of
 * {@code a cos + b sin + constant} over all views yields the offset. Every angle set with
 * three or more distinct directions works: no opposing views needed, nothing reconstructed.
 * It assumes untruncated projections of positive values (attenuation line integrals).
 */
public final class CentreOfRotation {
    private CentreOfRotation() {
    }

    /** The result: the detector offset that centres the data (mm), and the fit's RMS residual (mm). */
    public record Estimate(double detectorOffset, double residual) {
    }

    /**
     * @param sinograms  {@code [slice][view][bin]} as {@code geometry} describes (its own offset
     *                   is taken as the starting point)
     */
    public static Estimate estimate(float[] sinograms, ParallelBeamGeometry geometry) {
        int views = geometry.viewCount();
        int bins = geometry.binCount();
        if (sinograms == null || sinograms.length % geometry.sinogramSize() != 0 || sinograms.length == 0) {
            throw new InvalidInputException(String.format("expected a whole number of sinograms of %d bins x %d views, found %s values",
                    bins, views, sinograms == null ? "no" : String.valueOf(sinograms.length)));
        }
        Checks.allFinite("sinogram", sinograms);
        int slices = sinograms.length / geometry.sinogramSize();
        DMatrixRMaj design = new DMatrixRMaj(views, 3);
        DMatrixRMaj centres = new DMatrixRMaj(views, 1);
        for (int view = 0; view < views; view++) {
            double mass = 0;
            double moment = 0;
            for (int slice = 0; slice < slices; slice++) {
                int base = (slice * views + view) * bins;
                for (int bin = 0; bin < bins; bin++) {
                    double value = sinograms[base + bin];
                    mass += value;
                    moment += value * geometry.binPosition(bin);
                }
            }
            if (!(mass > 0)) {
                throw new InvalidInputException("view " + view + " holds no positive signal; the centre of rotation "
                        + "needs projections of an object (line integrals > 0)");
            }
            double theta = geometry.angle(view);
            design.set(view, 0, Math.cos(theta));
            design.set(view, 1, Math.sin(theta));
            design.set(view, 2, 1);
            centres.set(view, 0, moment / mass);
        }
        DMatrixRMaj fit = new DMatrixRMaj(3, 1);
        if (views < 3 || !CommonOps_DDRM.solve(design, centres, fit)) {
            throw new InvalidInputException("the centre of rotation needs views in at least three distinct directions, found "
                    + views + " views");
        }
        double residual = 0;
        for (int view = 0; view < views; view++) {
            double predicted = fit.get(0) * design.get(view, 0) + fit.get(1) * design.get(view, 1) + fit.get(2);
            double difference = centres.get(view) - predicted;
            residual += difference * difference;
        }
        return new Estimate(geometry.detectorOffset() - fit.get(2), Math.sqrt(residual / views));
    }
}
