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
import org.recon4j.algorithm.DivergentBeamFbp;
import org.recon4j.filter.FilterWindow;
import org.recon4j.geometry.DetectorShape;
import org.recon4j.geometry.FanBeamGeometry;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.testdata.ReferenceData;

/**
 * DICOM-CT-PD raw data written by pydicom (make_ctpd.py, private elements as UN, images stored
 * transposed as the Mayo files are): geometry, values, and a fan-beam FBP that puts the two
 * discs where the script drew them.
 */
class CtProjectionDataTest {
    @TempDir
    Path folder;

    private Path axialScan() {
        return ReferenceData.copyRawCtScan(folder.resolve("ctpd"));
    }

    @Test
    void theGeometryIsDecodedFromUnPrivateElements() throws IOException {
        CtProjectionData.Scan scan = CtProjectionData.read(axialScan());
        assertEquals("AXIAL", scan.type());
        assertEquals("CYLINDRICAL", scan.detectorShape());
        assertEquals(256, scan.channels());
        assertEquals(2, scan.rows());
        assertEquals(120, scan.viewCount());
        assertEquals(1.6, scan.channelPitch(), 1e-6);
        assertEquals(1.2, scan.rowPitch(), 1e-6);
        assertEquals(400, scan.sourceToIsocentre(), 1e-4);
        assertEquals(800, scan.sourceToDetector(), 1e-4);
        assertEquals(128.75, scan.centralChannel(), 1e-6);
        assertEquals(1.5, scan.centralRow(), 1e-6);
        assertEquals(0.0193, scan.waterAttenuation(), 1e-9);
        assertEquals("CTPD0001", scan.study().patientId());
        assertEquals(0.1 + 2 * Math.PI * 119 / 120, scan.angles()[119], 1e-5, "angles unwrapped, in view order");
        assertEquals(2 * Math.PI, scan.angularRange(), 1e-4);
        assertEquals(-0.3, scan.sliceZ(0), 1e-6, "row 1 sits half a row (magnified to the isocentre) below z0");
        FanBeamGeometry fan = scan.fanBeam();
        assertEquals(DetectorShape.ARC, fan.shape());
        assertEquals(0.1 + Math.PI, fan.angle(0), 1e-6);
        assertEquals(-(127.75 - 127.5) * 1.6, fan.detectorOffset(), 1e-6);
    }

    @Test
    void fanBeamFbpPutsTheDiscsWhereTheyWereDrawn() throws IOException {
        CtProjectionData.Scan scan = CtProjectionData.read(axialScan());
        VolumeGeometry grid = new VolumeGeometry(128, 128, 2, 1.25, 1.25, 1.25, 0, 0, 0);
        float[] image = DivergentBeamFbp.fan(scan.fanBeam(), grid, FilterWindow.HANN, 1, 0).reconstruct(scan.sinograms());
        assertEquals(0.02, mean(image, grid, 20, -10, 30), 0.02 * 0.03, "large disc centred at (20, -10)");
        assertEquals(0.03, mean(image, grid, -20, 10, 6), 0.03 * 0.03, "small disc at (-20, 10), inside the large one");
        assertEquals(0, mean(image, grid, -50, -50, 6), 0.001, "air outside both");
        assertEquals(0.02, mean(image, grid, 60, 10, 4), 0.02 * 0.1, "inside the large disc near its edge at x = 80");
    }

    /** Mean of slice 0 within {@code radius} mm of (x, y). */
    private static double mean(float[] image, VolumeGeometry grid, double x, double y, double radius) {
        double sum = 0;
        int count = 0;
        for (int j = 0; j < grid.ny(); j++) {
            for (int i = 0; i < grid.nx(); i++) {
                if (Math.hypot(grid.x(i) - x, grid.y(j) - y) <= radius) {
                    sum += image[j * grid.nx() + i];
                    count++;
                }
            }
        }
        return sum / count;
    }

    @Test
    void aFolderOfOtherDicomIsRefusedByName() throws IOException {
        Path other = folder.resolve("nm");
        Files.createDirectories(other);
        Files.write(other.resolve("nm_tomo.dcm"), ReferenceData.bytes("dicom-synthetic/nm_tomo.dcm"));
        InvalidInputException error = assertThrows(InvalidInputException.class, () -> CtProjectionData.read(other));
        assertEquals("nm_tomo.dcm: not DICOM-CT-PD raw data (no (7029,1010) detector rows or (7031,1001) focal-centre angle)",
                error.getMessage());
    }

    @Test
    void helicalScansAreDescribedButNotReconstructed() throws IOException {
        CtProjectionData.Scan axial = CtProjectionData.read(axialScan());
        double[] travel = new double[axial.viewCount()];
        for (int i = 0; i < travel.length; i++) {
            travel[i] = 0.5 * i;
        }
        CtProjectionData.Scan helical = new CtProjectionData.Scan("HELICAL", axial.detectorShape(), axial.channels(),
                axial.rows(), axial.channelPitch(), axial.rowPitch(), axial.sourceToIsocentre(), axial.sourceToDetector(),
                axial.centralChannel(), axial.centralRow(), axial.angles(), travel, "", false, Double.NaN, axial.data(),
                axial.study());
        assertTrue(helical.describe().startsWith("DICOM-CT-PD raw CT data: HELICAL scan, 120 views"), helical.describe());
        InvalidInputException error = assertThrows(InvalidInputException.class, helical::fanBeam);
        assertEquals("helical DICOM-CT-PD data (120 views over 1.0 turns, table travel 59.5 mm) cannot be reconstructed yet:"
                + " only axial scans are supported", error.getMessage());
    }
}
