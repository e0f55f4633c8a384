package org.recon4j.geometry;

import java.util.Arrays;
import java.util.Locale;
import org.recon4j.InvalidInputException;
import org.recon4j.util.Checks;

/**
 * A parallel-hole SPECT acquisition. View k has a camera angle {@code a_k} as DICOM NM gives it
 * (counter-clockwise seen from the feet; a CW acquisition steps {@code start - k * step}, a CC one
 * {@code start + k * step}) and a radius {@code R_k}: the distance from the rotation axis to the
 * collimator face, whose centre sits at {@code R_k (-sin a, -cos a, 0)} (a = 0 anterior,
 * a = 90 degrees the patient's right). Each frame is {@code p[view][row][column]}: columns run
 * along {@code e_u = (cos a, -sin a, 0)}, rows along +z. Column m is centred at
 * {@code u_m = (m - (nu-1)/2) du + offsetU}, row k at {@code z_k = (k - (nv-1)/2) dv + offsetV}.
 * A point's depth, its distance to the collimator face, is {@code R - (x, y) . (-sin a, -cos a)}.
 */
public final class SpectGeometry {
    /** The way the camera turns, as DICOM's Rotation Direction (0018,1140) states it. */
    public enum Direction {
        CW, CC;

        public static Direction parse(String text) {
            String key = text.trim().toUpperCase(Locale.ROOT);
            if (key.equals("CW") || key.equals("CLOCKWISE")) {
                return CW;
            }
            if (key.equals("CC") || key.equals("CCW") || key.equals("COUNTERCLOCKWISE")) {
                return CC;
            }
            throw new InvalidInputException("unknown rotation direction '" + text + "': expected CW or CC");
        }
    }

    private final double[] angles;
    private final double[] radii;
    private final int columns;
    private final int rows;
    private final double columnSpacing;
    private final double rowSpacing;
    private final double offsetU;
    private final double offsetV;

    private SpectGeometry(double[] angles, double[] radii, int columns, int rows, double columnSpacing,
                          double rowSpacing, double offsetU, double offsetV) {
        if (angles == null || angles.length == 0) {
            throw new InvalidInputException("a SPECT acquisition needs at least one view, found none");
        }
        if (radii == null || radii.length != angles.length) {
            throw new InvalidInputException("a SPECT acquisition needs one radius per view: " + angles.length
                    + " views, found " + (radii == null ? 0 : radii.length) + " radii");
        }
        for (int v = 0; v < angles.length; v++) {
            Checks.finite("camera angle " + v, angles[v]);
            Checks.positiveFinite("camera radius " + v, radii[v]);
        }
        this.angles = angles.clone();
        this.radii = radii.clone();
        Checks.elementCount("SPECT projections", angles.length, Checks.positive("detector columns", columns),
                Checks.positive("detector rows", rows));
        this.columns = columns;
        this.rows = rows;
        this.columnSpacing = Checks.positiveFinite("detector column spacing", columnSpacing);
        this.rowSpacing = Checks.positiveFinite("detector row spacing", rowSpacing);
        this.offsetU = Checks.finite("detector offset u", offsetU);
        this.offsetV = Checks.finite("detector offset v", offsetV);
    }

    /**
     * From DICOM NM's Rotation Information: start angle and angular step (degrees), direction,
     * the number of views, and a radius per view (one value for a circular orbit).
     */
    public static SpectGeometry fromDicom(double startDegrees, double stepDegrees, Direction direction, int views,
                                          double[] radii, int columns, int rows, double columnSpacing,
                                          double rowSpacing) {
        Checks.elementCount("SPECT projections", Checks.positive("number of views", views), columns, rows);
        double[] angles = new double[views];
        double sign = direction == Direction.CW ? -1 : 1;
        for (int k = 0; k < views; k++) {
            angles[k] = Math.toRadians(startDegrees + sign * k * stepDegrees);
        }
        double[] perView = radii.length == 1 ? filled(views, radii[0]) : radii;
        return new SpectGeometry(angles, perView, columns, rows, columnSpacing, rowSpacing, 0, 0);
    }

    public static SpectGeometry of(double[] anglesRadians, double[] radii, int columns, int rows, double columnSpacing,
                                   double rowSpacing, double offsetU, double offsetV) {
        return new SpectGeometry(anglesRadians, radii, columns, rows, columnSpacing, rowSpacing, offsetU, offsetV);
    }

    /** The same acquisition with the detector shifted to {@code offsetU}, {@code offsetV} (mm). */
    public SpectGeometry withOffsets(double offsetU, double offsetV) {
        return new SpectGeometry(angles, radii, columns, rows, columnSpacing, rowSpacing, offsetU, offsetV);
    }

    private static double[] filled(int count, double value) {
        double[] values = new double[count];
        Arrays.fill(values, value);
        return values;
    }

    public int viewCount() {
        return angles.length;
    }

    /** Camera angle of view k in radians (DICOM convention). */
    public double angle(int view) {
        return angles[view];
    }

    public double radius(int view) {
        return radii[view];
    }

    public int columns() {
        return columns;
    }

    public int rows() {
        return rows;
    }

    public double columnSpacing() {
        return columnSpacing;
    }

    public double rowSpacing() {
        return rowSpacing;
    }

    public double offsetU() {
        return offsetU;
    }

    public double offsetV() {
        return offsetV;
    }

    public int frameSize() {
        return rows * columns;
    }

    public int projectionSize() {
        return angles.length * rows * columns;
    }

    @Override
    public String toString() {
        return String.format("SpectGeometry[%d views, %d x %d bins of %.4g x %.4g mm]", angles.length, columns, rows,
                columnSpacing, rowSpacing);
    }
}
