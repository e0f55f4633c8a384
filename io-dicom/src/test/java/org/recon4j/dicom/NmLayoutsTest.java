package org.recon4j.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recon4j.algorithm.Osem;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.projector.SpectProjector;
import org.recon4j.spect.SpectGrid;

/**
 * NM files in other vendors' layouts, written by pydicom from the standard's geometry
 * ({@code make_nm_layouts.py}: a sphere at a known patient position, GE's mirrored columns and
 * Radial Position in the Rotation Information, two detectors with per-view radii and interleaved
 * frames, two rotations). Each is read and reconstructed; the sphere must come back where the
 * script put it, in patient coordinates. A reader that mirrors, turns or misplaces frames, or
 * steps angles the wrong way, moves or smears the sphere.
 */
class NmLayoutsTest {
    private static final double[] SPHERE = {42, -35, 160};

    @TempDir
    Path folder;

    /** Runs the generator (Debian's python3 with pydicom; skipped without them) into the temporary folder. */
    private String writeLayouts() throws IOException, InterruptedException {
        Path script = folder.resolve("make_nm_layouts.py");
        try (InputStream in = NmLayoutsTest.class.getResourceAsStream("make_nm_layouts.py")) {
            Files.copy(in, script);
        }
        return ExternalTools.python("import runpy, sys; sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], "
                + "run_name='__main__')", script.toString(), folder.toString());
    }

    @Test
    void theSphereComesBackWhereItWasInEveryLayout() throws Exception {
        String printed = writeLayouts();
        assertTrue(printed.contains("sphere 42.0 -35.0 160.0"), printed);
        for (String layout : new String[] {"ge", "siemens", "rotations"}) {
            double[] centre = reconstructedCentre(folder.resolve(layout + ".dcm"));
            for (int axis = 0; axis < 3; axis++) {
                assertEquals(SPHERE[axis], centre[axis], 1.5, layout + " axis " + axis + ": " + java.util.Arrays.toString(centre));
            }
        }
    }

    @Test
    void readsWhereEachLayoutKeepsItsGeometry() throws Exception {
        writeLayouts();
        NmProjections.Acquisition siemens = NmProjections.read(folder.resolve("siemens.dcm"));
        assertEquals(32, siemens.geometry().viewCount(), "2 detectors x 16 views");
        assertEquals(175.0 - 2 * 3, siemens.geometry().radius(16 + 3), 1e-9, "detector 2's fourth radius");
        assertEquals(Math.toRadians(180 - 3 * 11.25), siemens.geometry().angle(16 + 3), 1e-9, "CW from 180");
        assertEquals(0, EnergyWindows.photopeak(siemens, null, "siemens.dcm"), "PEAK beside LOWER SCATTER");
        assertEquals(1, EnergyWindows.below(siemens.windows(), 0));
        NmProjections.Acquisition rotations = NmProjections.read(folder.resolve("rotations.dcm"));
        assertEquals(Math.toRadians(105 + 30), rotations.geometry().angle(13), 1e-9, "second rotation's second view");
        assertEquals("2.25.4242", rotations.placement().frameOfReferenceUid());
    }

    private static double[] reconstructedCentre(Path file) throws IOException {
        NmProjections.Acquisition acquisition = NmProjections.read(file);
        int peak = EnergyWindows.photopeak(acquisition, "1", file.getFileName().toString());
        VolumeGeometry grid = SpectGrid.of(acquisition.geometry(), null, Double.NaN);
        boolean[] mask = SpectGrid.cylinder(grid, SpectGrid.defaultRadius(acquisition.geometry(), grid));
        SpectProjector projector = new SpectProjector(acquisition.geometry(), grid, null, mask, null, 2);
        float[] image = new Osem(projector, acquisition.windows().get(peak).counts(), null, null, 4).run(6);
        float maximum = 0;
        for (float value : image) {
            maximum = Math.max(maximum, value);
        }
        double[] sum = new double[3];
        double total = 0;
        double[] axis = acquisition.placement().axisPosition();
        for (int z = 0; z < grid.nz(); z++) {
            for (int y = 0; y < grid.ny(); y++) {
                for (int x = 0; x < grid.nx(); x++) {
                    float value = image[(z * grid.ny() + y) * grid.nx() + x];
                    if (value > 0.3 * maximum) {
                        sum[0] += value * (grid.x(x) + axis[0]);
                        sum[1] += value * (grid.y(y) + axis[1]);
                        sum[2] += value * (grid.z(z) + axis[2]);
                        total += value;
                    }
                }
            }
        }
        return new double[] {sum[0] / total, sum[1] / total, sum[2] / total};
    }
}
