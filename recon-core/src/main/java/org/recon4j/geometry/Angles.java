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

    /** Degrees to radians, element by element. */
    public static double[] radians(double[] degrees) {
        double[] radians = new double[degrees.length];
        for (int i = 0; i < degrees.length; i++) {
            radians[i] = Math.toRadians(degrees[i]);
        }
        return radians;
    }

    /**
     * The degrees of {@code START:STEP:COUNT}: COUNT angles from START in steps of STEP.
     *
     * @param name how the text is named in messages (an option, a dialog field)
     */
    public static double[] parseRange(String name, String text) {
        String[] parts = text.split(":");
        if (parts.length != 3) {
            throw new InvalidInputException(name + " must be START:STEP:COUNT in degrees, found '" + text + "'");
        }
        double start;
        double step;
        int count;
        try {
            start = Double.parseDouble(parts[0].trim());
            step = Double.parseDouble(parts[1].trim());
            count = Integer.parseInt(parts[2].trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(name + " must be START:STEP:COUNT with numbers and an integer count, found '"
                    + text + "'");
        }
        if (!Double.isFinite(start) || !Double.isFinite(step)) {
            throw new InvalidInputException(name + " START and STEP must be finite, found '" + text + "'");
        }
        if (count <= 0) {
            throw new InvalidInputException(name + " COUNT must be positive, found " + count);
        }
        double[] degrees = new double[count];
        for (int i = 0; i < count; i++) {
            degrees[i] = start + i * step;
        }
        return degrees;
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
