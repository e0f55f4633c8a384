package org.recon4j.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recon4j.InvalidInputException;
import org.recon4j.geometry.SpectGeometry;

/** NM projections out and back in: two detectors, two energy windows, a non-circular orbit. */
class NmProjectionsWriterTest {
    @TempDir
    Path folder;

    /** Two heads 180 degrees apart, 12 views each, CW in 7.5-degree steps; radii follow a body contour. */
    private static NmProjections.Acquisition acquisition() {
        int perDetector = 12;
        double[] angles = new double[2 * perDetector];
        double[] radii = new double[angles.length];
        for (int d = 0; d < 2; d++) {
            for (int k = 0; k < perDetector; k++) {
                double degrees = 10 + 180 * d - 7.5 * k;
                angles[d * perDetector + k] = Math.toRadians(degrees);
                radii[d * perDetector + k] = 200 + 30 * Math.abs(Math.cos(Math.toRadians(degrees)));
            }
        }
        SpectGeometry geometry = SpectGeometry.of(angles, radii, 10, 6, 4.8, 4.8, 0, 0);
        int size = geometry.projectionSize();
        float[] peak = new float[size];
        float[] scatter = new float[size];
        for (int i = 0; i < size; i++) {
            peak[i] = (i * 7) % 500;
            scatter[i] = (i * 3) % 40;
        }
        return new NmProjections.Acquisition(List.of(new NmProjections.Window("PEAK", 126, 154, peak),
                new NmProjections.Window("LOWER", 108, 126, scatter)), geometry, 20,
                new DicomStudy("Doe^Ann", "NM42", "", "", "2.25.99", "20260505", "", "", "", ""));
    }

    @Test
    void twoDetectorsTwoWindowsAndABodyContourRoundTrip() throws Exception {
        Path file = folder.resolve("projections.dcm");
        NmProjections.Acquisition written = acquisition();
        NmProjectionsWriter.write(file, written, 2, "simulation");
        NmProjections.Acquisition read = NmProjections.read(file);
        assertEquals(2, read.windows().size());
        for (int w = 0; w < 2; w++) {
            assertEquals(written.windows().get(w).name(), read.windows().get(w).name());
            assertEquals(written.windows().get(w).lowerKeV(), read.windows().get(w).lowerKeV(), 1e-9);
            assertArrayEquals(written.windows().get(w).counts(), read.windows().get(w).counts(), "window " + w);
        }
        SpectGeometry in = written.geometry();
        SpectGeometry out = read.geometry();
        assertEquals(in.viewCount(), out.viewCount());
        for (int view = 0; view < in.viewCount(); view++) {
            double turns = (in.angle(view) - out.angle(view)) / (2 * Math.PI);
            assertEquals(Math.rint(turns), turns, 1e-9, "view " + view + " angle, modulo whole turns");
            assertEquals(in.radius(view), out.radius(view), 1e-6, "view " + view + " radius");
        }
        assertEquals(20, read.frameSeconds(), 1e-9);
        assertEquals("NM42", read.study().patientId());
        String report = ExternalTools.run("dciodvfy", "dicom3tools", file.toString());
        assertEquals(List.of(), ExternalTools.validatorErrors(report), report);
        String pydicom = ExternalTools.python("""
                import sys, pydicom
                ds = pydicom.dcmread(sys.argv[1])
                print(ds.NumberOfFrames, ds.NumberOfDetectors, ds.NumberOfEnergyWindows, ds.RotationInformationSequence[0].RotationDirection)
                """, file.toString());
        assertEquals("48 2 2 CW", pydicom.trim());
    }

    @Test
    void unevenViewsAreRefused() {
        InvalidInputException error = assertThrows(InvalidInputException.class,
                () -> NmProjectionsWriter.write(folder.resolve("x.dcm"), acquisition(), 5, ""));
        assertTrue(error.getMessage().startsWith("the 24 views must share evenly among the detectors"), error.getMessage());
    }
}
