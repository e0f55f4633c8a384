package org.recon4j.phantom;

/**
 * A uniform ellipse: {@code value} inside, 0 outside. Semi-axis {@code semiAxisU} lies along
 * direction {@code angle} (radians, from +x toward +y), {@code semiAxisV} perpendicular to it.
 */
public record Ellipse(double value, double semiAxisU, double semiAxisV, double centreX, double centreY, double angle) {

    public Ellipse {
        if (!(semiAxisU > 0) || !(semiAxisV > 0)) {
            throw new IllegalArgumentException("ellipse semi-axes must be positive, found " + semiAxisU + ", " + semiAxisV);
        }
    }

    public boolean contains(double x, double y) {
        double dx = x - centreX;
        double dy = y - centreY;
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        double u = (dx * cos + dy * sin) / semiAxisU;
        double v = (-dx * sin + dy * cos) / semiAxisV;
        return u * u + v * v <= 1;
    }

    /**
     * The exact integral of the ellipse along the line {@code x cos(theta) + y sin(theta) = t}:
     * {@code 2 value a b sqrt(s^2 - t'^2) / s^2} with {@code s^2 = a^2 cos^2 g + b^2 sin^2 g},
     * {@code g = theta - angle} and t' the distance of the line from the centre.
     */
    public double lineIntegral(double theta, double t) {
        double shifted = t - (centreX * Math.cos(theta) + centreY * Math.sin(theta));
        double relative = theta - angle;
        double cos = Math.cos(relative);
        double sin = Math.sin(relative);
        double squaredExtent = semiAxisU * semiAxisU * cos * cos + semiAxisV * semiAxisV * sin * sin;
        double remaining = squaredExtent - shifted * shifted;
        if (remaining <= 0) {
            return 0;
        }
        return 2 * value * semiAxisU * semiAxisV * Math.sqrt(remaining) / squaredExtent;
    }

    /** This ellipse with every length multiplied by {@code factor}. */
    public Ellipse scaled(double factor) {
        return new Ellipse(value, semiAxisU * factor, semiAxisV * factor, centreX * factor, centreY * factor, angle);
    }
}
