package org.recon4j.qa;

import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.recon4j.InvalidInputException;
import org.recon4j.geometry.SpectGeometry;

/**
 * Centre of rotation and axial alignment of each camera head from a point-source acquisition
 * (the curve-fitting method of IAEA-TECDOC-602). In every view the source's centroid is found
 * in a window about its peak, less the window's edge level; the column centroids of one head
 * follow {@code u(a) = A cos a + B sin a + C} over the camera angles {@code a}, and {@code C}
 * is where the rotation axis projects: the centre-of-rotation offset, measured from the
 * detector's centre ({@code (columns - 1) / 2}) along the row, positive towards increasing
 * column index, in the frames as reconstruction sees them. The row centroids of a head whose
 * face is tilted about its row direction swing with the source's depth,
 * {@code v(a) = A' cos a + B' sin a + C'}: the tilt is {@code atan(hypot(A', B') / hypot(A, B))}.
 */
public final class SpectCentreOfRotation {
    /** Fewer views than this on one head cannot separate a sinusoid from a constant with confidence. */
    private static final int MINIMUM_VIEWS = 4;
    /** Below this source radius (mm) the depth swing is too small to measure a tilt. */
    private static final double MINIMUM_TILT_RADIUS = 20;
    /**
     * A point source's centroids follow the sinusoid to a fraction of a pixel; beyond two pixels
     * (RMS) the views show something else (a patient, several sources) and the fit means nothing.
     */
    private static final double MAXIMUM_RESIDUAL_PIXELS = 2;

    private SpectCentreOfRotation() {
    }

    /**
     * One head's figures (mm and degrees) and the per-view centroids behind them.
     *
     * @param corOffsetMm         where the rotation axis projects, from the detector centre along the row
     * @param corOffsetPixels     the same in column spacings
     * @param sourceRadiusMm      the source's distance from the rotation axis
     * @param columnResidualMm    RMS of the column centroids about the fitted sinusoid
     * @param axialDeviationMm    the largest distance of a view's row centroid from their mean
     * @param axialTiltDegrees    the head's tilt about its row direction (NaN when the source is too near the axis)
     */
    public record Head(int head, int views, double corOffsetMm, double corOffsetPixels, double sourceRadiusMm,
                       double columnResidualMm, double axialDeviationMm, double axialTiltDegrees,
                       double[] anglesDegrees, double[] columnCentroidsMm, double[] columnFitMm, double[] rowCentroidsMm) {
    }

    /**
     * @param projections {@code [view][row][column]} as {@code geometry} describes them
     * @param headOfView  the head (from 0) that took each view
     */
    public static List<Head> measure(float[] projections, SpectGeometry geometry, int[] headOfView) {
        int views = geometry.viewCount();
        if (projections.length != (long) views * geometry.frameSize()) {
            throw new InvalidInputException(String.format("expected %d views of %d x %d, found %d values", views,
                    geometry.columns(), geometry.rows(), projections.length));
        }
        if (headOfView.length != views) {
            throw new InvalidInputException("expected a head for each of " + views + " views, found " + headOfView.length);
        }
        double[][] centroids = new double[views][];
        for (int view = 0; view < views; view++) {
            centroids[view] = centroid(projections, geometry, view);
        }
        int heads = 0;
        for (int head : headOfView) {
            heads = Math.max(heads, head + 1);
        }
        List<Head> results = new ArrayList<>();
        for (int head = 0; head < heads; head++) {
            List<Integer> members = new ArrayList<>();
            for (int view = 0; view < views; view++) {
                if (headOfView[view] == head) {
                    members.add(view);
                }
            }
            if (!members.isEmpty()) {
                results.add(fitHead(head, members, geometry, centroids));
            }
        }
        return results;
    }

    /** Consecutive blocks of {@code views / heads} views, as DICOM NM orders the heads' views. */
    public static int[] consecutiveHeads(int views, int heads) {
        if (heads < 1 || views % heads != 0) {
            throw new InvalidInputException("expected a number of heads that divides the " + views + " views, found " + heads);
        }
        int[] headOfView = new int[views];
        for (int view = 0; view < views; view++) {
            headOfView[view] = view / (views / heads);
        }
        return headOfView;
    }

    private static Head fitHead(int head, List<Integer> members, SpectGeometry geometry, double[][] centroids) {
        int count = members.size();
        if (count < MINIMUM_VIEWS) {
            throw new InvalidInputException("head " + (head + 1) + " has " + count + " views; the centre of rotation needs at least "
                    + MINIMUM_VIEWS + " views over a range of angles");
        }
        double[] angles = new double[count];
        double[] columns = new double[count];
        double[] rows = new double[count];
        for (int i = 0; i < count; i++) {
            int view = members.get(i);
            angles[i] = geometry.angle(view);
            columns[i] = centroids[view][0];
            rows[i] = centroids[view][1];
        }
        double[] columnFit = sinusoid(angles, columns, head);
        double[] rowFit = sinusoid(angles, rows, head);
        double[] fitted = new double[count];
        double squares = 0;
        double rowMean = 0;
        for (int i = 0; i < count; i++) {
            fitted[i] = columnFit[0] * Math.cos(angles[i]) + columnFit[1] * Math.sin(angles[i]) + columnFit[2];
            squares += (columns[i] - fitted[i]) * (columns[i] - fitted[i]);
            rowMean += rows[i] / count;
        }
        double axialDeviation = 0;
        for (double row : rows) {
            axialDeviation = Math.max(axialDeviation, Math.abs(row - rowMean));
        }
        double residual = Math.sqrt(squares / count);
        if (residual > MAXIMUM_RESIDUAL_PIXELS * geometry.columnSpacing()) {
            throw new InvalidInputException(String.format("head %d: no single point source found: its centroids stray %.1f mm "
                    + "(RMS) from any orbit about the axis, expected under %.0f pixels (%.1f mm)", head + 1, residual,
                    MAXIMUM_RESIDUAL_PIXELS, MAXIMUM_RESIDUAL_PIXELS * geometry.columnSpacing()));
        }
        double radius = Math.hypot(columnFit[0], columnFit[1]);
        double tilt = radius < MINIMUM_TILT_RADIUS ? Double.NaN
                : Math.toDegrees(Math.atan(Math.hypot(rowFit[0], rowFit[1]) / radius));
        double[] degrees = new double[count];
        for (int i = 0; i < count; i++) {
            degrees[i] = Math.toDegrees(angles[i]);
        }
        return new Head(head + 1, count, columnFit[2], columnFit[2] / geometry.columnSpacing(), radius,
                residual, axialDeviation, tilt, degrees, columns, fitted, rows);
    }

