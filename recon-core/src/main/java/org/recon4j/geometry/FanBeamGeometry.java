package org.recon4j.geometry;

import java.util.Arrays;
import org.recon4j.InvalidInputException;
import org.recon4j.util.Checks;

/**
 * Fan-beam acquisition on a circular orbit, one fan per volume slice. The source of view beta
 * is at {@code R (sin beta, -cos beta)} (R = source-to-axis distance; beta = 0 puts it
 * anterior, -y); the detector axis +u points along {@code (cos beta, sin beta)}. A ray leaving
 * the source at fan angle alpha (toward +u from the central ray) is the parallel ray
 * {@code theta = beta - alpha}, {@code t = R sin(alpha)}.
 *
 * <p>Bins: on a {@link DetectorShape#FLAT} detector at distance SDD from the source,
 * {@code u_m = (m - (nb-1)/2) * spacing + offset} and {@code alpha = atan(u / SDD)}; on an
 * {@link DetectorShape#ARC} detector spacing and offset are arc lengths at radius SDD, so
 * {@code alpha_m = ((m - (nb-1)/2) * spacing + offset) / SDD}. Sinograms are
 * {@code p[slice][view][bin]}.
 */
public final class FanBeamGeometry {
    private final double[] angles;
    private final double sourceToAxis;
    private final double sourceToDetector;
    private final DetectorShape shape;
    private final int binCount;
    private final double binSpacing;
    private final double detectorOffset;

    private FanBeamGeometry(double[] angles, double sourceToAxis, double sourceToDetector, DetectorShape shape,
                            int binCount, double binSpacing, double detectorOffset) {
        this.angles = Angles.checkedCopy(angles, "fan-beam");
        this.sourceToAxis = Checks.positiveFinite("source-to-axis distance (SOD)", sourceToAxis);
        this.sourceToDetector = Checks.positiveFinite("source-to-detector distance (SDD)", sourceToDetector);
        if (sourceToDetector < sourceToAxis) {
            throw new InvalidInputException("the detector must lie beyond the axis: SDD >= SOD expected, found SDD "
                    + sourceToDetector + " < SOD " + sourceToAxis);
        }
        if (shape == null) {
            throw new InvalidInputException("a detector shape (arc or flat) is required");
        }
        this.shape = shape;
        this.binCount = Checks.positive("detector bin count", binCount);
        this.binSpacing = Checks.positiveFinite("detector bin spacing", binSpacing);
        this.detectorOffset = Checks.finite("detector offset", detectorOffset);
        double edge = Math.abs(fanAngle(0));
        double otherEdge = Math.abs(fanAngle(binCount - 1));
        if (Math.max(edge, otherEdge) >= Math.PI / 2) {
            throw new InvalidInputException(String.format(
                    "the fan must be narrower than 180 degrees, found edge rays at %.1f degrees",
                    Math.toDegrees(Math.max(edge, otherEdge))));
        }
    }

    public static FanBeamGeometry of(double[] anglesRadians, double sourceToAxis, double sourceToDetector,
                                     DetectorShape shape, int binCount, double binSpacing, double detectorOffset) {
        return new FanBeamGeometry(anglesRadians, sourceToAxis, sourceToDetector, shape, binCount, binSpacing,
                detectorOffset);
    }

    /** {@code views} source angles evenly spaced over [0, 2 pi), centred detector. */
    public static FanBeamGeometry circular(int views, double sourceToAxis, double sourceToDetector, DetectorShape shape,
                                           int binCount, double binSpacing) {
        return new FanBeamGeometry(Angles.evenlySpaced(views, 2 * Math.PI), sourceToAxis, sourceToDetector, shape,
                binCount, binSpacing, 0);
    }

    public FanBeamGeometry withAngles(double[] anglesRadians) {
        return new FanBeamGeometry(anglesRadians, sourceToAxis, sourceToDetector, shape, binCount, binSpacing,
                detectorOffset);
    }

    public FanBeamGeometry withDetectorOffset(double offset) {
        return new FanBeamGeometry(angles, sourceToAxis, sourceToDetector, shape, binCount, binSpacing, offset);
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

    public double sourceToAxis() {
        return sourceToAxis;
    }

    public double sourceToDetector() {
        return sourceToDetector;
    }

    public DetectorShape shape() {
        return shape;
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

    public int sinogramSize() {
        return angles.length * binCount;
    }

    /** Position of bin m on the detector (mm: along the line, or arc length). */
    public double binPosition(int bin) {
        return (bin - (binCount - 1) / 2.0) * binSpacing + detectorOffset;
    }

    /** Fan angle (radians) of bin m's centre. */
    public double fanAngle(int bin) {
        double position = binPosition(bin);
        return shape == DetectorShape.ARC ? position / sourceToDetector : Math.atan(position / sourceToDetector);
    }

    /** Half the fan's full opening: the largest |alpha| of any bin edge. */
    public double halfFanAngle() {
        double half = 0.5 * binSpacing;
        double low = binPosition(0) - half;
        double high = binPosition(binCount - 1) + half;
        double extent = Math.max(Math.abs(low), Math.abs(high));
        return shape == DetectorShape.ARC ? extent / sourceToDetector : Math.atan(extent / sourceToDetector);
    }

    /** The rays of this geometry for a stack of fans, one per slice of {@code volume}. */
    public Rays rays(VolumeGeometry volume) {
        double[] fan = new double[binCount];
        for (int m = 0; m < binCount; m++) {
            fan[m] = fanAngle(m);
        }
        return new SliceRays(angles.length, binCount, volume) {
            @Override
            void inPlane(int view, int bin, double[] out) {
                double beta = angles[view];
                out[0] = sourceToAxis * Math.sin(beta);
                out[1] = -sourceToAxis * Math.cos(beta);
                double theta = beta - fan[bin];
                out[3] = -Math.sin(theta);
                out[4] = Math.cos(theta);
            }
        };
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FanBeamGeometry that && Arrays.equals(angles, that.angles)
                && sourceToAxis == that.sourceToAxis && sourceToDetector == that.sourceToDetector
                && shape == that.shape && binCount == that.binCount && binSpacing == that.binSpacing
                && detectorOffset == that.detectorOffset;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(angles) * 31 + Double.hashCode(sourceToAxis) + 7 * binCount + shape.hashCode();
    }

    @Override
    public String toString() {
        return String.format("FanBeamGeometry[%d views, SOD %.4g, SDD %.4g, %s, %d bins x %.4g mm, offset %.4g mm]",
                angles.length, sourceToAxis, sourceToDetector, shape, binCount, binSpacing, detectorOffset);
    }
}
