package org.recon4j.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DecimalStringAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recon4j.InvalidInputException;
import org.recon4j.io.FloatVolume;
import org.recon4j.testdata.ReferenceData;

/** CT images written by other software (pydicom's test files), read as pydicom reads them. */
class CtSeriesTest {
    @TempDir
    Path folder;

    private Path copy(String name) throws IOException {
        Path file = folder.resolve(name);
        Files.write(file, ReferenceData.bytes("dicom-external/" + name));
        return file;
    }

    /** pydicom 2.3.1 on the same file: pixel_array * RescaleSlope + RescaleIntercept. */
    @Test
    void readsACtSliceInHounsfieldUnitsAsPydicomDoes() throws IOException {
        FloatVolume ct = CtSeries.read(copy("CT_small.dcm"));
        assertEquals(128, ct.size(0));
        assertEquals(128, ct.size(1));
        assertEquals(1, ct.size(2));
        double sum = 0;
        for (float value : ct.data()) {
            sum += value;
        }
        assertEquals(-119.0739, sum / ct.data().length, 1e-3);
        assertEquals(904, ct.data()[64 * 128 + 64], 0);
        assertEquals(-839, ct.data()[10 * 128 + 20], 0);
        assertEquals(0.661468, ct.spacing(0), 1e-9);
        assertEquals(5.0, ct.spacing(2), 1e-9, "one slice: its thickness");
        assertEquals(-158.135803, ct.origin()[0], 1e-6);
        assertEquals(-75.699997, ct.origin()[2], 1e-6);
    }

    @Test
    void sortsASeriesAlongTheSliceNormal() throws Exception {
        Path source = copy("CT_small.dcm");
        Path series = Files.createDirectories(folder.resolve("series"));
        double[] heights = {10, -5, 0, 5};
        for (int i = 0; i < heights.length; i++) {
            AttributeList list = new AttributeList();
            list.read(source.toString());
            DecimalStringAttribute position = new DecimalStringAttribute(TagFromName.ImagePositionPatient);
            position.addValue(-158.135803);
            position.addValue(-179.035797);
            position.addValue(heights[i]);
            list.put(position);
            list.write(series.resolve("slice" + i + ".dcm").toString(), TransferSyntax.ExplicitVRLittleEndian, true, true);
        }
        FloatVolume ct = CtSeries.read(series);
        assertEquals(4, ct.size(2));
        assertEquals(5.0, ct.spacing(2), 1e-9);
        assertEquals(-5.0, ct.origin()[2], 1e-9, "the lowest slice first");
        Files.delete(series.resolve("slice3.dcm"));
        InvalidInputException gap = assertThrows(InvalidInputException.class, () -> CtSeries.read(series));
        assertTrue(gap.getMessage().contains("evenly spaced"), gap.getMessage());
    }

    @Test
    void filesItCannotReadAreRefusedClearly() throws IOException {
        InvalidInputException compressed = assertThrows(InvalidInputException.class,
                () -> CtSeries.read(copy("693_J2KI.dcm")));
        assertTrue(compressed.getMessage().contains("compressed DICOM (transfer syntax 1.2.840.10008.1.2.4.91)"),
                compressed.getMessage());
        InvalidInputException noMeta = assertThrows(InvalidInputException.class, () -> CtSeries.read(copy("no_meta.dcm")));
        assertTrue(noMeta.getMessage().contains("not a DICOM file with preamble"), noMeta.getMessage());
        Path text = folder.resolve("notes.txt");
        Files.writeString(text, "hello");
        assertThrows(InvalidInputException.class, () -> CtSeries.read(text));
        assertThrows(InvalidInputException.class, () -> CtSeries.read(folder.resolve("absent")));
    }

    /** More files other software wrote (gdcm's JPEG-lossless XA, pydicom's implicit-VR multi-frame RT dose). */
    @Test
    void otherModalitiesAreNamedAndMultiFrameFilesDescribed() throws IOException {
        InvalidInputException angiography = assertThrows(InvalidInputException.class,
                () -> CtSeries.read(copy("gdcm_XA_4frame_jpegll_00191113.dcm")));
        assertTrue(angiography.getMessage().contains("compressed DICOM (transfer syntax 1.2.840.10008.1.2.4.70)"),
                angiography.getMessage());
        Path dose = copy("rtdose.dcm");
        InvalidInputException notCt = assertThrows(InvalidInputException.class, () -> CtSeries.read(dose));
        assertEquals("rtdose.dcm: expected a CT image, found modality 'RTDOSE'", notCt.getMessage());
        InvalidInputException notNm = assertThrows(InvalidInputException.class, () -> NmProjections.read(dose));
        assertTrue(notNm.getMessage().startsWith("rtdose.dcm: expected NM tomographic projections"), notNm.getMessage());
        assertTrue(DicomInfo.describe(dose).startsWith("DICOM RTDOSE image (): 10 x 10 pixels, 15 frame(s)"),
                DicomInfo.describe(dose));
    }
}
