package org.recon4j.spect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.recon4j.InvalidInputException;
import org.recon4j.geometry.VolumeGeometry;

class SpectToolsTest {
    @Test
    void tripleAndDualEnergyWindowsFollowTheirFormulas() {
        float[] lower = {30, 0, 12};
        float[] upper = {6, 0, 0};
        // W_lower 6 keV, W_peak 28 keV, W_upper 6 keV: S = (C_l / 6 + C_u / 6) * 28 / 2
        assertArrayEquals(new float[] {84, 0, 28}, ScatterEstimate.tripleEnergyWindow(lower, upper, 6, 28, 6), 1e-4f);
        assertArrayEquals(new float[] {70, 0, 28}, ScatterEstimate.tripleEnergyWindow(lower, null, 6, 28, 0), 1e-4f);
        assertArrayEquals(new float[] {15, 0, 6}, ScatterEstimate.dualEnergyWindow(lower, 0.5), 1e-6f);
        assertThrows(InvalidInputException.class,
                () -> ScatterEstimate.dualEnergyWindow(new float[] {-1}, 0.5));
        assertThrows(InvalidInputException.class,
                () -> ScatterEstimate.tripleEnergyWindow(lower, upper, 0, 28, 6));
    }

    @Test
    void halfLivesDecayByHalf() {
        for (Radionuclide nuclide : Radionuclide.values()) {
            assertEquals(0.5, nuclide.decayFactor(nuclide.halfLifeSeconds()), 1e-12);
        }
        assertEquals(Radionuclide.TC99M, Radionuclide.parse("tc-99m"));
        assertEquals(Radionuclide.LU177, Radionuclide.parse("Lu177"));
        assertThrows(InvalidInputException.class, () -> Radionuclide.parse("F-18 "));
        assertEquals(6.0067 * 3600, Radionuclide.TC99M.halfLifeSeconds(), 1e-9);
    }

    @Test
    void countsBecomeBecquerelPerMillilitre() {
        // 1 ml voxels; 1000 counts a voxel over 100 s at 10 cps/MBq is 1 MBq a voxel if nothing decayed
        VolumeGeometry grid = new VolumeGeometry(2, 1, 1, 10, 10, 10, 0, 0, 0);
        float[] counts = {1000, 500};
        double frame = 100;
        double lambda = Math.log(2) / Radionuclide.TC99M.halfLifeSeconds();
        double meanDuringFrame = (1 - Math.exp(-lambda * frame)) / (lambda * frame);
        float[] concentration = Quantification.toBecquerelPerMillilitre(counts, grid, 10, frame, Radionuclide.TC99M, 0);
        assertEquals(1e6 / meanDuringFrame, concentration[0], 1e-6 * 1e6);
        assertEquals(0.5e6 / meanDuringFrame, concentration[1], 1e-6 * 1e6);
        // referred to one half-life before the scan, the activity was twice as much
        float[] atInjection = Quantification.toBecquerelPerMillilitre(counts, grid, 10, frame, Radionuclide.TC99M,
                -Radionuclide.TC99M.halfLifeSeconds());
        assertEquals(2 * concentration[0], atInjection[0], 1e-6 * atInjection[0]);
    }

    @Test
    void gaussianPostFilterKeepsTheTotalAndHasTheRequestedWidth() {
        VolumeGeometry grid = new VolumeGeometry(41, 41, 41, 2, 2, 2, 0, 0, 0);
        float[] impulse = new float[grid.voxelCount()];
        int centre = (20 * 41 + 20) * 41 + 20;
        impulse[centre] = 1;
        float[] smoothed = PostFilter.gaussian(impulse, grid, 10);
        double total = 0;
        double secondMoment = 0;
        for (int x = 0; x < 41; x++) {
            for (int y = 0; y < 41; y++) {
                for (int z = 0; z < 41; z++) {
                    float value = smoothed[(z * 41 + y) * 41 + x];
                    total += value;
                    secondMoment += value * Math.pow((x - 20) * 2, 2);
                }
            }
        }
        assertEquals(1, total, 1e-5);
        double sigma = Math.sqrt(secondMoment / total);
        assertEquals(10 / (2 * Math.sqrt(2 * Math.log(2))), sigma, 0.05);
    }

    @Test
    void butterworthPassesAUniformImage() {
        VolumeGeometry grid = new VolumeGeometry(8, 8, 8, 4, 4, 4, 0, 0, 0);
        float[] uniform = new float[grid.voxelCount()];
        java.util.Arrays.fill(uniform, 3f);
        float[] filtered = PostFilter.butterworth(uniform, grid, 0.05, 5);
        for (float value : filtered) {
            assertEquals(3f, value, 1e-4f);
        }
    }

    @Test
    void contrastRecoveryAndVariability() {
        assertEquals(1.0, RoiMetrics.hotContrastRecovery(4, 1, 4), 1e-12);
        assertEquals(0.5, RoiMetrics.hotContrastRecovery(2.5, 1, 4), 1e-12);
        assertEquals(0.75, RoiMetrics.coldContrastRecovery(0.25, 1), 1e-12);
        float[] image = {1, 3, 5, 100};
        boolean[] roi = {true, true, true, false};
        assertEquals(3, RoiMetrics.mean(image, roi), 1e-12);
        assertEquals(2.0 / 3, RoiMetrics.backgroundVariability(image, roi), 1e-12);
    }
}
