package org.recon4j.helical;

/**
 * Helical projections rebinned to parallel rays and filtered, ready for the weighted
 * back-projection. View {@code j} has the in-plane angle {@code firstAngle + (firstView + j) * angleStep},
 * firstAngle being the angle of the scan's first parallel view (Recon4J's parallel convention: {@code t = x cos(theta) + y sin(theta)}), and
 * {@code anglesPerHalfTurn} views make half a turn, so views j and j + anglesPerHalfTurn are
 * complementary; {@code firstView} is view 0's index among all the scan's parallel views, so that
 * the families of views half a turn apart keep their numbering whatever part of the scan was
 * rebinned. Bin n sits at {@code t = firstBin + n * binSpacing}; row r at height
 * {@code firstRow + r * rowSpacing} on a virtual detector {@code rayLength[n]} from the focal
 * centre (in-plane), whose z for view j and bin n is {@code sourceZ[j * bins + n]}.
 *
 * <p>The redundancy weight W of weighted FBP depends on the row alone, so it is applied to the
 * samples here, row by row: a back-projection interpolates the weighted values and, with the same
 * interpolation weights, {@code rowWeights}, and divides the sums. That is a weighted mean whose
 * weights are W at the rows each read touches: the same normalisation as W at the ray's exact
 * height, to within W's curvature over one row, with one multiplication less per read.
 *
 * @param values     {@code [view][bin][row]}, rows fastest (the back-projection reads along rows),
 *                   ramp filtered and multiplied by {@code rowWeights[row]}
 * @param rowWeights W of each row: 0 at the first and last rows, 1 within Q of the centre
 */
public record ParallelProjections(double firstAngle, double angleStep, int firstView, int views, int anglesPerHalfTurn,
                           double firstBin, double binSpacing, int bins, double firstRow, double rowSpacing, int rows,
                           float[] values, float[] rowWeights, float[] sourceZ, float[] rayLength,
                           double sourceToIsocentre) {

    /**
     * View {@code view}'s in-plane angle, computed from its index among all the scan's views so
     * that any part of the scan rebinned gives each view the same bits.
     */
    public double angle(int view) {
        return firstAngle + (firstView + view) * angleStep;
    }

    /** The radius (mm) within which every view's rays cover the axis's surroundings: the field of view. */
    public double fieldOfViewRadius() {
        return Math.max(0, Math.min(-firstBin, firstBin + (bins - 1) * binSpacing));
    }

    /** The largest distance (mm) of a row from the focal centre's height, at the virtual detector. */
    public double largestRowHeight() {
        return Math.max(Math.abs(firstRow), Math.abs(firstRow + (rows - 1) * rowSpacing));
    }
}
