package org.recon4j.algorithm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.recon4j.InvalidInputException;
import org.recon4j.geometry.ParallelBeamGeometry;
import org.recon4j.phantom.Phantom2D;
import org.recon4j.phantom.SheppLogan;
import org.recon4j.phantom.TransmissionNoise;
import org.recon4j.testdata.ReferenceData;

class CentreOfRotationTest {
    private static final Phantom2D PHANTOM = SheppLogan.modified2D(50);

    @ParameterizedTest(name = "offset {0} mm over {1} degrees")
    @CsvSource({"2.3, 180", "-7.75, 360", "0.4, 200", "3, 150"})
    void findsTheOffsetTheDataWasMadeWith(double offset, double arcDegrees) {
        ParallelBeamGeometry truth = ParallelBeamGeometry.uniform(90, Math.toRadians(arcDegrees), 140, 0.9)
                .withDetectorOffset(offset);
        float[] sinogram = PHANTOM.sinogram(truth);
        CentreOfRotation.Estimate estimate = CentreOfRotation.estimate(sinogram, truth.withDetectorOffset(0));
        assertEquals(offset, estimate.detectorOffset(), 0.05, "within 1/20 of a bin");
        System.out.printf("offset %.3f estimated %.4f, fit residual %.4f mm%n", offset, estimate.detectorOffset(), estimate.residual());
        assertTrue(estimate.residual() < 0.25 * truth.binSpacing(), "the centres lie on one sinusoid");
    }

    @Test
    void toleratesNoise() {
        ParallelBeamGeometry truth = ParallelBeamGeometry.uniform(180, Math.PI, 140, 1).withDetectorOffset(-1.6);
        float[] noisy = TransmissionNoise.apply(PHANTOM.sinogram(truth), 1e4, 0.02, 7);
        assertEquals(-1.6, CentreOfRotation.estimate(noisy, truth.withDetectorOffset(0)).detectorOffset(), 0.15);
    }

    @Test
    void findsCtsimsHalfBinShift() {
        // ctsim's axis sits at bin 128 of 256: half a bin from our centre (see the data's README)
        float[] sinogram = ReferenceData.floats(ReferenceData.CTSIM_SINOGRAM, 180 * 256);
        double[] angles = new double[180];
        for (int v = 0; v < 180; v++) {
            angles[v] = -v * Math.PI / 180;
        }
        double offset = CentreOfRotation.estimate(sinogram, ParallelBeamGeometry.of(angles, 256, 1, 0)).detectorOffset();
        assertEquals(-0.5, offset, 0.05);
    }

    @Test
    void emptyOrDegenerateDataIsRefused() {
        ParallelBeamGeometry geometry = ParallelBeamGeometry.uniform(10, Math.PI, 20, 1);
        assertThrows(InvalidInputException.class, () -> CentreOfRotation.estimate(new float[200], geometry));
        ParallelBeamGeometry two = ParallelBeamGeometry.of(new double[] {0, 1}, 20, 1, 0);
        float[] data = new float[40];
        java.util.Arrays.fill(data, 1f);
        assertThrows(InvalidInputException.class, () -> CentreOfRotation.estimate(data, two));
    }
}
