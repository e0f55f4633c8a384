package org.recon4j.testdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReferenceDataTest {
    @Test
    void ctsimFilesHaveTheirDocumentedShapes() {
        float[] sinogram = ReferenceData.floats(ReferenceData.CTSIM_SINOGRAM, 180 * 256);
        float[] phantom = ReferenceData.floats(ReferenceData.CTSIM_PHANTOM, 256 * 256);
        double maximum = 0;
        for (float value : sinogram) {
            maximum = Math.max(maximum, value);
        }
        assertTrue(maximum > 10, "the sinogram holds line integrals over many pixels");
        assertEquals(0.0, phantom[0], 1e-6, "the corner lies outside the head");
    }

    @Test
    void aWrongCountIsRefused() {
        assertThrows(IllegalStateException.class, () -> ReferenceData.floats(ReferenceData.SKIMAGE_RAMP_256, 10));
        assertThrows(IllegalStateException.class, () -> ReferenceData.bytes("no-such-file"));
    }
}
