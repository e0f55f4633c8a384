package org.recon4j.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recon4j.InvalidInputException;
import org.recon4j.io.FloatVolume;

/** CT series out: a round trip through Recon4J's own reader, and the verdict of other software. */
class CtSeriesWriterTest {
    @TempDir
    Path folder;

    /** 12 x 10 x 5 voxels of 0.8 x 0.8 x 2.5 mm, HU from -1000 to about 1500, off-centre. */
    private static FloatVolume hu() {
        float[] data = new float[12 * 10 * 5];
        for (int i = 0; i < data.length; i++) {
            data[i] = -1000 + (i * 37) % 2500;
        }
        return new FloatVolume(new int[] {12, 10, 5}, new double[] {0.8, 0.8, 2.5}, new double[] {-4.4, -3.6, 10}, data);
    }

    private static final DicomStudy STUDY = new DicomStudy("Doe^John", "CT77", "19600202", "M", "2.25.777", "20260303",
            "090000", "3", "ACC1", "");

    @Test
    void aSeriesReadsBackWithItsGeometryAndValues() throws Exception {
        Path series = folder.resolve("series");
        List<Path> files = CtSeriesWriter.write(series, hu(), STUDY, "FBP");
        assertEquals(5, files.size());
        FloatVolume back = CtSeries.read(series);
        assertArrayEquals(new int[] {12, 10, 5}, back.size());
        assertArrayEquals(new double[] {0.8, 0.8, 2.5}, back.spacing(), 1e-6);
        assertArrayEquals(new double[] {-4.4, -3.6, 10}, back.origin(), 1e-6);
        assertArrayEquals(hu().data(), back.data(), 0.5f);
    }

    @Test
    void valuesBeyondSixteenBitsGetACoarserSlope() throws Exception {
        float[] data = {-1000, 0, 100000, 250000};
        Path series = folder.resolve("wide");
        CtSeriesWriter.write(series, new FloatVolume(new int[] {2, 2, 1}, new double[] {1, 1, 1}, new double[3], data),
                STUDY, "");
        assertArrayEquals(data, CtSeries.read(series).data(), 250000f / 32767);
    }

    @Test
    void otherSoftwareAcceptsTheSeries() throws Exception {
        Path series = folder.resolve("series");
        List<Path> files = CtSeriesWriter.write(series, hu(), STUDY, "FBP");
        for (Path file : files) {
            String report = ExternalTools.run("dciodvfy", "dicom3tools", file.toString());
            assertTrue(report.contains("CTImage"), report);
            assertEquals(List.of(), ExternalTools.validatorErrors(report), file.getFileName() + ": " + report);
        }
        String[] paths = files.stream().map(Path::toString).toArray(String[]::new);
        String entities = ExternalTools.run("dcentvfy", "dicom3tools", paths);
        assertEquals(List.of(), ExternalTools.validatorErrors(entities), "dcentvfy: " + entities);
        String dump = ExternalTools.run("dcmdump", "dcmtk", files.get(2).toString());
        assertTrue(dump.contains("(0010,0020) LO [CT77]"), dump);
        assertTrue(dump.contains("(0028,1054) LO [HU]"), dump);
        String read = ExternalTools.python("""
                import sys, pydicom
                slices = sorted((pydicom.dcmread(f) for f in sys.argv[1:]), key=lambda d: float(d.ImagePositionPatient[2]))
                hu = slices[2].pixel_array * float(slices[2].RescaleSlope) + float(slices[2].RescaleIntercept)
                print(len({d.SeriesInstanceUID for d in slices}), slices[0].StudyInstanceUID, hu[4, 7])
                """, paths);
        assertEquals("1 2.25.777 " + Math.round(hu().data()[(2 * 10 + 4) * 12 + 7]), read.trim().replace(".0", ""));
    }

    @Test
    void refusesNonFiniteValuesAndWritesNothing() {
        float[] data = new float[8];
        data[5] = Float.POSITIVE_INFINITY;
        Path series = folder.resolve("bad");
        assertThrows(InvalidInputException.class,
                () -> CtSeriesWriter.write(series, FloatVolume.of(data, 2, 2, 2), STUDY, ""));
        assertFalse(Files.exists(series.resolve("CT0001.dcm")));
    }
}
