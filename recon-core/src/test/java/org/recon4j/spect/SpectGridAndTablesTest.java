package org.recon4j.spect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.recon4j.InvalidInputException;
import org.recon4j.geometry.SpectGeometry;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.io.FloatVolume;

class SpectGridAndTablesTest {
    private static final SpectGeometry CLINICAL = SpectGeometry.fromDicom(180, 6, SpectGeometry.Direction.CC, 60,
            new double[] {253.7}, 128, 128, 4.4196, 4.4196);

    @Test
    void theDefaultFieldIsACylinderInsideTheOrbitNotTheSquare() {
        VolumeGeometry grid = SpectGrid.of(CLINICAL, null, Double.NaN);
        assertEquals(128, grid.nx());
        assertEquals(128, grid.nz());
        double radius = SpectGrid.defaultRadius(CLINICAL, grid);
        assertEquals(253.7 - 4.4196, radius, 1e-9);
        boolean[] inside = SpectGrid.cylinder(grid, radius);
        assertFalse(inside[0], "the square's corner lies beyond the camera");
        assertTrue(inside[(64 * 128 + 64) * 128 + 64], "the centre");
        assertThrows(InvalidInputException.class, () -> SpectGrid.requireInsideOrbit(CLINICAL, 260));
        VolumeGeometry custom = SpectGrid.of(CLINICAL, new int[] {96, 80}, 5);
        assertEquals(96, custom.nx());
        assertEquals(80, custom.ny());
        assertEquals(Math.round(128 * 4.4196 / 5), custom.nz(), "the detector's axial extent in 5 mm slices");
    }

    @Test
    void partialVolumesWeighTheSharedLength() {
        // CT: 1 mm voxels from x = 0.5 to 9.5, values 0 left of x = 4 and 1 right of it; one row, one slice deep
        float[] values = new float[10 * 1 * 3];
        for (int z = 0; z < 3; z++) {
            for (int x = 4; x < 10; x++) {
                values[z * 10 + x] = 1;
            }
        }
        FloatVolume ct = new FloatVolume(new int[] {10, 1, 3}, new double[] {1, 1, 1}, new double[] {0.5, 0, 0}, values);
        // SPECT voxels of 3 mm centred at x = 1.5, 4.5, 7.5, 10.5 (the last half beyond the CT), 1 mm in y, 5 slices of 1 mm
        VolumeGeometry grid = new VolumeGeometry(4, 1, 5, 3, 1, 1, 0, 0, 0);
        AttenuationFromCt.Resampled resampled = AttenuationFromCt.resampleCovered(ct, grid, new double[] {6, 0, 1});
        float[] mu = resampled.values();
        assertEquals(0, mu[0 + 2 * 4], 1e-6);
        assertEquals(2.0 / 3, mu[1 + 2 * 4], 1e-6, "two of its three millimetres hold 1");
        assertEquals(1, mu[2 + 2 * 4], 1e-6);
        assertEquals(1.0 / 3, mu[3 + 2 * 4], 1e-6, "two thirds beyond the CT in the plane: air");
        assertEquals(1, resampled.firstCovered(), "slice 0 (z = -1) lies before the CT");
        assertEquals(3, resampled.lastCovered(), "slice 4 (z = 3) lies past the CT (z -0.5 to 2.5)");
        assertEquals(mu[1 + 3 * 4], mu[1 + 4 * 4], 0, "the uncovered slice copies the nearest covered one");
        assertEquals(mu[1 + 1 * 4], mu[1], 0);
        assertEquals(2, resampled.extrapolatedSlices(5));
    }

    @Test
    void nuclidesAreFoundAsFilesAndPeopleWriteThem() {
        assertEquals(Radionuclide.LU177, Radionuclide.find("^177^Lutetium").orElseThrow());
        assertEquals(Radionuclide.LU177, Radionuclide.find("Lu177_EM").orElseThrow());
        assertEquals(Radionuclide.TC99M, Radionuclide.find("99mTc").orElseThrow());
        assertEquals(Radionuclide.IN111, Radionuclide.find("Indium-111").orElseThrow());
        assertTrue(Radionuclide.find("sc3_SC").isEmpty());
        assertEquals(2, Radionuclide.LU177.mainEmissionsKeV().length);
    }

    @Test
    void collimatorsLoseLengthToPenetrationAtHigherEnergies() {
        Collimator megp = Collimator.parse("ge-megp");
        assertTrue(megp.effectiveLength(208) < megp.holeLength());
        assertTrue(megp.effectiveLength(364) < megp.effectiveLength(208));
        // geometric FWHM at 100 mm: D (L_eff + d) / L_eff, about 8.3 mm for MEGP at 208 keV, with intrinsic 3.9 mm
        double sigma = megp.response(208, Double.NaN, 3).sigma(100);
        double expected = Math.hypot(3.0 * (megp.effectiveLength(208) + 100) / megp.effectiveLength(208), 3.9)
                / (2 * Math.sqrt(2 * Math.log(2)));
        assertEquals(expected, sigma, 1e-12);
        assertThrows(InvalidInputException.class, () -> Collimator.parse("LEGP-X"));
        assertThrows(InvalidInputException.class, () -> megp.effectiveLength(50));
    }
}
