package org.recon4j.geometry;

import java.util.Arrays;
import org.recon4j.InvalidInputException;
import org.recon4j.util.Checks;

/**
 * Cone-beam acquisition with a flat panel on a circular orbit in the plane z = 0. As for
 * {@link FanBeamGeometry}, the source of view beta sits at {@code R (sin beta, -cos beta, 0)} and
 * the detector's +u axis points along {@code (cos beta, sin beta, 0)}; its +v axis is +z.
 * Pixel (column m, row k) is centred at {@code u_m = (m - (nu-1)/2) du + offsetU},
 * {@code v_k = (k - (nv-1)/2) dv + offsetV} (mm on the detector, at distance SDD from the source).
 * Projections are {@code p[view][row][column]}, as RTK stores them (DimSize {@code nu nv nviews}).
 *
 * <p>Each view is also given as vectors ({@link #vectors}): source, detector centre and the steps
 * from one pixel to the next along u and v, the form that ASTRA's {@code cone_vec} uses.
 */
public final class ConeBeamGeometry {
    private final double[] angles;
    private final double sourceToAxis;
    private final double sourceToDetector;
    private final int columns;
    private final int rows;
    private final double columnSpacing;
    private final double rowSpacing;
    private final double offsetU;
    private final double offsetV;

    /** One view as vectors, all in mm: source position, detector centre, one-pixel steps along u and v. */
    public record Vectors(double[] source, double[] detectorCentre, double[] uStep, double[] vStep) {
    }

    private ConeBeamGeometry(double[] angles, double sourceToAxis, double sourceToDetector, int columns, int rows,
                             double columnSpacing, double rowSpacing, double offsetU, double offsetV) {
        this.angles = Angles.checkedCopy(angles, "cone-beam");
        this.sourceToAxis = Checks.positiveFinite("source-to-axis distance (SOD)", sourceToAxis);
        this.sourceToDetector = Checks.positiveFinite("source-to-detector distance (SDD)", sourceToDetector);
        if (sourceToDetector < sourceToAxis) {
            throw new InvalidInputException("the detector must lie beyond the axis: SDD >= SOD expected, found SDD "
                    + sourceToDetector + " < SOD " + sourceToAxis);
        }
        Checks.elementCount("cone-beam projections", angles.length, Checks.positive("detector columns", columns),
                Checks.positive("detector rows", rows));
        this.columns = columns;
        this.rows = rows;
        this.columnSpacing = Checks.positiveFinite("detector column spacing", columnSpacing);
        this.rowSpacing = Checks.positiveFinite("detector row spacing", rowSpacing);
        this.offsetU = Checks.finite("detector offset u", offsetU);
        this.offsetV = Checks.finite("detector offset v", offsetV);
    }

    /** A circular orbit with the given source angles (radians) and a flat panel. */
    public static ConeBeamGeometry circular(double[] anglesRadians, double sourceToAxis, double sourceToDetector,
                                            int columns, int rows, double columnSpacing, double rowSpacing,
                                            double offsetU, double offsetV) {
        return new ConeBeamGeometry(anglesRadians, sourceToAxis, sourceToDetector, columns, rows, columnSpacing,
                rowSpacing, offsetU, offsetV);
    }

    /** {@code views} angles evenly spaced over [0, 2 pi), centred square-pixel panel. */
    public static ConeBeamGeometry circular(int views, double sourceToAxis, double sourceToDetector, int columns,
                                            int rows, double pixel) {
        return new ConeBeamGeometry(Angles.evenlySpaced(views, 2 * Math.PI), sourceToAxis, sourceToDetector, columns,
                rows, pixel, pixel, 0, 0);
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

    public int projectionSize() {
        return angles.length * rows * columns;
    }

    public double columnPosition(int column) {
        return (column - (columns - 1) / 2.0) * columnSpacing + offsetU;
    }

    public double rowPosition(int row) {
        return (row - (rows - 1) / 2.0) * rowSpacing + offsetV;
    }

    /** The flat fan's half opening in the orbit plane: the largest |alpha| of a column edge. */
    public double halfFanAngle() {
        double extent = Math.max(Math.abs(columnPosition(0) - columnSpacing / 2),
                Math.abs(columnPosition(columns - 1) + columnSpacing / 2));
        return Math.atan(extent / sourceToDetector);
    }

    /** The largest cone half-angle: |atan(v / SDD)| at the outermost row edge. */
    public double halfConeAngle() {
        double extent = Math.max(Math.abs(rowPosition(0) - rowSpacing / 2), Math.abs(rowPosition(rows - 1) + rowSpacing / 2));
        return Math.atan(extent / sourceToDetector);
    }

    public Vectors vectors(int view) {
        double sin = Math.sin(angles[view]);
        double cos = Math.cos(angles[view]);
        double[] source = {sourceToAxis * sin, -sourceToAxis * cos, 0};
        double toDetector = sourceToDetector - sourceToAxis;
        double[] centre = {-toDetector * sin + offsetU * cos, toDetector * cos + offsetU * sin, offsetV};
        return new Vectors(source, centre, new double[] {columnSpacing * cos, columnSpacing * sin, 0},
                new double[] {0, 0, rowSpacing});
    }

    /** The rays through every pixel centre, in the order {@code p[view][row][column]}. */
    public Rays rays() {
        Vectors[] perView = new Vectors[angles.length];
        for (int v = 0; v < angles.length; v++) {
            perView[v] = vectors(v);
        }
        int pixels = rows * columns;
        return new Rays() {
            @Override
            public int count() {
                return angles.length * pixels;
            }

            @Override
            public int viewCount() {
                return angles.length;
            }

            @Override
            public int raysPerView() {
                return pixels;
            }

            @Override
            public int index(int view, int k) {
                return view * pixels + k;
            }

            @Override
            public void ray(int view, int k, double[] out) {
                Vectors vectors = perView[view];
                double column = k % columns - (columns - 1) / 2.0;
                double row = k / columns - (rows - 1) / 2.0;
                double[] s = vectors.source();
                double dx = vectors.detectorCentre()[0] + column * vectors.uStep()[0] + row * vectors.vStep()[0] - s[0];
                double dy = vectors.detectorCentre()[1] + column * vectors.uStep()[1] + row * vectors.vStep()[1] - s[1];
                double dz = vectors.detectorCentre()[2] + column * vectors.uStep()[2] + row * vectors.vStep()[2] - s[2];
                double length = Math.sqrt(dx * dx + dy * dy + dz * dz);
                out[0] = s[0];
                out[1] = s[1];
                out[2] = s[2];
                out[3] = dx / length;
                out[4] = dy / length;
                out[5] = dz / length;
            }
        };
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ConeBeamGeometry that && Arrays.equals(angles, that.angles)
                && sourceToAxis == that.sourceToAxis && sourceToDetector == that.sourceToDetector
                && columns == that.columns && rows == that.rows && columnSpacing == that.columnSpacing
                && rowSpacing == that.rowSpacing && offsetU == that.offsetU && offsetV == that.offsetV;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(angles) * 31 + columns * 7 + rows + Double.hashCode(sourceToAxis);
    }

    @Override
    public String toString() {
        return String.format("ConeBeamGeometry[%d views, SOD %.4g, SDD %.4g, %d x %d pixels of %.4g x %.4g mm]",
                angles.length, sourceToAxis, sourceToDetector, columns, rows, columnSpacing, rowSpacing);
    }
}