    /** Least-squares {A, B, C} of {@code A cos a + B sin a + C}. */
    private static double[] sinusoid(double[] angles, double[] values, int head) {
        DMatrixRMaj design = new DMatrixRMaj(angles.length, 3);
        DMatrixRMaj observed = new DMatrixRMaj(angles.length, 1);
        for (int i = 0; i < angles.length; i++) {
            design.set(i, 0, Math.cos(angles[i]));
            design.set(i, 1, Math.sin(angles[i]));
            design.set(i, 2, 1);
            observed.set(i, 0, values[i]);
        }
        DMatrixRMaj solution = new DMatrixRMaj(3, 1);
        if (!CommonOps_DDRM.solve(design, observed, solution) || !Double.isFinite(solution.get(2))) {
            throw new InvalidInputException("head " + (head + 1) + ": its views do not span enough angles to fit the source's "
                    + "orbit (expected views over at least 90 degrees)");
        }
        return new double[] {solution.get(0), solution.get(1), solution.get(2)};
    }

    /**
     * The source's centroid {column, row} in one view, in mm from the detector's centre: over a
     * window of two full widths at half maximum each side of the peak (at least 3 pixels), the
     * counts less the mean of the window's border.
     */
    private static double[] centroid(float[] projections, SpectGeometry geometry, int view) {
        int columns = geometry.columns();
        int rows = geometry.rows();
        int base = view * geometry.frameSize();
        int peak = base;
        for (int i = base; i < base + geometry.frameSize(); i++) {
            if (projections[i] > projections[peak]) {
                peak = i;
            }
        }
        if (!(projections[peak] > 0)) {
            throw new InvalidInputException("view " + (view + 1) + " holds no counts: expected a point source in every view");
        }
        int peakColumn = (peak - base) % columns;
        int peakRow = (peak - base) / columns;
        double[] columnProfile = new double[columns];
        double[] rowProfile = new double[rows];
        for (int column = 0; column < columns; column++) {
            columnProfile[column] = projections[base + peakRow * columns + column];
        }
        for (int row = 0; row < rows; row++) {
            rowProfile[row] = projections[base + row * columns + peakColumn];
        }
        int halfColumns = halfWindow(columnProfile, peakColumn);
        int halfRows = halfWindow(rowProfile, peakRow);
        if (peakColumn - halfColumns < 0 || peakColumn + halfColumns >= columns || peakRow - halfRows < 0
                || peakRow + halfRows >= rows) {
            throw new InvalidInputException(String.format("point source too close to the edge: in view %d its peak is at column "
                    + "%d, row %d of %d x %d; the centroid needs %d columns and %d rows each side", view + 1, peakColumn + 1,
                    peakRow + 1, columns, rows, halfColumns, halfRows));
        }
        double border = 0;
        int borderCount = 0;
        for (int row = peakRow - halfRows; row <= peakRow + halfRows; row++) {
            for (int column = peakColumn - halfColumns; column <= peakColumn + halfColumns; column++) {
                if (Math.abs(row - peakRow) == halfRows || Math.abs(column - peakColumn) == halfColumns) {
                    border += projections[base + row * columns + column];
                    borderCount++;
                }
            }
        }
        border /= borderCount;
        double mass = 0;
        double columnMoment = 0;
        double rowMoment = 0;
        for (int row = peakRow - halfRows; row <= peakRow + halfRows; row++) {
            for (int column = peakColumn - halfColumns; column <= peakColumn + halfColumns; column++) {
                double counts = Math.max(0, projections[base + row * columns + column] - border);
                mass += counts;
                columnMoment += counts * column;
                rowMoment += counts * row;
            }
        }
        return new double[] {(columnMoment / mass - (columns - 1) / 2.0) * geometry.columnSpacing(),
            (rowMoment / mass - (rows - 1) / 2.0) * geometry.rowSpacing()};
    }

    /** Two full widths at half maximum of the profile about its peak, in samples, at least 3. */
    private static int halfWindow(double[] profile, int peak) {
        double half = profile[peak] / 2;
        int low = peak;
        while (low > 0 && profile[low] > half) {
            low--;
        }
        int high = peak;
        while (high < profile.length - 1 && profile[high] > half) {
            high++;
        }
        return Math.max(3, 2 * (high - low));
    }
}
