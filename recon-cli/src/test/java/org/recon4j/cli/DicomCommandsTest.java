package org.recon4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recon4j.dicom.CtSeries;
import org.recon4j.dicom.DicomInfo;
import org.recon4j.io.FloatVolume;
import org.recon4j.testdata.ReferenceData;

/** DICOM on the command line: recon info, DICOM-CT-PD in with a CT series out, NM in and out in one study. */
class DicomCommandsTest {
    @TempDir
    Path folder;

    private Path rawScan() {
        return ReferenceData.copyRawCtScan(folder.resolve("ctpd"));
    }

    @Test
    void infoDescribesEachKindOfInput() throws IOException {
        CommandRun raw = CommandRun.of("info", rawScan().toString());
        assertEquals(0, raw.code(), raw.err());
        assertTrue(raw.out().startsWith("DICOM-CT-PD raw CT data: AXIAL scan, 120 views, patient position HFS"), raw.out());
        assertTrue(raw.out().contains("axial: 1.00 turns, 120 views a turn"), raw.out());
        Files.write(folder.resolve("nm.dcm"), ReferenceData.bytes("dicom-synthetic/nm_tomo.dcm"));
        CommandRun nm = CommandRun.of("info", folder.resolve("nm.dcm").toString());
        assertTrue(nm.out().startsWith("NM tomographic projections: 8 views of 16 x 12 bins"), nm.out());
        assertTrue(nm.out().contains("energy window 1 TC99M: 126.0-154.0 keV"), nm.out());
        CommandRun missing = CommandRun.of("info", folder.resolve("absent").toString());
        assertEquals(Recon.EXIT_INPUT, missing.code());
        assertEquals("recon info: error: no such file or folder: " + folder.resolve("absent") + System.lineSeparator(),
                missing.err());
    }

