package org.recon4j.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recon4j.InvalidInputException;
import org.recon4j.geometry.SpectGeometry;
import org.recon4j.testdata.ReferenceData;

/** NM projections written by pydicom (testdata/dicom-synthetic/make_nm.py states the content). */
class NmProjectionsTest {
    @TempDir
    Path folder;

    @Test
    void readsFramesGeometryAndWindowsAsWritten() throws IOException {
        Path file = folder.resolve("nm_tomo.dcm");
        Files.write(file, ReferenceData.bytes("dicom-synthetic/nm_tomo.dcm"));
        NmProjections.Acquisition acquisition = NmProjections.read(file);
        SpectGeometry geometry = acquisition.geometry();
        assertEquals(8, geometry.viewCount());
        assertEquals(16, geometry.columns());
        assertEquals(12, geometry.rows());
        assertEquals(4.42, geometry.columnSpacing(), 1e-9);
        for (int k = 0; k < 8; k++) {
            assertEquals(Math.toRadians(-45 * k), geometry.angle(k), 1e-12, "CW from 0 in steps of 45");
            assertEquals(200 + 10 * k, geometry.radius(k), 1e-9, "non-circular orbit");
        }
        assertEquals(15.0, acquisition.frameSeconds(), 1e-9);
        assertEquals(1, acquisition.windows().size());
        NmProjections.Window window = acquisition.windows().get(0);
        assertEquals("TC99M", window.name());
        assertEquals(126, window.lowerKeV(), 1e-9);
        assertEquals(154, window.upperKeV(), 1e-9);
        // the file's rows run toward the feet (orientation ...\0\0\-1): our rows run toward the head
        for (int view : new int[] {0, 3, 7}) {
            for (int r = 0; r < 12; r++) {
                for (int c = 0; c < 16; c++) {
                    float value = window.counts()[(view * 12 + (11 - r)) * 16 + c];
                    assertEquals(view * 1000 + r * 16 + c, value, 0, "view " + view + " row " + r + " column " + c);
                }
            }
        }
    }

    @Test
    void refusesOtherObjects() throws IOException {
        Path ct = folder.resolve("ct.dcm");
        Files.write(ct, ReferenceData.bytes("dicom-external/CT_small.dcm"));
        InvalidInputException error = assertThrows(InvalidInputException.class, () -> NmProjections.read(ct));
        assertTrue(error.getMessage().contains("expected NM tomographic projections"), error.getMessage());
    }
}
