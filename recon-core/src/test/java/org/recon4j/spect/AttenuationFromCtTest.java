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
}
