package org.recon4j.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
        NmReconstructionWriter.write(file, volume(), NmReconstructionWriter.Study.anonymous("OSEM 8x4"));
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

    /** dicom3tools' dciodvfy (Debian package dicom3tools, installed by .ci/run) finds no error. */
    @Test
    void dciodvfyFindsNoError() throws Exception {
        Path validator = Path.of("/usr/bin/dciodvfy");
        assumeTrue(Files.isExecutable(validator), "dciodvfy is not installed (apt-get install dicom3tools); skipped");
        Path file = folder.resolve("recon.dcm");
        NmReconstructionWriter.write(file, volume(), NmReconstructionWriter.Study.anonymous("OSEM"));
        Process process = new ProcessBuilder(validator.toString(), file.toString()).redirectErrorStream(true).start();
        String report = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        assertTrue(report.contains("NMImage"), report);
        assertTrue(report.lines().noneMatch(line -> line.startsWith("Error")), report);
    }

    @Test
    void refusesWhatItCannotWrite() {
        FloatVolume flat = FloatVolume.of(new float[4], 2, 2);
        assertThrows(InvalidInputException.class,
                () -> NmReconstructionWriter.write(folder.resolve("x.dcm"), flat, NmReconstructionWriter.Study.anonymous("")));
        float[] nan = new float[8];
        nan[2] = Float.NaN;
        assertThrows(InvalidInputException.class, () -> NmReconstructionWriter.write(folder.resolve("y.dcm"),
                FloatVolume.of(nan, 2, 2, 2), NmReconstructionWriter.Study.anonymous("")));
    }
}
