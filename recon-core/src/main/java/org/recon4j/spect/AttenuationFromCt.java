package org.recon4j.spect;

import org.recon4j.InvalidInputException;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.io.FloatVolume;

/**
 * Attenuation coefficients (1/cm) at a photon energy from CT numbers (HU), by the bilinear model:
 * below 0 HU a water-air mixture, {@code mu = mu_water (1 + HU / 1000)}; above it a water-bone
 * mixture reaching cortical bone's mu at cortical bone's CT number. The CT number of bone depends
 * on the CT's effective energy (about 70 keV at 120 kVp). Mass attenuation coefficients are NIST
 * XCOM values for water and ICRU-44 cortical bone (density 1.92 g/cm3), interpolated log-log.
 */
public final class AttenuationFromCt {
    private static final double[] ENERGY_KEV = {50, 60, 80, 100, 150, 200, 300, 400};
    private static final double[] WATER = {0.2269, 0.2059, 0.1837, 0.1707, 0.1505, 0.1370, 0.1186, 0.1061};
    private static final double[] BONE = {0.4242, 0.3148, 0.2229, 0.1855, 0.1480, 0.1309, 0.1113, 0.09951};
    private static final double BONE_DENSITY = 1.92;

    private AttenuationFromCt() {
    }

    /** Linear attenuation of water at {@code energyKeV}, 1/cm. */
    public static double water(double energyKeV) {
        return interpolate(WATER, energyKeV);
    }

    /** Linear attenuation of cortical bone at {@code energyKeV}, 1/cm. */
    public static double bone(double energyKeV) {
        return BONE_DENSITY * interpolate(BONE, energyKeV);
    }

    /**
     * @param hu              CT numbers
     * @param energyKeV       the emission's photon energy (140.5 for Tc-99m)
     * @param ctEffectiveKeV  the CT's effective energy (about 70 for 120 kVp)
     */
    public static float[] bilinear(float[] hu, double energyKeV, double ctEffectiveKeV) {
        double waterAtEnergy = water(energyKeV);
        double boneAtEnergy = bone(energyKeV);
        double boneNumber = 1000 * (bone(ctEffectiveKeV) / water(ctEffectiveKeV) - 1);
        double slopeAbove = (boneAtEnergy - waterAtEnergy) / boneNumber;
        float[] mu = new float[hu.length];
        for (int i = 0; i < hu.length; i++) {
            double value = hu[i] <= 0 ? waterAtEnergy * (1 + hu[i] / 1000.0) : waterAtEnergy + hu[i] * slopeAbove;
            mu[i] = (float) Math.max(0, value);
        }
        return mu;
    }

    /**
     * A map on a CT grid resampled onto a SPECT grid, and which SPECT slices the CT covered.
     *
     * @param values        the map on the SPECT grid
     * @param firstCovered  the lowest slice the CT reaches into (slices below it copy it)
     * @param lastCovered   the highest slice the CT reaches into (slices above it copy it)
     * @param partialSlices slices the CT covers only in part (averaged over the part it covers)
     */
    public record Resampled(float[] values, int firstCovered, int lastCovered, int partialSlices) {
        /** Slices outside the CT's axial coverage, filled from the nearest covered slice. */
        public int extrapolatedSlices(int sliceCount) {
            return firstCovered + sliceCount - 1 - lastCovered;
        }
    }

    /** As {@link #resampleCovered}, the values only. */
    public static float[] resample(FloatVolume ct, VolumeGeometry grid, double[] centre) {
        return resampleCovered(ct, grid, centre).values();
    }

