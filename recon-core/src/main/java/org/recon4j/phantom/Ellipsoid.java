package org.recon4j.phantom;

/**
 * A uniform ellipsoid: {@code value} inside, 0 outside. The semi-axes (a, b, c) lie along
 * x, y and z after a rotation by {@code angle} (radians) about the z axis, from +x toward +y.
 */
public record Ellipsoid(double value, double semiAxisA, double semiAxisB, double semiAxisC,
                        double centreX, double centreY, double centreZ, double angle) {

    public Ellipsoid {
        if (!(semiAxisA > 0) || !(semiAxisB > 0) || !(semiAxisC > 0)) {
            throw new IllegalArgumentException("ellipsoid semi-axes must be positive");
        }
    }

    public boolean contains(double x, double y, double z) {
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        double dx = x - centreX;
        double dy = y - centreY;
        double u = (dx * cos + dy * sin) / semiAxisA;
        double v = (-dx * sin + dy * cos) / semiAxisB;
        double w = (z - centreZ) / semiAxisC;
        return u * u + v * v + w * w <= 1;
    }

    /**
     * The exact integral along the full line through point p with unit direction d: value times
     * the chord length, found by mapping the ellipsoid onto the unit sphere.
     */
    public double lineIntegral(double px, double py, double pz, double dx, double dy, double dz) {
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        double qx = px - centreX;
        double qy = py - centreY;
        double pu = (qx * cos + qy * sin) / semiAxisA;
        double pv = (-qx * sin + qy * cos) / semiAxisB;
        double pw = (pz - centreZ) / semiAxisC;
        double du = (dx * cos + dy * sin) / semiAxisA;
        double dv = (-dx * sin + dy * cos) / semiAxisB;
        double dw = dz / semiAxisC;
        double a = du * du + dv * dv + dw * dw;
        double b = pu * du + pv * dv + pw * dw;
        double c = pu * pu + pv * pv + pw * pw - 1;
        double discriminant = b * b - a * c;
        if (discriminant <= 0) {
            return 0;
        }
        double directionLength = Math.sqrt(dx * dx + dy * dy + dz * dz);
        return value * 2 * Math.sqrt(discriminant) / a * directionLength;
    }

    public Ellipsoid scaled(double factor) {
        return new Ellipsoid(value, semiAxisA * factor, semiAxisB * factor, semiAxisC * factor,
                centreX * factor, centreY * factor, centreZ * factor, angle);
    }
}
