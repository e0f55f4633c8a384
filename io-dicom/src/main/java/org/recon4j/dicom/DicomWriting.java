package org.recon4j.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeFactory;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.CodeStringAttribute;
import com.pixelmed.dicom.DecimalStringAttribute;
import com.pixelmed.dicom.DicomDictionary;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.IntegerStringAttribute;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.dicom.UnsignedShortAttribute;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import org.recon4j.io.AtomicFiles;

/** What the writers share: attribute setters, the patient/study modules, UIDs and encoding. */
final class DicomWriting {
    private DicomWriting() {
    }

    /** A UID under the 2.25 root, from a random UUID (PixelMed's default root is its own). */
    static String newUid() {
        return "2.25." + new BigInteger(UUID.randomUUID().toString().replace("-", ""), 16);
    }

    /** PixelMed's TagFromName lacks the NM attributes; its dictionary has them. */
    static AttributeTag tag(String name) {
        AttributeTag tag = DicomDictionary.StandardDictionary.getTagFromName(name);
        if (tag == null) {
            throw new IllegalStateException("PixelMed's dictionary has no " + name);
        }
        return tag;
    }

    static void put(AttributeList list, AttributeTag tag, String value) throws DicomException {
        Attribute attribute = AttributeFactory.newAttribute(tag);
        if (!value.isEmpty()) {
            attribute.addValue(value);
        }
        list.put(attribute);
    }

    static void putCodeString(AttributeList list, AttributeTag tag, String... values) throws DicomException {
        CodeStringAttribute attribute = new CodeStringAttribute(tag);
        for (String value : values) {
            attribute.addValue(value);
        }
        list.put(attribute);
    }

    static void putUnsignedShort(AttributeList list, AttributeTag tag, int value) throws DicomException {
        UnsignedShortAttribute attribute = new UnsignedShortAttribute(tag);
        attribute.addValue(value);
        list.put(attribute);
    }

    static void putInteger(AttributeList list, AttributeTag tag, int value) throws DicomException {
        IntegerStringAttribute attribute = new IntegerStringAttribute(tag);
        attribute.addValue(value);
        list.put(attribute);
    }

    static void putDecimals(AttributeList list, AttributeTag tag, double... values) throws DicomException {
        DecimalStringAttribute attribute = new DecimalStringAttribute(tag);
        for (double value : values) {
            attribute.addValue(value);
        }
        list.put(attribute);
    }

    /** Image Pixel: one 16-bit grey sample per pixel, signed or not. */
    static void putGreyPixels(AttributeList list, int rows, int columns, boolean signed) throws DicomException {
        putUnsignedShort(list, TagFromName.SamplesPerPixel, 1);
        put(list, TagFromName.PhotometricInterpretation, "MONOCHROME2");
        putUnsignedShort(list, TagFromName.Rows, rows);
        putUnsignedShort(list, TagFromName.Columns, columns);
        putUnsignedShort(list, TagFromName.BitsAllocated, 16);
        putUnsignedShort(list, TagFromName.BitsStored, 16);
        putUnsignedShort(list, TagFromName.HighBit, 15);
        putUnsignedShort(list, TagFromName.PixelRepresentation, signed ? 1 : 0);
    }

    /** Patient, General Study and the series-level attributes every written object shares. */
    static void putStudyAndSeries(AttributeList list, DicomStudy study, String modality, String seriesUid,
                                  String frameOfReferenceUid, String description) throws DicomException {
        put(list, TagFromName.Modality, modality);
        put(list, TagFromName.PatientName, study.patientName());
        put(list, TagFromName.PatientID, study.patientId());
        put(list, TagFromName.PatientBirthDate, study.patientBirthDate());
        put(list, TagFromName.PatientSex, study.patientSex());
        put(list, TagFromName.StudyInstanceUID, study.studyInstanceUid());
        put(list, TagFromName.StudyDate, study.studyDate());
        put(list, TagFromName.StudyTime, study.studyTime());
        put(list, TagFromName.StudyID, study.studyId());
        put(list, TagFromName.AccessionNumber, study.accessionNumber());
        put(list, TagFromName.ReferringPhysicianName, study.referringPhysicianName());
        put(list, TagFromName.SeriesInstanceUID, seriesUid);
        put(list, TagFromName.SeriesNumber, "1001"); // a derived series, apart from the scanner's own numbers
        put(list, TagFromName.SeriesDescription, description == null ? "" : description);
        put(list, TagFromName.FrameOfReferenceUID, frameOfReferenceUid);
        put(list, TagFromName.PositionReferenceIndicator, "");
        put(list, TagFromName.Manufacturer, "Recon4J");
        LocalDateTime now = LocalDateTime.now();
        put(list, TagFromName.ContentDate, now.format(DateTimeFormatter.ofPattern("yyyyMMdd")));
        put(list, TagFromName.ContentTime, now.format(DateTimeFormatter.ofPattern("HHmmss")));
    }

    /** Adds the 16-bit pixel data and writes the whole object to {@code file}, atomically. */
    static void writeWithPixels(Path file, AttributeList list, short[] pixels)
            throws IOException, DicomException {
        OtherWordAttribute data = new OtherWordAttribute(TagFromName.PixelData);
        data.setValues(pixels);
        list.put(data);
        Path folder = file.toAbsolutePath().getParent();
        if (folder != null) {
            Files.createDirectories(folder);
        }
        AtomicFiles.write(file, out -> encode(list, out));
    }

    /** File meta information, then the data set in explicit VR little endian. */
    static void encode(AttributeList list, OutputStream out) throws IOException {
        try {
            FileMetaInformation.addFileMetaInformation(list, TransferSyntax.ExplicitVRLittleEndian, "RECON4J");
            list.write(out, TransferSyntax.ExplicitVRLittleEndian, true, true);
        } catch (DicomException e) {
            throw new IOException("DICOM encoding failed: " + e.getMessage(), e);
        }
    }
}
