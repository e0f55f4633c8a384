package org.recon4j.spect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.recon4j.InvalidInputException;

class AttenuationFromCtTest {
    @Test
    void waterAtTechnetiumEnergyIsTheKnownValue() {
        // 0.154 / cm is the value SPECT attenuation correction uses for water at 140 keV
        assertEquals(0.154, AttenuationFromCt.water(140.5), 0.002);
        assertEquals(0.1707, AttenuationFromCt.water(100), 1e-12, "a table point");
    }

    @Test
    void bilinearModelMapsAirWaterAndBone() {
        double boneNumber = 1000 * (AttenuationFromCt.bone(70) / AttenuationFromCt.water(70) - 1);
        float[] mu = AttenuationFromCt.bilinear(new float[] {-1000, -500, 0, (float) boneNumber, 3000, -1100}, 140.5, 70);
        double water = AttenuationFromCt.water(140.5);
        assertEquals(0, mu[0], 1e-7);
        assertEquals(water / 2, mu[1], 1e-6);
        assertEquals(water, mu[2], 1e-6);
        assertEquals(AttenuationFromCt.bone(140.5), mu[3], 1e-5);
        assertTrue(mu[4] > mu[3], "denser than cortical bone, more attenuation");
        assertEquals(0, mu[5], 0, "never negative");
        assertTrue(boneNumber > 1000 && boneNumber < 2500, "cortical bone's CT number at 70 keV: " + boneNumber);
        assertThrows(InvalidInputException.class, () -> AttenuationFromCt.bilinear(new float[1], 20, 70));
    }

    @Test
    void resamplingAveragesFineCtVoxelsIntoSpectVoxels() {
        // CT: 40 x 40 x 20 voxels of 1 mm around (100, -50, 30) mm; the left half (x < 100) holds 0.1, the right 0.2
        int n = 40;
        float[] values = new float[n * n * 20];
        for (int z = 0; z < 20; z++) {
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) {
                    values[(z * n + y) * n + x] = x < 20 ? 0.1f : 0.2f;
                }
            }
        }
        org.recon4j.io.FloatVolume ct = new org.recon4j.io.FloatVolume(new int[] {n, n, 20}, new double[] {1, 1, 1},
                new double[] {80.5, -69.5, 20.5}, values);
        // SPECT: 6 x 6 x 3 voxels of 10 mm centred on the CT's centre (100, -50, 30)
        org.recon4j.geometry.VolumeGeometry grid = new org.recon4j.geometry.VolumeGeometry(6, 6, 3, 10, 10, 10, 0, 0, 0);
        float[] mu = AttenuationFromCt.resample(ct, grid, new double[] {100, -50, 30});
        int middle = (1 * 6 + 2) * 6;
        assertEquals(0.1, mu[middle + 1], 1e-6, "wholly left of x = 100");
        assertEquals(0.2, mu[middle + 3], 1e-6, "wholly right");
        assertEquals(0, mu[middle], 0, "beyond the CT's field: air");
        assertEquals(0, mu[0], 0);
    }
}
