package org.recon4j.geometry;

import org.recon4j.InvalidInputException;
import org.recon4j.util.Checks;

/** Lists of view angles (radians): making them and checking them. */
public final class Angles {
    private Angles() {
    }

    /** {@code views} angles evenly spaced over [0, arc). */
    public static double[] evenlySpaced(int views, double arc) {
        Checks.positive("view count", views);
        double[] angles = new double[views];
        for (int v = 0; v < views; v++) {
            angles[v] = v * arc / views;
        }
        return angles;
    }

    /** A checked copy: at least one angle, all finite; {@code kind} names the acquisition in messages. */
    static double[] checkedCopy(double[] angles, String kind) {
        if (angles == null || angles.length == 0) {
            throw new InvalidInputException("a " + kind + " geometry needs at least one view angle, found none");
        }
        for (int v = 0; v < angles.length; v++) {
            Checks.finite("view angle " + v, angles[v]);
        }
        return angles.clone();
    }
}
