package org.recon4j.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recon4j.Progress;
import org.recon4j.filter.FilterWindow;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.helical.FocalSpots;
import org.recon4j.helical.HelicalGeometry;
import org.recon4j.helical.WeightedFbp;
import org.recon4j.phantom.Ellipsoid;

/**
 * Helical DICOM-CT-PD scans written by make_ctpd.py from the format's definition, read and
 * reconstructed by weighted FBP, against the analytic phantom: HU of uniform regions, the error
 * inside the objects, a flat z profile, and the objects where the phantom puts them in the
 * patient frame (a mirrored or upside-down reading fails the insert means).
 */
class HelicalRawDataTest {
    private static final double WATER = 0.0193;
    private static final VolumeGeometry GRID = new VolumeGeometry(128, 128, 8, 0.6, 0.6, 1.0, 0, 0, 0);

    @TempDir
    Path folder;

    record Measured(double waterHu, double brightHu, double darkHu, double rmseHu, double profileSpreadHu,
                    double edgeRmseHu, double noiseHu) {
    }

    private Measured reconstruct(Path scanFolder, boolean ignoreFocalSpot) throws IOException {
        CtProjectionData.Scan scan = CtProjectionData.read(scanFolder);
        HelicalGeometry geometry = scan.helical();
        if (ignoreFocalSpot) {
            geometry = new HelicalGeometry(geometry.detector(), geometry.sourceToIsocentre(), geometry.sourceAngles(),
                    geometry.sourceZ(), FocalSpots.none(), geometry.viewsPerTurn());
        }
        float[] image = new WeightedFbp(geometry, GRID, FilterWindow.HANN, 1, WeightedFbp.DEFAULT_Q, 0)
                .reconstruct(scan.projections(), Progress.NONE);
        return measure(image, SimulatedRawScans.phantom(scanFolder));
    }

    private static double hu(double mu) {
        return 1000 * (mu - WATER) / WATER;
    }

    private static Measured measure(float[] image, List<Ellipsoid> phantom) {
        double squared = 0;
        double edgeSquared = 0;
        int count = 0;
        int edgeCount = 0;
        double water = 0;
        double bright = 0;
        double dark = 0;
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        double noise = 0;
        for (int k = 0; k < GRID.nz(); k++) {
            double sliceWater = mean(image, k, -5, 14, 4);
            water += sliceWater / GRID.nz();
            bright += mean(image, k, 14, 8, 5) / GRID.nz();
            dark += mean(image, k, -15, -6, 4) / GRID.nz();
            noise += standardDeviation(image, k, -5, 14, 4) / GRID.nz();
            low = Math.min(low, sliceWater);
            high = Math.max(high, sliceWater);
            for (int j = 0; j < GRID.ny(); j++) {
                for (int i = 0; i < GRID.nx(); i++) {
                    double x = GRID.x(i);
                    double y = GRID.y(j);
                    double z = GRID.z(k);
                    double value = image[(k * GRID.ny() + j) * GRID.nx() + i];
                    double truth = SimulatedRawScans.truth(phantom, x, y, z);
                    if (Math.hypot(x / 34, y / 28) <= 1) {
                        double error = value - partialVolume(phantom, x, y, z);
                        edgeSquared += error * error;
                        edgeCount++;
                    }
                    if (truth > 0 && uniformAround(phantom, x, y, z, truth)) {
                        squared += (value - truth) * (value - truth);
                        count++;
                    }
                }
            }
        }
        double toHu = 1000 / WATER;
        return new Measured(hu(water), hu(bright), hu(dark), Math.sqrt(squared / count) * toHu, (high - low) * toHu,
                Math.sqrt(edgeSquared / edgeCount) * toHu, noise * toHu);
    }

