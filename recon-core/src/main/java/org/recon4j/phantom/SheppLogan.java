package org.recon4j.phantom;

import java.util.ArrayList;
import java.util.List;

/**
 * The modified Shepp-Logan head phantom of Toft (1996): Shepp and Logan's ellipses with
 * contrasts raised so that the inner structures are visible (values 1, 0.2, 0.3, 0.4).
 *
 * <p>The tables are in the usual normalised units (the outer ellipse reaches 0.92) with y up,
 * as it is drawn in print. This project's y axis points posterior and its row index grows with
 * y, so y is negated (and with it every rotation): shown with row 0 at the top, the phantom
 * looks as it does in print, the three small ellipses at the bottom. {@code radius} is the
 * length of one normalised unit in mm, e.g. N/2 for an N-pixel image of unit pixels.
 *
 * <p>The 3D version follows Kak and Slaney's 3D Shepp-Logan ellipsoids (rotations about z only)
 * with Toft's contrasts.
 */
public final class SheppLogan {
    private SheppLogan() {
    }

    // value, semi-axis along the rotated x, semi-axis along the rotated y, centre x, centre y, angle (degrees)
    private static final double[][] MODIFIED_2D = {
        {1.0, 0.69, 0.92, 0, 0, 0},
        {-0.8, 0.6624, 0.874, 0, -0.0184, 0},
        {-0.2, 0.11, 0.31, 0.22, 0, -18},
        {-0.2, 0.16, 0.41, -0.22, 0, 18},
        {0.1, 0.21, 0.25, 0, 0.35, 0},
        {0.1, 0.046, 0.046, 0, 0.1, 0},
        {0.1, 0.046, 0.046, 0, -0.1, 0},
        {0.1, 0.046, 0.023, -0.08, -0.605, 0},
        {0.1, 0.023, 0.023, 0, -0.606, 0},
        {0.1, 0.023, 0.046, 0.06, -0.605, 0},
    };

    // value, a, b, c, centre x, y, z, angle about z (degrees)
    private static final double[][] MODIFIED_3D = {
        {1.0, 0.69, 0.92, 0.81, 0, 0, 0, 0},
        {-0.8, 0.6624, 0.874, 0.78, 0, -0.0184, 0, 0},
        {-0.2, 0.11, 0.31, 0.22, 0.22, 0, 0, -18},
        {-0.2, 0.16, 0.41, 0.28, -0.22, 0, 0, 18},
        {0.1, 0.21, 0.25, 0.41, 0, 0.35, -0.15, 0},
        {0.1, 0.046, 0.046, 0.05, 0, 0.1, 0.25, 0},
        {0.1, 0.046, 0.046, 0.05, 0, -0.1, 0.25, 0},
        {0.1, 0.046, 0.023, 0.05, -0.08, -0.605, 0, 0},
        {0.1, 0.023, 0.023, 0.02, 0, -0.606, 0, 0},
        {0.1, 0.023, 0.046, 0.02, 0.06, -0.605, 0, 0},
    };

    /** The 2D modified Shepp-Logan, one normalised unit = {@code radius} mm. */
    public static Phantom2D modified2D(double radius) {
        List<Ellipse> ellipses = new ArrayList<>();
        for (double[] row : MODIFIED_2D) {
            ellipses.add(new Ellipse(row[0], row[1], row[2], row[3], -row[4], -Math.toRadians(row[5])).scaled(radius));
        }
        return new Phantom2D(ellipses);
    }

    /** The 3D modified Shepp-Logan, one normalised unit = {@code radius} mm. */
    public static Phantom3D modified3D(double radius) {
        List<Ellipsoid> ellipsoids = new ArrayList<>();
        for (double[] row : MODIFIED_3D) {
            ellipsoids.add(new Ellipsoid(row[0], row[1], row[2], row[3], row[4], -row[5], row[6],
                    -Math.toRadians(row[7])).scaled(radius));
        }
        return new Phantom3D(ellipsoids);
    }
}
