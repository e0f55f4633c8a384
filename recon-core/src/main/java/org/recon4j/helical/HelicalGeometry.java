package org.recon4j.helical;

import java.util.Locale;
import org.recon4j.InvalidInputException;
import org.recon4j.util.Checks;

/**
 * A helical (or axial) multi-row CT scan in Recon4J's patient frame (LPS, mm). View {@code i}'s
 * focal centre sits at {@code R (sin beta_i, -cos beta_i, 0) + (0, 0, z_i)}, the detector faces
 * it across the rotation axis (see {@link MultiRowDetector}), and its source is the focal centre
 * moved by the flying focal spot position {@code i mod count} ({@link FocalSpots}). The source
 * angles are unwrapped (they may grow or fall) and evenly spaced; the table may move either way.
 *
 * @param sourceAngles    beta per view (radians)
 * @param sourceZ         the focal centre's z per view (mm)
 * @param viewsPerTurn    views per turn as the scanner states it (all focal positions counted)
 */
public record HelicalGeometry(MultiRowDetector detector, double sourceToIsocentre, double[] sourceAngles,
                              double[] sourceZ, FocalSpots focalSpots, int viewsPerTurn) {

    public HelicalGeometry {
        Checks.positiveFinite("source-to-isocentre distance", sourceToIsocentre);
        if (detector.sourceToDetector() <= sourceToIsocentre) {
            throw new InvalidInputException(String.format(Locale.ROOT,
                    "the detector (%.1f mm from the source) must lie beyond the isocentre (%.1f mm)",
                    detector.sourceToDetector(), sourceToIsocentre));
        }
        if (sourceAngles.length < 2 || sourceAngles.length != sourceZ.length) {
            throw new InvalidInputException("a helical scan needs at least 2 views, each with an angle and a z position; found "
                    + sourceAngles.length + " angles and " + sourceZ.length + " positions");
        }
        for (int i = 0; i < sourceAngles.length; i++) {
            Checks.finite("source angle", sourceAngles[i]);
            Checks.finite("source z", sourceZ[i]);
        }
        Checks.positive("views per turn", viewsPerTurn);
    }

    public int viewCount() {
        return sourceAngles.length;
    }

    /** The mean angle (radians) between consecutive views; negative when beta falls. */
    public double angleStep() {
        return (sourceAngles[viewCount() - 1] - sourceAngles[0]) / (viewCount() - 1);
    }

    /** The table feed per turn of the source (mm, signed along z). */
    public double feedPerTurn() {
        double turns = (sourceAngles[viewCount() - 1] - sourceAngles[0]) / (2 * Math.PI);
        return turns == 0 ? 0 : (sourceZ[viewCount() - 1] - sourceZ[0]) / Math.abs(turns);
    }

    /** The detector's height (mm) scaled to the rotation axis: the z width of one view's cone there. */
    public double collimatedWidth() {
        MultiRowDetector d = detector;
        return d.rows() * d.rowPitch() * sourceToIsocentre / d.sourceToDetector();
    }

    /** The pitch factor: table feed per turn over the collimated width. */
    public double pitch() {
        return Math.abs(feedPerTurn()) / collimatedWidth();
    }

    public boolean isHelical() {
        return Math.abs(sourceZ[viewCount() - 1] - sourceZ[0]) > 1e-3;
    }

    /**
     * The z range (mm) whose slices every in-plane direction reaches with data on both sides:
     * from the lowest focal centre plus half the collimated width to the highest minus it; for an
     * axial scan, the collimated width about the focal centre.
     */
    public double[] reconstructableZ() {
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (double z : sourceZ) {
            low = Math.min(low, z);
            high = Math.max(high, z);
        }
        double half = collimatedWidth() / 2;
        return isHelical() ? new double[] {low + half, high - half} : new double[] {low - half, high + half};
    }

    /**
     * Refuses views that are not evenly spaced in angle (a missing or repeated view), naming the
     * first pair of neighbours found more than a quarter step off the mean step.
     */
    public void requireEvenViews() {
        double step = angleStep();
        if (!(Math.abs(step) > 0)) {
            throw new InvalidInputException("the views do not rotate: every view has the source angle " + sourceAngles[0]);
        }
        for (int i = 1; i < viewCount(); i++) {
            double gap = sourceAngles[i] - sourceAngles[i - 1];
            if (Math.abs(gap - step) > 0.25 * Math.abs(step)) {
                throw new InvalidInputException(String.format(Locale.ROOT,
                        "views are not evenly spaced in angle: views %d and %d are %.4f degrees apart, the scan's step is"
                                + " %.4f degrees (a missing or repeated view?)", i, i + 1, Math.toDegrees(Math.abs(gap)),
                        Math.toDegrees(Math.abs(step))));
            }
        }
    }

    /** The turns the views cover, counting one step for the last view. */
    public double turns() {
        return (Math.abs(sourceAngles[viewCount() - 1] - sourceAngles[0]) + Math.abs(angleStep())) / (2 * Math.PI);
    }

    /** A few lines for {@code recon info}. */
    public String describe() {
        double[] range = reconstructableZ();
        return String.format(Locale.ROOT, "%s: %.2f turns, %d views a turn, table feed %.2f mm a turn (%s), pitch %.3f%n"
                        + "focal centre z %.2f .. %.2f mm; collimated width %.2f mm; reconstructable z %.2f .. %.2f mm",
                isHelical() ? "helical" : "axial", turns(), viewsPerTurn, Math.abs(feedPerTurn()),
                feedPerTurn() >= 0 ? "toward +z" : "toward -z", pitch(), sourceZ[0], sourceZ[viewCount() - 1],
                collimatedWidth(), range[0], range[1]);
    }
}
