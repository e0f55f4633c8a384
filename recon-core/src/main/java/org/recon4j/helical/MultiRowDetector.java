package org.recon4j.helical;

import org.recon4j.InvalidInputException;
import org.recon4j.geometry.DetectorShape;
import org.recon4j.util.Checks;

/**
 * A multi-row CT detector facing the focal centre: an arc of radius {@code sourceToDetector}
 * centred on the focal centre (equal fan angles) or a flat panel at that distance. Channels run
 * along +u (Recon4J's fan convention: a channel's fan angle is measured from the central ray
 * toward +u), rows along +z. Positions are in mm at the detector; the central element's indices
 * are 0-based and may be fractional.
 */
public record MultiRowDetector(DetectorShape shape, int channels, int rows, double channelPitch, double rowPitch,
                               double centralChannel, double centralRow, double sourceToDetector) {

    public MultiRowDetector {
        if (shape == null) {
            throw new InvalidInputException("the detector shape is required (arc or flat)");
        }
        Checks.positive("detector channels", channels);
        Checks.positive("detector rows", rows);
        Checks.positiveFinite("channel pitch", channelPitch);
        Checks.positiveFinite("row pitch", rowPitch);
        Checks.finite("central channel", centralChannel);
        Checks.finite("central row", centralRow);
        Checks.positiveFinite("source-to-detector distance", sourceToDetector);
    }

    /** The fan angle (radians) of channel {@code channel}, positive toward +u. */
    public double fanAngle(double channel) {
        double u = (channel - centralChannel) * channelPitch;
        return shape == DetectorShape.ARC ? u / sourceToDetector : Math.atan2(u, sourceToDetector);
    }

    /** The height (mm, toward +z) of row {@code row} above the focal centre, at the detector. */
    public double rowHeight(double row) {
        return (row - centralRow) * rowPitch;
    }

    /**
     * The in-plane position of channel {@code channel} for a focal centre at (0, -R) looking along
     * +y, with +u along +x: {@code [x, y]}.
     */
    double[] channelPosition(double channel, double sourceToIsocentre) {
        double u = (channel - centralChannel) * channelPitch;
        if (shape == DetectorShape.ARC) {
            double angle = u / sourceToDetector;
            return new double[] {sourceToDetector * Math.sin(angle), sourceToDetector * Math.cos(angle) - sourceToIsocentre};
        }
        return new double[] {u, sourceToDetector - sourceToIsocentre};
    }
}
