package org.recon4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recon4j.dicom.CtSeries;
import org.recon4j.io.FloatVolume;
import org.recon4j.io.MetaImage;
import org.recon4j.testdata.ReferenceData;

/**
 * A real patient study from a real camera: the GE Discovery 670 Pro Lu-177 SPECT/CT of
 * PyTomography's SPECT/CT extension (two beds, six windows, and the CT of the same Frame of
 * Reference), in shared/refdata/external; skipped with a message where that is absent. Both beds
 * are reconstructed once, as the README shows (OSEM 8 x 4, CT attenuation, TEW, GE-MEGP response).
 */
class ClinicalSpectCtTest {
    private static final String STUDY = "pytomography-slicer";

    @TempDir
    static Path folder;

    private static Path nm;
    private static Path ct;

    @BeforeAll
    static void reconstructBothBeds() {
        Optional<Path> study = ReferenceData.external(STUDY);
        assumeTrue(study.isPresent(), "shared/refdata/external/" + STUDY + " is absent here: the GE Lu-177 study tests are skipped");
        nm = study.get().resolve("NM");
        ct = study.get().resolve("CT");
        for (int bed = 1; bed <= 2; bed++) {
            CommandRun run = CommandRun.of("osem", "--in", nm.resolve("bed" + bed + "_projections.dcm").toString(),
                    "--photopeak", "208", "--mu-ct", ct.toString(), "--scatter", "tew", "--collimator", "GE-MEGP",
                    "--subsets", "8", "--iterations", "4", "--out", folder.resolve("bed" + bed + ".mhd").toString(),
                    "--out-mu", folder.resolve("mu" + bed + ".mhd").toString(), "--out-dicom",
                    folder.resolve("dicom" + bed).toString());
            assertEquals(0, run.code(), run.err());
            assertTrue(run.err().contains("photopeak window 2 Lu177_EM (187.20-228.80 keV), TEW from windows 4 sc3_SC"
                    + " (166.89-186.31 keV) and 3 sc4_SC (229.63-251.16 keV)"), run.err());
            assertTrue(run.err().contains("18 of 128 slices lie beyond the CT's ends"), run.err());
        }
    }

