package org.recon4j.geometry;

import java.util.Arrays;
import org.recon4j.InvalidInputException;
import org.recon4j.util.Checks;

/**
 * Parallel-beam acquisition: a list of view angles and a line detector. A ray of view
 * {@code theta} at detector position {@code t} is the line {@code x cos(theta) + y sin(theta) = t};
 * bin centres are {@code t_m = (m - (nb-1)/2) * spacing + offset}. Angles are in radians and may
 * be any list (short, sparse or over 360 degrees). A 3D acquisition is a stack of such sinograms,
 * one per volume slice, laid out {@code p[slice][view][bin]}.
 */
public final class ParallelBeamGeometry {
    private final double[] angles;
    private final int binCount;
    private final double binSpacing;
    private final double detectorOffset;

    private ParallelBeamGeometry(double[] angles, int binCount, double binSpacing, double detectorOffset) {
        this.angles = Angles.checkedCopy(angles, "parallel-beam");
        this.binCount = Checks.positive("detector bin count", binCount);
        this.binSpacing = Checks.positiveFinite("detector bin spacing", binSpacing);
        this.detectorOffset = Checks.finite("detector offset", detectorOffset);
    }

    /** A geometry with the given view angles (radians), bin count, spacing (mm) and offset (mm). */
    public static ParallelBeamGeometry of(double[] anglesRadians, int binCount, double binSpacing, double detectorOffset) {
        return new ParallelBeamGeometry(anglesRadians, binCount, binSpacing, detectorOffset);
    }

    /** {@code views} angles evenly spaced over [0, arc) radians, centred detector. */
    public static ParallelBeamGeometry uniform(int views, double arcRadians, int binCount, double binSpacing) {
        return new ParallelBeamGeometry(Angles.evenlySpaced(views, arcRadians), binCount, binSpacing, 0);
    }

    public ParallelBeamGeometry withDetectorOffset(double offset) {
        return new ParallelBeamGeometry(angles, binCount, binSpacing, offset);
    }

    public int viewCount() {
        return angles.length;
    }

    public double angle(int view) {
        return angles[view];
    }

    public double[] angles() {
        return angles.clone();
    }

    public int binCount() {
        return binCount;
    }

    public double binSpacing() {
        return binSpacing;
    }

    public double detectorOffset() {
        return detectorOffset;
    }

    /** Detector coordinate t (mm) of bin centre m. */
    public double binPosition(int bin) {
        return (bin - (binCount - 1) / 2.0) * binSpacing + detectorOffset;
    }

    /** Values in one sinogram (one slice). */
    public int sinogramSize() {
        return angles.length * binCount;
    }

    /** The rays of this geometry for a stack of sinograms, one per slice of {@code volume}. */
    public Rays rays(VolumeGeometry volume) {
        return new SliceRays(angles.length, binCount, volume) {
            @Override
            void inPlane(int view, int bin, double[] out) {
                double cos = Math.cos(angles[view]);
                double sin = Math.sin(angles[view]);
                double t = binPosition(bin);
                out[0] = t * cos;
                out[1] = t * sin;
                out[3] = -sin;
                out[4] = cos;
            }
        };
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ParallelBeamGeometry that
                && Arrays.equals(angles, that.angles) && binCount == that.binCount
                && binSpacing == that.binSpacing && detectorOffset == that.detectorOffset;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(angles) + Double.hashCode(binSpacing) + 7 * binCount + Double.hashCode(detectorOffset);
    }

    @Override
    public String toString() {
        return String.format("ParallelBeamGeometry[%d views, %d bins x %.4g mm, offset %.4g mm]",
                angles.length, binCount, binSpacing, detectorOffset);
    }
}
