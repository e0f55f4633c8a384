package org.recon4j.evaluation;

import java.util.ArrayList;
import java.util.List;
import org.recon4j.InvalidInputException;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.phantom.EmissionPhantom;
import org.recon4j.spect.RoiMetrics;

/** Sphere ROIs given on the command line (X,Y,Z,R in mm) or the IEC body's six spheres. */
public final class SphereRois {
    private final List<String> names = new ArrayList<>();
    private final List<double[]> spheres = new ArrayList<>();

    /** The spheres' names, in order: the IEC diameters or the text given. */
    public List<String> names() {
        return names;
    }

    /** Each sphere as {X, Y, Z, R} in mm. */
    public List<double[]> spheres() {
        return spheres;
    }

    /** The index of the largest sphere. */
    public int largest() {
        int largest = 0;
        for (int i = 1; i < spheres.size(); i++) {
            largest = spheres.get(i)[3] > spheres.get(largest)[3] ? i : largest;
        }
        return largest;
    }

    public static SphereRois of(boolean iec, List<String> given) {
        SphereRois rois = new SphereRois();
        if (iec) {
            double[] diameters = EmissionPhantom.IEC_SPHERES;
            for (int i = 0; i < diameters.length; i++) {
                double angle = Math.toRadians(60 * i);
                rois.spheres.add(new double[] {EmissionPhantom.IEC_RING * Math.cos(angle),
                    35 + EmissionPhantom.IEC_RING * Math.sin(angle), 0, diameters[i] / 2});
                rois.names.add((int) diameters[i] + " mm");
            }
        }
        for (String sphere : given) {
            rois.spheres.add(parse("--sphere", sphere));
            rois.names.add(sphere);
        }
        if (rois.spheres.isEmpty()) {
            throw new InvalidInputException("give at least one --sphere X,Y,Z,R or --iec");
        }
        return rois;
    }

    public static double[] parse(String option, String text) {
        String[] parts = text.split(",");
        if (parts.length != 4) {
            throw new InvalidInputException(option + " must be X,Y,Z,R in mm, found '" + text + "'");
        }
        double[] values = new double[4];
        for (int i = 0; i < 4; i++) {
            try {
                values[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new InvalidInputException(option + " must be numbers X,Y,Z,R, found '" + text + "'");
            }
        }
        if (!(values[3] > 0)) {
            throw new InvalidInputException(option + " radius must be positive, found " + values[3]);
        }
        return values;
    }

    public static boolean[] mask(VolumeGeometry grid, double[] sphere) {
        boolean[] mask = new boolean[grid.voxelCount()];
        for (int z = 0; z < grid.nz(); z++) {
            for (int y = 0; y < grid.ny(); y++) {
                for (int x = 0; x < grid.nx(); x++) {
                    double dx = grid.x(x) - sphere[0];
                    double dy = grid.y(y) - sphere[1];
                    double dz = grid.z(z) - sphere[2];
                    mask[(z * grid.ny() + y) * grid.nx() + x] = dx * dx + dy * dy + dz * dz <= sphere[3] * sphere[3];
                }
            }
        }
        return mask;
    }

    public static boolean any(boolean[] mask) {
        for (boolean inside : mask) {
            if (inside) {
                return true;
            }
        }
        return false;
    }

    /** Contrast recovery of sphere i against the background mean (NaN when the sphere holds no voxel centre). */
    public double recovery(float[] image, VolumeGeometry grid, int i, double backgroundMean, double ratio) {
        boolean[] roi = mask(grid, spheres.get(i));
        if (!any(roi)) {
            return Double.NaN;
        }
        double mean = RoiMetrics.mean(image, roi);
        return ratio > 1 ? RoiMetrics.hotContrastRecovery(mean, backgroundMean, ratio)
                : RoiMetrics.coldContrastRecovery(mean, backgroundMean);
    }
}