    @Test
    void withoutAPhotopeakTheTwoLutetiumWindowsAreRefusedInOneLine() {
        CommandRun run = CommandRun.of("osem", "--in", nm.resolve("bed1_projections.dcm").toString(), "--out",
                folder.resolve("x.mhd").toString());
        assertEquals(Recon.EXIT_INPUT, run.code());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().contains("1 Lu177_EM (101.70-124.30 keV), 2 Lu177_EM (187.20-228.80 keV)"), run.err());
    }

    @Test
    void theBedsAgreeWhereBothSawThePatient() throws IOException {
        FloatVolume upper = MetaImage.read(folder.resolve("bed1.mhd"));
        FloatVolume lower = MetaImage.read(folder.resolve("bed2.mhd"));
        float[] body = MetaImage.read(folder.resolve("mu1.mhd")).data();
        int plane = upper.size(0) * upper.size(1);
        // the camera's 40 cm field covers detector rows 18-110 of each bed: the two overlap from z = -11 to 11 mm
        int compared = 0;
        for (int k = 0; k < upper.size(2); k++) {
            double z = upper.origin()[2] + k * upper.spacing(2);
            int j = (int) Math.round((z - lower.origin()[2]) / lower.spacing(2));
            if (Math.abs(z) > 11.5 || j < 0 || j >= lower.size(2)) {
                continue;
            }
            double upperSum = 0;
            double lowerSum = 0;
            double[] a = new double[plane];
            double[] b = new double[plane];
            int n = 0;
            for (int i = 0; i < plane; i++) {
                if (body[k * plane + i] > 0.05) {
                    a[n] = upper.data()[k * plane + i];
                    b[n++] = lower.data()[j * plane + i];
                    upperSum += a[n - 1];
                    lowerSum += b[n - 1];
                }
            }
            double correlation = correlation(a, b, n);
            assertTrue(correlation > 0.8, String.format("z %.1f mm: the beds' images correlate %.3f", z, correlation));
            assertTrue(upperSum / lowerSum > 0.6 && upperSum / lowerSum < 1.7,
                    String.format("z %.1f mm: activity of bed 1 / bed 2 = %.3f", z, upperSum / lowerSum));
            compared++;
        }
        assertEquals(6, compared, "slices in the overlap");
    }

    @Test
    void theAttenuationMapLinesUpWithTheCtBodyOutline() throws IOException {
        FloatVolume mu = MetaImage.read(folder.resolve("mu2.mhd"));
        FloatVolume hu = CtSeries.read(ct);
        double placed = dice(mu, hu, 0, 0);
        assertTrue(placed > 0.95, "body outline overlap (Dice) " + placed);
        // one SPECT voxel (4.4 mm) off in x or y loses overlap: the test can see a misplacement
        assertTrue(dice(mu, hu, 2, 0) < placed - 0.01, "shifted in x: " + dice(mu, hu, 2, 0));
        assertTrue(dice(mu, hu, 0, 2) < placed - 0.01, "shifted in y: " + dice(mu, hu, 0, 2));
    }

    @Test
    void theLiverIsOnThePatientsRight() throws IOException {
        // PSMA-like uptake in the liver: the upper abdomen holds more activity right (x < 0) than left
        FloatVolume lower = MetaImage.read(folder.resolve("bed2.mhd"));
        int nx = lower.size(0);
        int plane = nx * lower.size(1);
        double right = 0;
        double left = 0;
        for (int k = 0; k < lower.size(2); k++) {
            double z = lower.origin()[2] + k * lower.spacing(2);
            if (z < -60 || z > 0) {
                continue;
            }
            for (int i = 0; i < plane; i++) {
                double x = lower.origin()[0] + (i % nx) * lower.spacing(0);
                if (x < 0) {
                    right += lower.data()[k * plane + i];
                } else {
                    left += lower.data()[k * plane + i];
                }
            }
        }
        assertTrue(right > 1.2 * left, "right " + right + ", left " + left);
    }

    @Test
    void theDicomOutputAndTheMetaImageHoldTheSameVoxelsAtTheSamePlaces() throws IOException {
        FloatVolume meta = MetaImage.read(folder.resolve("bed1.mhd"));
        String report = org.recon4j.dicom.DicomInfo.describe(folder.resolve("dicom1/NM_RECON_TOMO.dcm"));
        assertTrue(report.contains("DICOM NM"), report);
        assertTrue(DicomPlacement.sameAsMetaImage(folder.resolve("dicom1/NM_RECON_TOMO.dcm"), meta), "see the output");
        String frame = org.recon4j.dicom.NmProjections.read(nm.resolve("bed1_projections.dcm")).placement()
                .frameOfReferenceUid();
        assertTrue(DicomPlacement.frameOfReference(folder.resolve("dicom1/NM_RECON_TOMO.dcm")).equals(frame), frame);
    }

    /** The Dice overlap of mu > 0.05 / cm and CT > -500 HU (nearest CT voxel), the map moved by whole voxels. */
    private static double dice(FloatVolume mu, FloatVolume hu, int shiftX, int shiftY) {
        int nx = mu.size(0);
        int ny = mu.size(1);
        int both = 0;
        int inMu = 0;
        int inCt = 0;
        for (int k = 0; k < mu.size(2); k += 4) {
            double z = mu.origin()[2] + k * mu.spacing(2);
            int cz = (int) Math.round((z - hu.origin()[2]) / hu.spacing(2));
            if (cz < 0 || cz >= hu.size(2)) {
                continue;
            }
            for (int j = 0; j < ny; j++) {
                for (int i = 0; i < nx; i++) {
                    double x = mu.origin()[0] + i * mu.spacing(0);
                    double y = mu.origin()[1] + j * mu.spacing(1);
                    int cx = (int) Math.round((x - hu.origin()[0]) / hu.spacing(0));
                    int cy = (int) Math.round((y - hu.origin()[1]) / hu.spacing(1));
                    int si = i - shiftX;
                    int sj = j - shiftY;
                    boolean body = si >= 0 && si < nx && sj >= 0 && sj < ny && mu.data()[(k * ny + sj) * nx + si] > 0.05f;
                    boolean tissue = cx >= 0 && cx < hu.size(0) && cy >= 0 && cy < hu.size(1)
                            && hu.data()[(cz * hu.size(1) + cy) * hu.size(0) + cx] > -500;
                    both += body && tissue ? 1 : 0;
                    inMu += body ? 1 : 0;
                    inCt += tissue ? 1 : 0;
                }
            }
        }
        return 2.0 * both / (inMu + inCt);
    }

    private static double correlation(double[] a, double[] b, int n) {
        double meanA = 0;
        double meanB = 0;
        for (int i = 0; i < n; i++) {
            meanA += a[i] / n;
            meanB += b[i] / n;
        }
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < n; i++) {
            ab += (a[i] - meanA) * (b[i] - meanB);
            aa += (a[i] - meanA) * (a[i] - meanA);
            bb += (b[i] - meanB) * (b[i] - meanB);
        }
        return ab / Math.sqrt(aa * bb);
    }
}
