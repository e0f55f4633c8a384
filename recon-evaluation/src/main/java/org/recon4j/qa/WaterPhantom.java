package org.recon4j.qa;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.recon4j.InvalidInputException;

/**
 * A CT water phantom found on one slice (in HU): the cylinder is what lies above -500 HU,
 * holes filled (everything the air around it does not reach), and must be round; its inserts
 * are the round regions inside 90 % of its radius whose smoothed values differ from the water
 * (the median of the central disc) by more than a threshold, numbered clockwise from 12 o'clock.
 * Positions are in pixels.
 */
record WaterPhantom(double centreX, double centreY, double radius, double waterHu, List<Insert> inserts, boolean[] body) {
    /** Halfway between air (-1000 HU) and water (0 HU). */
    static final double BODY_THRESHOLD = -500;
    private static final double MINIMUM_ROUNDNESS = 0.8;

    /** An insert: centre and equivalent radius (pixels) and the sign of its contrast. */
    record Insert(double centreX, double centreY, double radius, int[] pixels) {
    }

    /**
     * @param insertThreshold the least difference from water (HU) of an insert; 0 or less: no inserts are looked for
     * @param minimumInsertArea the least area of an insert (pixels)
     */
    static WaterPhantom find(double[] slice, int nx, int ny, double insertThreshold, int minimumInsertArea) {
        boolean[] air = new boolean[slice.length];
        for (int i = 0; i < slice.length; i++) {
            air[i] = !(slice[i] > BODY_THRESHOLD);
        }
        boolean[] outside = new boolean[slice.length];
        for (Components.Component region : Components.label(air, nx, ny)) {
            if (touchesBorder(region, nx, ny)) {
                for (int pixel : region.pixels()) {
                    outside[pixel] = true;
                }
            }
        }
        boolean[] inside = new boolean[slice.length];
        for (int i = 0; i < slice.length; i++) {
            inside[i] = !outside[i];
        }
        List<Components.Component> bodies = Components.label(inside, nx, ny);
        if (bodies.isEmpty() || bodies.get(0).area() < 100) {
            throw new InvalidInputException("no water phantom found: expected a round region above -500 HU of at least 100 "
                    + "pixels, found " + (bodies.isEmpty() ? "none" : bodies.get(0).area() + " pixels"));
        }
        Components.Component phantom = bodies.get(0);
        if (touchesBorder(phantom, nx, ny)) {
            throw new InvalidInputException("no water phantom found: the region above -500 HU reaches the image's edge "
                    + "(expected a cylinder inside the field of view with air around it)");
        }
        double roundness = phantom.roundness(nx);
        if (roundness < MINIMUM_ROUNDNESS) {
            throw new InvalidInputException(String.format("no water phantom found: the region above -500 HU is not round "
                    + "(roundness %.2f, expected at least %.2f for a cylinder)", roundness, MINIMUM_ROUNDNESS));
        }
        boolean[] body = new boolean[slice.length];
        for (int pixel : phantom.pixels()) {
            body[pixel] = true;
        }
        double radius = phantom.equivalentRadius();
        double water = median(slice, nx, phantom.centreX(), phantom.centreY(), Math.max(2, 0.15 * radius));
        if (Math.abs(water) > 300) {
            throw new InvalidInputException(String.format("no water phantom found: the cylinder's centre reads %.0f HU, expected "
                    + "water near 0 HU (is the image in HU, and --water-mu the image's value for water?)", water));
        }
        List<Insert> inserts = insertThreshold > 0
                ? findInserts(slice, nx, ny, phantom, radius, water, insertThreshold, minimumInsertArea) : List.of();
        return new WaterPhantom(phantom.centreX(), phantom.centreY(), radius, water, inserts, body);
    }

    /**
     * The radius of a disc with the area where the insert differs from water by more than half
     * its central contrast: the detection threshold sits low on the edge, so the region found by
     * it is larger than the insert, and the more so the higher its contrast.
     */
    private static double halfContrastRadius(double[] smoothed, int nx, int ny, Components.Component region, double water) {
        double found = region.equivalentRadius();
        double contrast = 0;
        int count = 0;
        double reach = found + 3;
        for (int y = Math.max(0, (int) (region.centreY() - reach)); y <= Math.min(ny - 1, region.centreY() + reach); y++) {
            for (int x = Math.max(0, (int) (region.centreX() - reach)); x <= Math.min(nx - 1, region.centreX() + reach); x++) {
                if (Math.hypot(x - region.centreX(), y - region.centreY()) <= 0.5 * found) {
                    contrast += smoothed[y * nx + x] - water;
                    count++;
                }
            }
        }
        contrast /= Math.max(1, count);
        int area = 0;
        for (int y = Math.max(0, (int) (region.centreY() - reach)); y <= Math.min(ny - 1, region.centreY() + reach); y++) {
            for (int x = Math.max(0, (int) (region.centreX() - reach)); x <= Math.min(nx - 1, region.centreX() + reach); x++) {
                if (Math.hypot(x - region.centreX(), y - region.centreY()) <= reach
                        && (smoothed[y * nx + x] - water) / contrast > 0.5) {
                    area++;
                }
            }
        }
        return Math.sqrt(area / Math.PI);
    }

    private static boolean touchesBorder(Components.Component region, int nx, int ny) {
        for (int pixel : region.pixels()) {
            int x = pixel % nx;
            int y = pixel / nx;
            if (x == 0 || y == 0 || x == nx - 1 || y == ny - 1) {
                return true;
            }
        }
        return false;
    }

    private static double median(double[] slice, int nx, double centreX, double centreY, double radius) {
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < slice.length; i++) {
            if (Math.hypot(i % nx - centreX, i / nx - centreY) <= radius) {
                values.add(slice[i]);
            }
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static List<Insert> findInserts(double[] slice, int nx, int ny, Components.Component phantom, double radius,
                                            double water, double threshold, int minimumArea) {
        double[] smoothed = TomographicUniformity.ninepoint(slice, nx, ny);
        boolean[] differs = new boolean[slice.length];
        for (int i = 0; i < slice.length; i++) {
            differs[i] = Math.hypot(i % nx - phantom.centreX(), i / nx - phantom.centreY()) <= 0.9 * radius
                    && Math.abs(smoothed[i] - water) > threshold;
        }
        List<Insert> inserts = new ArrayList<>();
        for (Components.Component region : Components.label(differs, nx, ny)) {
            if (region.area() >= minimumArea && region.roundness(nx) >= 0.6) {
                inserts.add(new Insert(region.centreX(), region.centreY(),
                        halfContrastRadius(smoothed, nx, ny, region, water), region.pixels()));
            }
        }
        // numbered clockwise as shown (row 0 at the top) from 12 o'clock, so the same phantom numbers them alike
        inserts.sort(java.util.Comparator.comparingDouble(insert -> clockAngle(insert, phantom)));
        return inserts;
    }

    private static double clockAngle(Insert insert, Components.Component phantom) {
        double angle = Math.atan2(insert.centreX() - phantom.centreX(), -(insert.centreY() - phantom.centreY()));
        return angle < 0 ? angle + 2 * Math.PI : angle;
    }
}
