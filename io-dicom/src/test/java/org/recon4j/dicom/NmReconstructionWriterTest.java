package org.recon4j.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recon4j.InvalidInputException;
import org.recon4j.io.FloatVolume;

class NmReconstructionWriterTest {
    @TempDir
    Path folder;

    private static FloatVolume volume() {
        float[] data = new float[8 * 6 * 4];
        for (int i = 0; i < data.length; i++) {
            data[i] = i * 0.5f;
        }
        return new FloatVolume(new int[] {8, 6, 4}, new double[] {4, 4, 4}, new double[] {-14, -10, -6}, data);
    }

    @Test
    void writesAMultiFrameReconTomoThatReadsBack() throws Exception {
        Path file = folder.resolve("recon.dcm");
        NmReconstructionWriter.write(file, volume(), DicomStudy.anonymous(), "OSEM 8x4");
        AttributeList list = new AttributeList();
        list.read(file.toString());
        assertEquals("NM", Attribute.getSingleStringValueOrEmptyString(list, TagFromName.Modality));
        assertEquals("ORIGINAL\\PRIMARY\\RECON TOMO\\EMISSION",
                Attribute.getDelimitedStringValuesOrEmptyString(list, TagFromName.ImageType));
        assertEquals(4, Attribute.getSingleIntegerValueOrDefault(list, TagFromName.NumberOfFrames, 0));
        assertTrue(Attribute.getSingleStringValueOrEmptyString(list, TagFromName.SOPInstanceUID).startsWith("2.25."));
        double slope = Attribute.getSingleDoubleValueOrDefault(list, TagFromName.RescaleSlope, 0);
        short[] stored = list.getPixelData().getShortValues();
        float[] expected = volume().data();
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], (stored[i] & 0xffff) * slope, slope / 2 + 1e-9, "voxel " + i);
        }
    }

    /** dciodvfy finds no error; dcmdump and pydicom read it back with the same frames and values. */
    @Test
    void otherSoftwareAcceptsAndReadsIt() throws Exception {
        Path file = folder.resolve("recon.dcm");
        DicomStudy source = new DicomStudy("Doe^Jane", "P123", "19700101", "F", "2.25.4242", "20260101", "101500", "7",
                "ACC9", "Who^Doctor");
        NmReconstructionWriter.write(file, volume(), source, "OSEM");
        String report = ExternalTools.run("dciodvfy", "dicom3tools", file.toString());
        assertTrue(report.contains("NMImage"), report);
        assertEquals(List.of(), ExternalTools.validatorErrors(report), report);
        String dump = ExternalTools.run("dcmdump", "dcmtk", file.toString());
        assertTrue(dump.contains("(0010,0010) PN [Doe^Jane]"), dump);
        assertTrue(dump.contains("(0020,000d) UI [2.25.4242]"), "the study is carried over: " + dump);
        String read = ExternalTools.python("""
                import sys, pydicom
                ds = pydicom.dcmread(sys.argv[1])
                values = ds.pixel_array.astype(float) * float(ds.RescaleSlope)
                print(ds.NumberOfFrames, ds.PatientID, ds.StudyInstanceUID != ds.SeriesInstanceUID, round(values[3, 5, 7], 3))
                """, file.toString());
        float expected = volume().data()[(3 * 6 + 5) * 8 + 7];
        assertEquals("4 P123 True " + expected, read.trim());
    }

    @Test
    void refusesWhatItCannotWrite() {
        FloatVolume flat = FloatVolume.of(new float[4], 2, 2);
        assertThrows(InvalidInputException.class,
                () -> NmReconstructionWriter.write(folder.resolve("x.dcm"), flat, DicomStudy.anonymous(), ""));
        float[] nan = new float[8];
        nan[2] = Float.NaN;
        assertThrows(InvalidInputException.class, () -> NmReconstructionWriter.write(folder.resolve("y.dcm"),
                FloatVolume.of(nan, 2, 2, 2), DicomStudy.anonymous(), ""));
    }
}
