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
import org.recon4j.helical.MultiRowDetector;
import org.recon4j.testdata.ReferenceData;

/**
 * DICOM-CT-PD raw data written by pydicom (make_ctpd.py, from the format's definition; private
 * elements as UN, images stored transposed as the Mayo files are): geometry, the mapping onto the
 * patient frame, and a fan-beam FBP that puts the two discs where the script drew them.
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
        CtProjectionData.Detector detector = scan.detector();
        assertEquals("AXIAL", scan.type());
        assertEquals("CYLINDRICAL", detector.shape());
        assertEquals(256, detector.channels());
        assertEquals(2, detector.rows());
        assertEquals(120, scan.viewCount());
        assertEquals(1.6, detector.channelPitch(), 1e-6);
        assertEquals(1.2, detector.rowPitch(), 1e-6);
        assertEquals(400, scan.sourceToIsocentre(), 1e-4);
        assertEquals(800, detector.sourceToDetector(), 1e-4);
        assertEquals(128.75, detector.centralChannel(), 1e-6);
        assertEquals(1.5, detector.centralRow(), 1e-6);
        assertEquals(0.0193, scan.waterAttenuation(), 1e-9);
        assertEquals(120, scan.viewsPerRotation());
        assertEquals(PatientFrame.HFS, scan.frame());
        assertEquals("CTPD0001", scan.study().patientId());
        assertEquals(0.1 + 2 * Math.PI * 119 / 120, scan.views().angles()[119], 1e-5, "angles unwrapped, in view order");
        assertEquals(2 * Math.PI, scan.angularRange(), 1e-4);
    }

    @Test
    void headFirstSupineMapsPhiOntoFallingBetaAndKeepsTheColumnOrder() throws IOException {
        CtProjectionData.Scan scan = CtProjectionData.read(axialScan());
        MultiRowDetector detector = scan.multiRowDetector();
        // LPS = (x, -y, z): the focal centre (-rho sin phi, rho cos phi) is at (-rho sin phi, -rho cos phi),
        // Recon4J's rho (sin beta, -cos beta) with beta = -phi; the fan angle keeps its sense.
        FanBeamGeometry fan = scan.fanBeam();
        assertEquals(DetectorShape.ARC, fan.shape());
        assertEquals(-0.1, fan.angle(0), 1e-6);
        assertEquals(127.75, detector.centralChannel(), 1e-6, "column c0 = 128.75 (1-based) is bin 127.75");
        // Row 1 is the farthest along +z: it becomes Recon4J's last row.
        assertEquals(0.5, detector.centralRow(), 1e-6);
        assertEquals(-0.3, scan.sliceZ(0), 1e-6, "Recon4J's row 0 (the file's row 2) sits half a row below z0");
        assertEquals(0.3, scan.sliceZ(1), 1e-6);
    }

    @Test
    void theOtherPatientPositionsMapAsTheFormatSays() {
        assertEquals(Math.PI / 6, PatientFrame.FFS.sourceAngle(Math.PI / 6), 1e-12, "FFS: LPS (-x, -y, -z), beta = phi");
        assertTrue(PatientFrame.FFS.reversesColumns());
        assertTrue(!PatientFrame.FFS.reversesRows());
        assertEquals(-5, PatientFrame.FFS.z(5), 1e-12);
        assertEquals(Math.PI - 0.2, PatientFrame.HFP.sourceAngle(0.2), 1e-12, "HFP: LPS (-x, y, z)");
        assertEquals(Math.PI + 0.2, PatientFrame.FFP.sourceAngle(0.2), 1e-12, "FFP: LPS (x, y, -z)");
        InvalidInputException error = assertThrows(InvalidInputException.class, () -> PatientFrame.of("HFDL"));
        assertEquals("Patient Position (0018,5100) 'HFDL' is not supported for raw CT data: expected HFS, FFS, HFP or FFP",
                error.getMessage());
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
    void theRealSiemensHelicalViewIsRead() throws IOException {
        Path file = ReferenceData.external("ctbangbang/batelle.dcm").orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(file != null,
                "../shared/refdata/external/ctbangbang/batelle.dcm is absent; skipped");
        CtProjectionData.Scan scan = CtProjectionData.read(file);
        CtProjectionData.Detector detector = scan.detector();
        assertEquals("HELICAL", scan.type());
        assertEquals(736, detector.channels());
        assertEquals(32, detector.rows());
        assertEquals(1.2858, detector.channelPitch(), 1e-4);
        assertEquals(2.1894, detector.rowPitch(), 1e-4);
        assertEquals(369.625, detector.centralChannel(), 1e-3);
        assertEquals(16.5, detector.centralRow(), 1e-3);
        assertEquals(595, scan.sourceToIsocentre(), 1e-3);
        assertEquals(1085.6, detector.sourceToDetector(), 0.05);
        assertEquals("FFSNONE", scan.flyingFocalSpot());
        assertEquals(1152, scan.viewsPerRotation());
        float[] projection = scan.data();
        double slope = 9.866502822e-05;
        double intercept = -0.1440767036792;
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (float value : projection) {
            low = Math.min(low, value);
            high = Math.max(high, value);
        }
        assertEquals(1346 * slope + intercept, low, 1e-5, "smallest stored value 1346, rescaled");
        assertEquals(55716 * slope + intercept, high, 1e-5, "largest stored value 55716, rescaled");
        assertTrue(scan.describe().contains("736 channels x 32 rows"), scan.describe());
    }
}
