package org.recon4j.phantom;

import java.util.List;

/**
 * A CT image-quality phantom: a water cylinder (value 1, water) holding four circular inserts of
 * known CT number on its diagonals, as analytic ellipses (so its projections are exact). Values
 * are relative to water, {@code HU = 1000 (value - 1)}: air -1000 HU, a bone-like insert
 * +900 HU, acrylic +120 HU and polyethylene -95 HU. The cylinder's radius is 80 % of
 * {@code radius}; each insert's is 12 % of the cylinder's, its centre 45 % of the way out.
 * The centre and the 3, 6, 9 and 12 o'clock positions are water, as QA's regions expect.
 */
public final class WaterPhantom {
    /** The inserts' CT numbers (HU), from the upper right clockwise as shown (row 0 at the top). */
    public static final double[] INSERT_HU = {-1000, 900, 120, -95};

    private WaterPhantom() {
    }

    public static Phantom2D withInserts(double radius) {
        double cylinder = 0.8 * radius;
        double ring = 0.45 * cylinder;
        double insert = 0.12 * cylinder;
        double diagonal = ring / Math.sqrt(2);
        double[][] centres = {{diagonal, -diagonal}, {diagonal, diagonal}, {-diagonal, diagonal}, {-diagonal, -diagonal}};
        List<Ellipse> ellipses = new java.util.ArrayList<>();
        ellipses.add(new Ellipse(1, cylinder, cylinder, 0, 0, 0));
        for (int k = 0; k < centres.length; k++) {
            ellipses.add(new Ellipse(INSERT_HU[k] / 1000, insert, insert, centres[k][0], centres[k][1], 0));
        }
        return new Phantom2D(ellipses);
    }
}