    private static boolean uniformAround(List<Ellipsoid> phantom, double x, double y, double z, double truth) {
        for (int dx = -2; dx <= 2; dx += 2) {
            for (int dy = -2; dy <= 2; dy += 2) {
                for (int dz = -2; dz <= 2; dz += 2) {
                    if (SimulatedRawScans.truth(phantom, x + dx, y + dy, z + dz) != truth) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private static double partialVolume(List<Ellipsoid> phantom, double x, double y, double z) {
        double sum = 0;
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                for (int c = 0; c < 3; c++) {
                    sum += SimulatedRawScans.truth(phantom, x + (a - 1) * GRID.dx() / 3, y + (b - 1) * GRID.dy() / 3,
                            z + (c - 1) * GRID.dz() / 3);
                }
            }
        }
        return sum / 27;
    }

    private static double mean(float[] image, int slice, double cx, double cy, double radius) {
        double sum = 0;
        int count = 0;
        for (int j = 0; j < GRID.ny(); j++) {
            for (int i = 0; i < GRID.nx(); i++) {
                if (Math.hypot(GRID.x(i) - cx, GRID.y(j) - cy) <= radius) {
                    sum += image[(slice * GRID.ny() + j) * GRID.nx() + i];
                    count++;
                }
            }
        }
        return sum / count;
    }

    private static double standardDeviation(float[] image, int slice, double cx, double cy, double radius) {
        double mean = mean(image, slice, cx, cy, radius);
        double sum = 0;
        int count = 0;
        for (int j = 0; j < GRID.ny(); j++) {
            for (int i = 0; i < GRID.nx(); i++) {
                if (Math.hypot(GRID.x(i) - cx, GRID.y(j) - cy) <= radius) {
                    double d = image[(slice * GRID.ny() + j) * GRID.nx() + i] - mean;
                    sum += d * d;
                    count++;
                }
            }
        }
        return Math.sqrt(sum / count);
    }

    private Path scan(String name, double pitch, String... options) throws IOException, InterruptedException {
        double turns = 0.4 + 1.9 / Math.abs(pitch);
        String[] all = new String[options.length + 4];
        all[0] = "--pitch";
        all[1] = Double.toString(pitch);
        all[2] = "--turns";
        all[3] = Double.toString(turns);
        System.arraycopy(options, 0, all, 4, options.length);
        return SimulatedRawScans.generate(folder.resolve(name), all);
    }

    private static void assertAccurate(Measured measured) {
        assertEquals(0, measured.waterHu(), 10, "water " + measured);
        assertEquals(100, measured.brightHu(), 10, "+100 HU insert at (14, 8) mm LPS " + measured);
        assertEquals(-100, measured.darkHu(), 10, "-100 HU insert at (-15, -6) mm LPS " + measured);
        assertTrue(measured.rmseHu() < 5, "RMSE inside the objects " + measured);
        // Noise-free data: the slice means of water stay within 2 HU of each other; a pitch-periodic
        // error (wrong weights, a wrong row direction or table feed) moves them by tens of HU.
        assertTrue(measured.profileSpreadHu() < 2, "z profile through water " + measured);
    }

    @Test
    void pitchOneHeadFirst() throws Exception {
        Path scanned = scan("p10", 1.0, "--views-per-turn", "288");
        CtProjectionData.Scan scan = CtProjectionData.read(scanned);
        HelicalGeometry geometry = scan.helical();
        assertEquals(1.0, geometry.pitch(), 1e-3);
        assertEquals(PatientFrame.HFS, scan.frame());
        assertEquals(72.125, scan.detector().centralChannel(), 1e-6);
        Measured measured = reconstruct(scanned, false);
        System.out.println("pitch 1.0 HFS: " + measured);
        assertAccurate(measured);
    }

    @Test
    void pitchHalfWithAxialFlyingFocalSpot() throws Exception {
        Measured measured = reconstruct(scan("p05z", 0.5, "--views-per-turn", "576", "--ffs", "FFSZ"), false);
        System.out.println("pitch 0.5 FFSZ: " + measured);
        assertAccurate(measured);
    }

    @Test
    void pitchOneAndAHalfTableTowardMinusZWithInPlaneFlyingFocalSpot() throws Exception {
        Path scanned = scan("p15xy", -1.5, "--views-per-turn", "576", "--ffs", "FFSXY");
        Measured measured = reconstruct(scanned, false);
        Measured ignored = reconstruct(scanned, true);
        System.out.println("pitch -1.5 FFSXY: " + measured + "; ignored " + ignored);
        assertAccurate(measured);
        assertTrue(ignored.edgeRmseHu() > 1.3 * measured.edgeRmseHu(), "ignoring the flying focal spot " + ignored);
    }

    @Test
    void feetFirstWithBothFlyingFocalSpotsAndFallingAngles() throws Exception {
        Measured measured = reconstruct(scan("p10xyz", 1.0, "--views-per-turn", "1152", "--ffs", "FFSXYZ",
                "--position", "FFS", "--phi-step-sign", "-1"), false);
        System.out.println("pitch 1.0 FFS FFSXYZ: " + measured);
        assertAccurate(measured);
    }

    @Test
    void noisyScan() throws Exception {
        Measured measured = reconstruct(scan("noisy", 1.0, "--views-per-turn", "288", "--photons", "2e5"), false);
        System.out.println("pitch 1.0 noisy: " + measured);
        assertEquals(0, measured.waterHu(), 10, "water " + measured);
        assertEquals(100, measured.brightHu(), 10, "+100 HU insert " + measured);
        assertEquals(-100, measured.darkHu(), 10, "-100 HU insert " + measured);
        assertTrue(measured.noiseHu() > 2, "the noise shows: " + measured);
    }
}
