package org.recon4j.phantom;

import java.util.ArrayList;
import java.util.List;
import org.recon4j.geometry.VolumeGeometry;

/**
 * A SPECT phantom: regions painted in order (a later region replaces what it covers), each with
 * an activity concentration and an attenuation coefficient (1/cm). Voxelised by averaging
 * S x S x S point samples per voxel, so partial volumes are right at every edge.
 */
public final class EmissionPhantom {
    /** A solid: whether a point (mm) lies inside. */
    @FunctionalInterface
    public interface Solid {
        boolean contains(double x, double y, double z);
    }

    /** One painted region. */
    public record Region(String name, Solid solid, double activity, double attenuation) {
    }

    private final List<Region> regions;

    public EmissionPhantom(List<Region> regions) {
        this.regions = List.copyOf(regions);
    }

    public List<Region> regions() {
        return regions;
    }

    public Region region(String name) {
        for (Region region : regions) {
            if (region.name().equals(name)) {
                return region;
            }
        }
        throw new IllegalArgumentException("no region " + name);
    }

    /** The activity (which = 0) or attenuation (which = 1) at a point: the last region that holds it. */
    private double value(double x, double y, double z, int which) {
        double value = 0;
        for (Region region : regions) {
            if (region.solid().contains(x, y, z)) {
                value = which == 0 ? region.activity() : region.attenuation();
            }
        }
        return value;
    }

    public float[] activity(VolumeGeometry grid, int samples) {
        return voxelise(grid, samples, 0);
    }

    public float[] attenuation(VolumeGeometry grid, int samples) {
        return voxelise(grid, samples, 1);
    }

    private float[] voxelise(VolumeGeometry grid, int samples, int which) {
        return Voxeliser.average(grid, samples, samples, (x, y, z) -> value(x, y, z, which));
    }

    static Solid sphere(double cx, double cy, double cz, double radius) {
        return (x, y, z) -> (x - cx) * (x - cx) + (y - cy) * (y - cy) + (z - cz) * (z - cz) <= radius * radius;
    }

    static Solid cylinder(double cx, double cy, double radius, double zLow, double zHigh) {
        return (x, y, z) -> z >= zLow && z <= zHigh && (x - cx) * (x - cx) + (y - cy) * (y - cy) <= radius * radius;
    }

    /** Water attenuation at 140 keV (Tc-99m), 1/cm. */
    public static final double WATER_140_KEV = 0.154;
    /** Lung-equivalent attenuation at 140 keV, 1/cm. */
    public static final double LUNG_140_KEV = 0.045;

    /** Diameters (mm) of the IEC body phantom's spheres. */
    public static final double[] IEC_SPHERES = {10, 13, 17, 22, 28, 37};
    /** Radius (mm) of the circle the IEC spheres' centres lie on. */
    public static final double IEC_RING = 57.2;

    /**
     * The NEMA IEC body phantom (NEMA NU 2): a body whose cross-section is a half circle of
     * radius 147 mm (anterior) joined to a 294 x 77 mm block with 77 mm quarter-round corners
     * (posterior), 180 mm long; six spheres of 10 to 37 mm diameter with centres 57.2 mm from the
     * axis of the half circle, every 60 degrees from +x, in the plane z = 0; a 51 mm lung insert
     * along that axis. Background activity 1, spheres {@code sphereRatio}, lung 0; water and lung
     * attenuation at 140 keV. The half circle's axis sits at y = 35 mm so the body is centred.
     */
    public static EmissionPhantom nemaIecBody(double sphereRatio) {
        double axisY = 35;
        Solid body = (x, y, z) -> {
            if (Math.abs(z) > 90) {
                return false;
            }
            double dy = y - axisY;
            if (dy <= 0) {
                return x * x + dy * dy <= 147 * 147;
            }
            if (dy > 77) {
                return false;
            }
            if (Math.abs(x) <= 70) {
                return true;
            }
            double cornerX = Math.abs(x) - 70;
            return cornerX * cornerX + dy * dy <= 77 * 77;
        };
        List<Region> regions = new ArrayList<>();
        regions.add(new Region("body", body, 1, WATER_140_KEV));
        regions.add(new Region("lung", cylinder(0, axisY, 25.5, -90, 90), 0, LUNG_140_KEV));
        for (int i = 0; i < IEC_SPHERES.length; i++) {
            double angle = Math.toRadians(60 * i);
            regions.add(new Region("sphere" + (int) IEC_SPHERES[i], sphere(IEC_RING * Math.cos(angle),
                    axisY + IEC_RING * Math.sin(angle), 0, IEC_SPHERES[i] / 2), sphereRatio, WATER_140_KEV));
        }
        return new EmissionPhantom(regions);
    }

