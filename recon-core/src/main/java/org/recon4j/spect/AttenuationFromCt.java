package org.recon4j.spect;

import org.recon4j.InvalidInputException;

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