    /**
     * Resamples a map on a CT grid onto a SPECT grid by partial volumes: each SPECT voxel takes
     * the CT voxels it overlaps, weighted by the overlapping volume (the weights are separable,
     * so the work is three one-dimensional passes). In the plane, what the CT does not cover is
     * air (0). Along the axis, a slice the CT covers in part is the mean over the part covered,
     * and slices beyond the CT's first and last slices copy the nearest slice it covers: the body
     * goes on past a short CT, and its own edge is a better guess than air.
     *
     * @param ct     the map in patient coordinates (origin: the first voxel's centre, mm)
     * @param grid   the SPECT grid, in its own coordinates (centred on the rotation axis)
     * @param centre where the SPECT grid's (0, 0, 0) lies in the CT's patient coordinates (mm)
     */
    public static Resampled resampleCovered(FloatVolume ct, VolumeGeometry grid, double[] centre) {
        if (ct.dimensions() != 3) {
            throw new InvalidInputException("a CT map to resample must be 3D, found " + ct.dimensions() + " dimensions");
        }
        OverlapWeights alongX = new OverlapWeights(grid.nx(), grid.x(0) + centre[0], grid.dx(), ct.size(0), ct.origin()[0],
                ct.spacing(0));
        OverlapWeights alongY = new OverlapWeights(grid.ny(), grid.y(0) + centre[1], grid.dy(), ct.size(1), ct.origin()[1],
                ct.spacing(1));
        OverlapWeights alongZ = new OverlapWeights(grid.nz(), grid.z(0) + centre[2], grid.dz(), ct.size(2), ct.origin()[2],
                ct.spacing(2));
        int first = -1;
        int last = -1;
        int partial = 0;
        for (int k = 0; k < grid.nz(); k++) {
            double cover = alongZ.cover(k);
            if (cover > 0) {
                first = first < 0 ? k : first;
                last = k;
                partial += cover < 1 - 1e-6 ? 1 : 0;
            }
        }
        if (first < 0) {
            double low = ct.origin()[2] - ct.spacing(2) / 2;
            throw new InvalidInputException(String.format("the CT (z %.1f to %.1f mm) does not reach the SPECT field of view "
                            + "(z %.1f to %.1f mm); is it the same patient and Frame of Reference?", low,
                    low + ct.size(2) * ct.spacing(2), grid.z(0) + centre[2] - grid.dz() / 2,
                    grid.z(grid.nz() - 1) + centre[2] + grid.dz() / 2));
        }
        int planeCt = ct.size(0) * ct.size(1);
        int plane = grid.sliceSize();
        float[] values = new float[grid.voxelCount()];
        float[] rows = new float[ct.size(1) * grid.nx()];
        float[] slice = new float[plane];
        for (int ctZ = alongZ.lowestSource(); ctZ <= alongZ.highestSource(); ctZ++) {
            alongX.reduceRows(ct.data(), ctZ * planeCt, ct.size(1), ct.size(0), rows);
            alongY.reduceColumns(rows, grid.nx(), slice);
            for (int k = 0; k < grid.nz(); k++) {
                float weight = (float) alongZ.weight(k, ctZ);
                if (weight > 0) {
                    for (int i = 0; i < plane; i++) {
                        values[k * plane + i] += weight * slice[i];
                    }
                }
            }
        }
        for (int k = first; k <= last; k++) {
            double cover = alongZ.cover(k);
            for (int i = k * plane; i < (k + 1) * plane; i++) {
                values[i] = (float) (values[i] / cover);
            }
        }
        for (int k = 0; k < grid.nz(); k++) {
            int source = k < first ? first : k > last ? last : k;
            if (source != k) {
                System.arraycopy(values, source * plane, values, k * plane, plane);
            }
        }
        return new Resampled(values, first, last, partial);
    }

    private static double interpolate(double[] table, double energyKeV) {
        if (!(energyKeV >= ENERGY_KEV[0] && energyKeV <= ENERGY_KEV[ENERGY_KEV.length - 1])) {
            throw new InvalidInputException("photon energy must be within 50 to 400 keV for the attenuation tables, found "
                    + energyKeV);
        }
        return logLog(ENERGY_KEV, table, energyKeV);
    }

    /** A table of positive values interpolated linearly in log(energy) and log(value); energy inside the table. */
    static double logLog(double[] energies, double[] table, double energyKeV) {
        int k = 0;
        while (k + 2 < energies.length && energyKeV > energies[k + 1]) {
            k++;
        }
        double t = Math.log(energyKeV / energies[k]) / Math.log(energies[k + 1] / energies[k]);
        return Math.exp(Math.log(table[k]) + t * (Math.log(table[k + 1]) - Math.log(table[k])));
    }
}