    /** A point source's radius (mm): small beside any camera's resolution, large enough for the voxeliser's samples. */
    public static final double POINT_RADIUS = 2.5;

    /**
     * Point sources in air (activity 1 each, no attenuation), at the given centres (mm), as NEMA
     * NU 1 places them for reconstructed resolution without scatter.
     */
    public static EmissionPhantom pointSources(double[]... centres) {
        List<Region> regions = new ArrayList<>();
        for (int k = 0; k < centres.length; k++) {
            regions.add(new Region("point" + (k + 1), sphere(centres[k][0], centres[k][1], centres[k][2], POINT_RADIUS), 1, 0));
        }
        return new EmissionPhantom(regions);
    }

    /** A uniform water cylinder of radius 108 mm and length 186 mm (the Jaszczak phantom's, empty), activity 1. */
    public static EmissionPhantom uniformCylinder() {
        return new EmissionPhantom(List.of(new Region("body", cylinder(0, 0, 108, -93, 93), 1, WATER_140_KEV)));
    }

    /** Diameters (mm) of the Jaszczak-style phantom's cold spheres and rods. */
    public static final double[] JASZCZAK_SPHERES = {9.5, 12.7, 15.9, 19.1, 25.4, 31.8};
    public static final double[] JASZCZAK_RODS = {4.8, 6.4, 7.9, 9.5, 11.1, 12.7};

    /**
     * A Jaszczak-style phantom: a water cylinder of radius 108 mm and length 186 mm with activity
     * 1; six cold spheres (9.5 to 31.8 mm) every 60 degrees, 60 mm from the axis in the plane
     * z = 30 mm; below it (z from -88 to -10 mm) six sectors of cold rods, each sector one rod
     * diameter d on a triangular lattice of pitch 2d within 90 mm of the axis.
     */
    public static EmissionPhantom jaszczak() {
        List<Region> regions = new ArrayList<>();
        regions.add(new Region("body", cylinder(0, 0, 108, -93, 93), 1, WATER_140_KEV));
        for (int i = 0; i < JASZCZAK_SPHERES.length; i++) {
            double angle = Math.toRadians(60 * i + 30);
            regions.add(new Region("sphere" + JASZCZAK_SPHERES[i], sphere(60 * Math.cos(angle), 60 * Math.sin(angle), 30,
                    JASZCZAK_SPHERES[i] / 2), 0, WATER_140_KEV));
        }
        for (int sector = 0; sector < JASZCZAK_RODS.length; sector++) {
            double diameter = JASZCZAK_RODS[sector];
            double start = Math.toRadians(60 * sector);
            Solid rods = (x, y, z) -> {
                if (z < -88 || z > -10) {
                    return false;
                }
                double r = Math.hypot(x, y);
                double angle = Math.atan2(y, x) - start;
                angle = angle - 2 * Math.PI * Math.floor(angle / (2 * Math.PI));
                if (r > 90 || angle > Math.toRadians(60)) {
                    return false;
                }
                // the triangular lattice: rows along the sector's first edge, pitch 2d
                double pitch = 2 * diameter;
                double u = x * Math.cos(start) + y * Math.sin(start);
                double v = -x * Math.sin(start) + y * Math.cos(start);
                double rowHeight = pitch * Math.sqrt(3) / 2;
                long row = Math.round(v / rowHeight);
                double shift = (row % 2 == 0) ? 0 : pitch / 2;
                double column = Math.round((u - shift) / pitch) * pitch + shift;
                double du = u - column;
                double dv = v - row * rowHeight;
                return du * du + dv * dv <= diameter * diameter / 4;
            };
            regions.add(new Region("rods" + diameter, rods, 0, WATER_140_KEV));
        }
        return new EmissionPhantom(regions);
    }
}