    @Test
    void rawCtDataReconstructsIntoACtSeriesInHu() throws IOException {
        Path series = folder.resolve("series");
        CommandRun run = CommandRun.of("fbp", "--in", rawScan().toString(), "--out", folder.resolve("r.mhd").toString(),
                "--out-dicom", series.toString(), "--filter", "hann", "--size", "160");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.err().contains("(fan-arc, hann"), run.err());
        assertTrue(DicomInfo.describe(series).contains("patient 'Synthetic^CTPD' (CTPD0001), study 2.25.70"),
                "the series joins the raw data's study");
        FloatVolume hu = CtSeries.read(series);
        assertArrayEquals(new int[] {160, 160, 2}, hu.size(), "one slice per detector row");
        // disc of mu 0.02 /mm centred at (20, -10) mm with water at 0.0193 /mm: 36 HU
        double sum = 0;
        int count = 0;
        for (int y = 0; y < 160; y++) {
            for (int x = 0; x < 160; x++) {
                double px = hu.origin()[0] + x * hu.spacing(0);
                double py = hu.origin()[1] + y * hu.spacing(1);
                if (Math.hypot(px - 20, py + 10) < 25) {
                    sum += hu.data()[y * 160 + x];
                    count++;
                }
            }
        }
        assertEquals(1000 * (0.02 - 0.0193) / 0.0193, sum / count, 15);
        CommandRun again = CommandRun.of("fbp", "--in", rawScan().toString(), "--out", folder.resolve("r2.mhd").toString(),
                "--out-dicom", series.toString());
        assertEquals(Recon.EXIT_INPUT, again.code());
        assertTrue(again.err().contains("CT0001.dcm exists; add --force to replace it"), again.err());
    }

    @Test
    void aSinogramWithoutWaterAttenuationIsRefusedForDicomOut() throws IOException {
        assertEquals(0, CommandRun.of("phantom", "--size", "16", "--views", "10", "--out-image",
                folder.resolve("p.mhd").toString(), "--out-sino", folder.resolve("s.mhd").toString(), "-q").code());
        CommandRun run = CommandRun.of("fbp", "--in", folder.resolve("s.mhd").toString(), "--out",
                folder.resolve("r.mhd").toString(), "--angles", "0:18:10", "--out-dicom", folder.resolve("d").toString());
        assertEquals(Recon.EXIT_INPUT, run.code());
        assertTrue(run.err().startsWith("recon fbp: error: --out-dicom writes HU: give --water-mu (1/mm) for s.mhd"), run.err());
        assertTrue(!Files.exists(folder.resolve("r.mhd")));
    }

    @Test
    void anNmReconstructionJoinsTheStudyOfItsProjections() throws IOException {
        Files.write(folder.resolve("nm.dcm"), ReferenceData.bytes("dicom-synthetic/nm_tomo.dcm"));
        CommandRun run = CommandRun.of("osem", "--in", folder.resolve("nm.dcm").toString(), "--subsets", "4",
                "--iterations", "1", "--out", folder.resolve("recon.dcm").toString(), "-q");
        assertEquals(0, run.code(), run.err());
        String described = CommandRun.of("info", folder.resolve("recon.dcm").toString()).out();
        assertTrue(described.contains("patient 'Synthetic^NM' (NM0001), study 2.25.11"), described);
    }

    @Test
    void attenuationFromACtSeriesMatchesTheMapItWasMadeFrom() throws IOException {
        Path projections = folder.resolve("p.hs");
        Path mu = folder.resolve("mu.hv");
        CommandRun simulated = CommandRun.of("simulate-spect", "--out-proj", projections.toString(), "--out-mu", mu.toString(),
                "--matrix", "32", "--pixel", "12", "--views", "30", "--noiseless", "-q");
        assertEquals(0, simulated.code(), simulated.err());
        // the map as a CT series: HU of water-like tissue at 140.5 keV, placed at an off-centre patient position
        FloatVolume map = org.recon4j.io.Interfile.readImage(mu);
        double water = org.recon4j.spect.AttenuationFromCt.water(140.5);
        float[] hu = new float[map.data().length];
        for (int i = 0; i < hu.length; i++) {
            hu[i] = (float) (1000 * (map.data()[i] / water - 1));
        }
        double[] origin = {map.origin()[0] + 40, map.origin()[1] - 25, map.origin()[2] + 300};
        org.recon4j.dicom.CtSeriesWriter.write(folder.resolve("ct"), new FloatVolume(map.size(), map.spacing(), origin, hu),
                org.recon4j.dicom.DicomStudy.anonymous(), "CT");
        CommandRun withMapRun = CommandRun.of("osem", "--in", projections.toString(), "--mu", mu.toString(), "--subsets", "5",
                "--iterations", "2", "--mask-from-mu", "--out", folder.resolve("with-map.mhd").toString(), "-q");
        assertEquals(0, withMapRun.code(), withMapRun.err());
        CommandRun fromCt = CommandRun.of("osem", "--in", projections.toString(), "--mu-ct", folder.resolve("ct").toString(),
                "--subsets", "5", "--iterations", "2", "--mask-from-mu", "--out", folder.resolve("with-ct.mhd").toString(), "-q");
        assertEquals(0, fromCt.code(), fromCt.err());
        float[] withMap = org.recon4j.io.MetaImage.read(folder.resolve("with-map.mhd")).data();
        float[] withCt = org.recon4j.io.MetaImage.read(folder.resolve("with-ct.mhd")).data();
        double difference = org.recon4j.metric.ImageMetrics.relativeL2(withMap, withCt);
        assertTrue(difference < 0.01, "the CT-derived map gives the same image: " + difference);
        CommandRun both = CommandRun.of("osem", "--in", projections.toString(), "--mu", mu.toString(), "--mu-ct",
                folder.resolve("ct").toString(), "--out", folder.resolve("x.mhd").toString());
        assertEquals(Recon.EXIT_INPUT, both.code());
        assertTrue(both.err().contains("give --mu or --mu-ct, not both"), both.err());
    }

    @Test
    void scatterWindowsComeFromTheDicomFileItself() throws IOException {
        Path projections = folder.resolve("p.dcm");
        CommandRun simulated = CommandRun.of("simulate-spect", "--out-proj", projections.toString(), "--out-mu",
                folder.resolve("mu.hv").toString(), "--matrix", "32", "--pixel", "12", "--views", "30",
                "--scatter-fraction", "0.3", "-q");
        assertEquals(0, simulated.code(), simulated.err());
        String described = CommandRun.of("info", projections.toString()).out();
        assertTrue(described.contains("energy window 1 PHOTOPEAK: 126.5-154.5 keV"), described);
        assertTrue(described.contains("energy window 2 LOWER SCATTER: 120.5-126.5 keV"), described);
        double[] totals = new double[3];
        String[] methods = {"none", "tew", "dew"};
        for (int m = 0; m < 3; m++) {
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("osem", "--in", projections.toString(),
                    "--mu", folder.resolve("mu.hv").toString(), "--mask-from-mu", "--subsets", "5", "--iterations", "1",
                    "--out", folder.resolve(methods[m] + ".mhd").toString(), "-q"));
            if (m > 0) {
                args.addAll(java.util.List.of("--scatter", methods[m]));
            }
            CommandRun run = CommandRun.of(args.toArray(String[]::new));
            assertEquals(0, run.code(), methods[m] + ": " + run.err());
            for (float value : org.recon4j.io.MetaImage.read(folder.resolve(methods[m] + ".mhd")).data()) {
                totals[m] += value;
            }
        }
        // scatter is 0.3 / 1.3 = 23 % of the photopeak: TEW takes about that out; DEW with k = 0.5 less
        assertEquals(0.23, 1 - totals[1] / totals[0], 0.04, "TEW: " + java.util.Arrays.toString(totals));
        assertTrue(totals[2] < 0.98 * totals[0], "DEW takes some out: " + java.util.Arrays.toString(totals));
    }
}
