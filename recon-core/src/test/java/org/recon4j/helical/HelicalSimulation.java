package org.recon4j.helical;

import java.util.List;
import org.recon4j.geometry.DetectorShape;
import org.recon4j.phantom.Ellipsoid;

/**
 * Exact line integrals of ellipsoids along every ray of a helical scan, from each view's shifted
 * source to each detector element: the data a scanner with this geometry would measure.
 */
final class HelicalSimulation {
    static final double WATER = 0.02;
    /** A water cylinder (long ellipsoid) with a +20 % insert, a -10 % insert and a short bead. */
    static final List<Ellipsoid> PHANTOM = List.of(
            new Ellipsoid(WATER, 32, 26, 400, 0, 0, 0, 0),
            new Ellipsoid(0.2 * WATER, 7, 7, 400, 12, 6, 0, 0),
            new Ellipsoid(-0.1 * WATER, 6, 6, 400, -12, -4, 0, 0),
            new Ellipsoid(0.5 * WATER, 4, 4, 3, 0, -14, 2, 0));

    private HelicalSimulation() {
    }

    static double truth(double x, double y, double z) {
        double sum = 0;
        for (Ellipsoid e : PHANTOM) {
            if (e.contains(x, y, z)) {
                sum += e.value();
            }
        }
        return sum;
    }

    static MultiRowDetector detector(DetectorShape shape) {
        return new MultiRowDetector(shape, 160, 16, 1.0, 1.2, 79.3, 7.5, 600);
    }

    /**
     * A scan of {@code turns} turns of {@code viewsPerTurn} views with the given pitch (negative:
     * the table moves toward -z), centred on z = 0, with beta rising or falling.
     */
    static HelicalGeometry scan(MultiRowDetector detector, int viewsPerTurn, double turns, double pitch, boolean betaFalls,
                                FocalSpots spots) {
        int views = (int) Math.round(turns * viewsPerTurn);
        double[] beta = new double[views];
        double[] z = new double[views];
        double width = detector.rows() * detector.rowPitch() * 300 / detector.sourceToDetector();
        double feed = pitch * width;
        for (int i = 0; i < views; i++) {
            double fraction = (i - (views - 1) / 2.0) / viewsPerTurn;
            beta[i] = 0.3 + (betaFalls ? -1 : 1) * 2 * Math.PI * i / viewsPerTurn;
            z[i] = fraction * feed;
        }
        return new HelicalGeometry(detector, 300, beta, z, spots, viewsPerTurn);
    }

    static float[] project(HelicalGeometry geometry) {
        MultiRowDetector detector = geometry.detector();
        int channels = detector.channels();
        int rows = detector.rows();
        float[] data = new float[geometry.viewCount() * rows * channels];
        FocalSpots spots = geometry.focalSpots();
        double radius = geometry.sourceToIsocentre();
        java.util.stream.IntStream.range(0, geometry.viewCount()).parallel().forEach(view -> {
            double beta = geometry.sourceAngles()[view];
            int focal = view % spots.count();
            double sourceRadius = radius + spots.radialShift()[focal];
            double sx = sourceRadius * Math.sin(beta + spots.angularShift()[focal]);
            double sy = -sourceRadius * Math.cos(beta + spots.angularShift()[focal]);
            double sz = geometry.sourceZ()[view] + spots.axialShift()[focal];
            double cos = Math.cos(beta);
            double sin = Math.sin(beta);
            for (int channel = 0; channel < channels; channel++) {
                double[] element = detector.channelPosition(channel, radius);
                double ex = cos * element[0] - sin * element[1];
                double ey = sin * element[0] + cos * element[1];
                for (int row = 0; row < rows; row++) {
                    double ez = geometry.sourceZ()[view] + detector.rowHeight(row);
                    double sum = 0;
                    for (Ellipsoid e : PHANTOM) {
                        sum += e.lineIntegral(sx, sy, sz, ex - sx, ey - sy, ez - sz);
                    }
                    data[(view * rows + row) * channels + channel] = (float) sum;
                }
            }
        });
        return data;
    }
}
