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
     * Resamples a map on a CT grid onto a SPECT grid: each SPECT voxel takes the mean of the CT
     * voxels whose centres fall inside it (CT voxels are usually several times finer), or, when
     * none does, the CT value nearest its centre; outside the CT's field it is 0 (air).
     *
     * @param ct     the map in patient coordinates (origin: the first voxel's centre, mm)
     * @param grid   the SPECT grid, in its own coordinates (centred on the rotation axis)
     * @param centre where the SPECT grid's (0, 0, 0) lies in the CT's patient coordinates (mm)
     */
    public static float[] resample(FloatVolume ct, VolumeGeometry grid,
                                   double[] centre) {
        if (ct.dimensions() != 3) {
            throw new InvalidInputException("a CT map to resample must be 3D, found " + ct.dimensions() + " dimensions");
        }
        int nx = ct.size(0);
        int ny = ct.size(1);
        int nz = ct.size(2);
        double[] sum = new double[grid.voxelCount()];
        int[] count = new int[grid.voxelCount()];
        double[] firstCentre = grid.origin();
        for (int z = 0; z < nz; z++) {
            int k = (int) Math.floor((ct.origin()[2] + z * ct.spacing(2) - centre[2] - firstCentre[2]) / grid.dz() + 0.5);
            for (int y = 0; y < ny; y++) {
                int j = (int) Math.floor((ct.origin()[1] + y * ct.spacing(1) - centre[1] - firstCentre[1]) / grid.dy() + 0.5);
                for (int x = 0; x < nx; x++) {
                    int i = (int) Math.floor((ct.origin()[0] + x * ct.spacing(0) - centre[0] - firstCentre[0]) / grid.dx() + 0.5);
                    if (i >= 0 && i < grid.nx() && j >= 0 && j < grid.ny() && k >= 0 && k < grid.nz()) {
                        int voxel = (k * grid.ny() + j) * grid.nx() + i;
                        sum[voxel] += ct.data()[(z * ny + y) * nx + x];
                        count[voxel]++;
                    }
                }
            }
        }
        float[] result = new float[grid.voxelCount()];
        for (int k = 0; k < grid.nz(); k++) {
            for (int j = 0; j < grid.ny(); j++) {
                for (int i = 0; i < grid.nx(); i++) {
                    int voxel = (k * grid.ny() + j) * grid.nx() + i;
                    if (count[voxel] > 0) {
                        result[voxel] = (float) (sum[voxel] / count[voxel]);
                    } else {
                        int x = (int) Math.rint((grid.x(i) + centre[0] - ct.origin()[0]) / ct.spacing(0));
                        int y = (int) Math.rint((grid.y(j) + centre[1] - ct.origin()[1]) / ct.spacing(1));
                        int z = (int) Math.rint((grid.z(k) + centre[2] - ct.origin()[2]) / ct.spacing(2));
                        boolean inside = x >= 0 && x < nx && y >= 0 && y < ny && z >= 0 && z < nz;
                        result[voxel] = inside ? ct.data()[(z * ny + y) * nx + x] : 0f;
                    }
                }
            }
        }
        return result;
    }

    private static double interpolate(double[] table, double energyKeV) {
        if (!(energyKeV >= ENERGY_KEV[0] && energyKeV <= ENERGY_KEV[ENERGY_KEV.length - 1])) {
            throw new InvalidInputException("photon energy must be within 50 to 400 keV for the attenuation tables, found "
                    + energyKeV);
        }
        int k = 0;
        while (k + 2 < ENERGY_KEV.length && energyKeV > ENERGY_KEV[k + 1]) {
            k++;
        }
        double t = Math.log(energyKeV / ENERGY_KEV[k]) / Math.log(ENERGY_KEV[k + 1] / ENERGY_KEV[k]);
        return Math.exp(Math.log(table[k]) + t * (Math.log(table[k + 1]) - Math.log(table[k])));
    }
}
