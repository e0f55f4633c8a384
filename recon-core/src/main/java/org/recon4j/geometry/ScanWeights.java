package org.recon4j.geometry;

import org.recon4j.InvalidInputException;

/**
 * Redundancy weights for divergent-beam FBP on a circular orbit. Each ray (view beta, fan angle
 * alpha) is the same line as (beta + pi - 2 alpha, -alpha); the weights of each such pair sum to
 * one. A full scan (source angles covering 360 degrees) weighs every ray 1/2. A short scan
 * (at least 180 degrees plus the fan angle) gets Parker's weights (Parker 1982), which fall
 * smoothly to zero at both ends of the arc. Between 180 degrees and that, Parker's weights are
 * used with the fan angle the arc allows, which leaves some data weighted wrongly (documented).
 * Angles must be sorted along the orbit (increasing or decreasing).
 */
public final class ScanWeights {
    private final boolean fullScan;
    private final double[] angularWeights;
    private final double[] arcPositions;
    private final double direction;
    private final double halfFan;
    private final double arc;

    private ScanWeights(boolean fullScan, double[] angularWeights, double[] arcPositions, double direction,
                        double halfFan, double arc) {
        this.fullScan = fullScan;
        this.angularWeights = angularWeights;
        this.arcPositions = arcPositions;
        this.direction = direction;
        this.halfFan = halfFan;
        this.arc = arc;
    }

    /**
     * @param angles   source angles (radians), sorted along the orbit
     * @param halfFan  half the fan's opening (radians)
     */
    public static ScanWeights of(double[] angles, double halfFan) {
        int n = angles.length;
        if (n < 2) {
            throw new InvalidInputException("divergent-beam FBP needs at least 2 views, found " + n);
        }
        double direction = Math.signum(angles[n - 1] - angles[0]);
        if (direction == 0) {
            throw new InvalidInputException("source angles must advance along the orbit, found equal first and last");
        }
        double[] positions = new double[n];
        for (int v = 0; v < n; v++) {
            positions[v] = direction * (angles[v] - angles[0]);
            if (v > 0 && positions[v] <= positions[v - 1]) {
                throw new InvalidInputException(
                        "source angles must be sorted along the orbit; view " + v + " goes back to "
                                + Math.toDegrees(angles[v]) + " degrees");
            }
        }
        double meanStep = positions[n - 1] / (n - 1);
        double span = positions[n - 1] + meanStep;
        boolean full = span >= 2 * Math.PI - 0.5 * meanStep;
        if (span > 2 * Math.PI + 0.5 * meanStep) {
            throw new InvalidInputException(String.format(
                    "the source angles cover %.1f degrees; more than one turn is not supported", Math.toDegrees(span)));
        }
        double arc = positions[n - 1];
        if (!full && arc < Math.PI - 1e-9) {
            throw new InvalidInputException(String.format(
                    "FBP needs at least 180 degrees of source angles (a short scan: 180 plus the fan angle), found %.1f",
                    Math.toDegrees(arc)));
        }
        double wrap = full ? 2 * Math.PI - positions[n - 1] : 0;
        double[] weights = new double[n];
        for (int v = 0; v < n; v++) {
            double before = v > 0 ? positions[v] - positions[v - 1] : wrap;
            double after = v < n - 1 ? positions[v + 1] - positions[v] : wrap;
            weights[v] = 0.5 * (before + after);
        }
        double fan = full ? halfFan : Math.min(halfFan, (arc - Math.PI) / 2);
        return new ScanWeights(full, weights, positions, direction, fan, arc);
    }

    public boolean isFullScan() {
        return fullScan;
    }

    /** The integration step of view v (radians): half the gap to each neighbour. */
    public double angularWeight(int view) {
        return angularWeights[view];
    }

    /** The redundancy weight of the ray of {@code view} at fan angle alpha (our convention, toward +u). */
    public double redundancy(int view, double alpha) {
        if (fullScan) {
            return 0.5;
        }
        double beta = arcPositions[view];
        double delta = halfFan;
        // Parker's fan angle runs the other way round; rays beyond the nominal fan count as its edge
        double gamma = Math.max(-delta, Math.min(delta, -direction * alpha));
        if (delta <= 0) {
            return beta <= Math.PI ? 1 : 0;
        }
        double end = Math.PI + 2 * delta;
        if (beta > end) {
            return 0;
        }
        if (beta < 2 * delta - 2 * gamma) {
            double s = Math.sin(Math.PI / 4 * beta / (delta - gamma));
            return s * s;
        }
        if (beta <= Math.PI - 2 * gamma) {
            return 1;
        }
        double s = Math.sin(Math.PI / 4 * (end - beta) / (delta + gamma));
        return s * s;
    }

    @Override
    public String toString() {
        return fullScan ? "full scan" : String.format("short scan over %.1f degrees (Parker)", Math.toDegrees(arc));
    }
}
