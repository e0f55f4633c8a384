package org.recon4j.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.CodeStringAttribute;
import com.pixelmed.dicom.DecimalStringAttribute;
import com.pixelmed.dicom.DicomDictionary;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.IntegerStringAttribute;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.dicom.UnsignedShortAttribute;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import org.recon4j.InvalidInputException;
import org.recon4j.io.AtomicFiles;
import org.recon4j.io.FloatVolume;

/**
 * Writes a reconstructed SPECT volume as one multi-frame NM Image (Image Type
 * ORIGINAL\PRIMARY\RECON TOMO\EMISSION), a frame per slice, 16-bit unsigned with a Rescale
 * Slope so that stored x slope = the image's value, in a new series. UIDs are {@code 2.25.<uuid>}.
 */
public final class NmReconstructionWriter {
    private NmReconstructionWriter() {
    }

    /** Who and what the series belongs to; null fields get new values or are left empty. */
    public record Study(String patientName, String patientId, String studyInstanceUid, String seriesDescription) {
        public static Study anonymous(String description) {
            return new Study("Anonymous^", "RECON4J", null, description);
        }
    }

    public static String newUid() {
        return "2.25." + new java.math.BigInteger(UUID.randomUUID().toString().replace("-", ""), 16);
    }

    public static void write(Path file, FloatVolume volume, Study study) throws IOException {
        if (volume.dimensions() != 3) {
            throw new InvalidInputException("an NM reconstruction is a 3D volume, found " + volume.dimensions() + " dimensions");
        }
        float maximum = 0;
        for (float value : volume.data()) {
            if (!Float.isFinite(value)) {
                throw new InvalidInputException("the volume holds a non-finite value: " + value);
            }
            maximum = Math.max(maximum, value);
        }
        double slope = maximum > 0 ? maximum / 65535.0 : 1;
        int nx = volume.size(0);
        int ny = volume.size(1);
        int nz = volume.size(2);
        short[] stored = new short[volume.data().length];
        for (int i = 0; i < stored.length; i++) {
            stored[i] = (short) Math.round(Math.max(0, volume.data()[i]) / slope);
        }
        try {
            AttributeList list = new AttributeList();
            String now = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd"));
            String time = LocalDateTime.now().format(DateTimeFormatter.ofPattern("HHmmss"));
            String sopInstance = newUid();
            put(list, TagFromName.SOPClassUID, SOPClass.NuclearMedicineImageStorage);
            put(list, TagFromName.SOPInstanceUID, sopInstance);
            put(list, TagFromName.StudyInstanceUID, study.studyInstanceUid() != null ? study.studyInstanceUid() : newUid());
            put(list, TagFromName.SeriesInstanceUID, newUid());
            put(list, TagFromName.FrameOfReferenceUID, newUid());
            put(list, TagFromName.Modality, "NM");
            put(list, TagFromName.PatientName, study.patientName());
            put(list, TagFromName.PatientID, study.patientId());
            put(list, TagFromName.PatientBirthDate, "");
            put(list, TagFromName.PatientSex, "");
            put(list, TagFromName.StudyDate, now);
            put(list, TagFromName.StudyTime, time);
            put(list, TagFromName.ContentDate, now);
            put(list, TagFromName.ContentTime, time);
            put(list, TagFromName.ReferringPhysicianName, "");
            put(list, TagFromName.StudyID, "1");
            put(list, TagFromName.AccessionNumber, "");
            put(list, TagFromName.SeriesNumber, "1");
            put(list, TagFromName.InstanceNumber, "1");
            put(list, TagFromName.SeriesDescription, study.seriesDescription() == null ? "" : study.seriesDescription());
            put(list, TagFromName.Manufacturer, "Recon4J");
            put(list, TagFromName.PositionReferenceIndicator, "");
            put(list, TagFromName.PatientOrientation, "L\\P");
            putCodeString(list, TagFromName.ImageType, "ORIGINAL", "PRIMARY", "RECON TOMO", "EMISSION");
            putUnsignedShort(list, TagFromName.SamplesPerPixel, 1);
            put(list, TagFromName.PhotometricInterpretation, "MONOCHROME2");
            putUnsignedShort(list, TagFromName.Rows, ny);
            putUnsignedShort(list, TagFromName.Columns, nx);
            putUnsignedShort(list, TagFromName.BitsAllocated, 16);
            putUnsignedShort(list, TagFromName.BitsStored, 16);
            putUnsignedShort(list, TagFromName.HighBit, 15);
            putUnsignedShort(list, TagFromName.PixelRepresentation, 0);
            putInteger(list, TagFromName.NumberOfFrames, nz);
            AttributeTag slicePointer = tag("SliceVector");
            com.pixelmed.dicom.AttributeTagAttribute pointer = new com.pixelmed.dicom.AttributeTagAttribute(TagFromName.FrameIncrementPointer);
            pointer.addValue(slicePointer);
            list.put(pointer);
            UnsignedShortAttribute sliceVector = new UnsignedShortAttribute(tag("SliceVector"));
            for (int k = 1; k <= nz; k++) {
                sliceVector.addValue(k);
            }
            list.put(sliceVector);
            putUnsignedShort(list, tag("NumberOfSlices"), nz);
            putUnsignedShort(list, tag("NumberOfEnergyWindows"), 1);
            putUnsignedShort(list, tag("NumberOfDetectors"), 1);
            putUnsignedShort(list, tag("NumberOfRotations"), 1);
            put(list, tag("CountsAccumulated"), "");
            put(list, TagFromName.Laterality, "");
            DecimalStringAttribute spacing = new DecimalStringAttribute(TagFromName.PixelSpacing);
            spacing.addValue(volume.spacing(1));
            spacing.addValue(volume.spacing(0));
            list.put(spacing);
            putDecimal(list, TagFromName.SliceThickness, volume.spacing(2));
            putDecimal(list, TagFromName.SpacingBetweenSlices, volume.spacing(2));
            DecimalStringAttribute position = new DecimalStringAttribute(TagFromName.ImagePositionPatient);
            for (double value : volume.origin()) {
                position.addValue(value);
            }
            DecimalStringAttribute orientation = new DecimalStringAttribute(TagFromName.ImageOrientationPatient);
            for (double value : new double[] {1, 0, 0, 0, 1, 0}) {
                orientation.addValue(value);
            }
            // NM keeps the image plane in the Detector Information Sequence, not at the top level
            AttributeList detector = new AttributeList();
            detector.put(position);
            detector.put(orientation);
            put(detector, tag("CollimatorType"), "");
            SequenceAttribute detectors = new SequenceAttribute(tag("DetectorInformationSequence"));
            detectors.addItem(detector);
            list.put(detectors);
            putDecimal(list, TagFromName.RescaleSlope, slope);
            putDecimal(list, TagFromName.RescaleIntercept, 0);
            put(list, tag("Units"), "CNTS");
            list.put(new SequenceAttribute(tag("EnergyWindowInformationSequence")));
            list.put(new SequenceAttribute(tag("RadiopharmaceuticalInformationSequence")));
            list.put(new SequenceAttribute(tag("RotationInformationSequence")));
            list.put(new SequenceAttribute(tag("PatientOrientationCodeSequence")));
            list.put(new SequenceAttribute(tag("PatientGantryRelationshipCodeSequence")));
            OtherWordAttribute pixels = new OtherWordAttribute(TagFromName.PixelData);
            pixels.setValues(stored);
            list.put(pixels);
            FileMetaInformation.addFileMetaInformation(list, TransferSyntax.ExplicitVRLittleEndian, "RECON4J");
            Path folder = file.toAbsolutePath().getParent();
            if (folder != null) {
                Files.createDirectories(folder);
            }
            AttributeList complete = list;
            AtomicFiles.write(file, out -> {
                try {
                    complete.write(out, TransferSyntax.ExplicitVRLittleEndian, true, true);
                } catch (DicomException e) {
                    throw new IOException(e);
                }
            });
        } catch (DicomException e) {
            throw new IOException("DICOM encoding failed: " + e.getMessage(), e);
        }
    }

    /** PixelMed's TagFromName lacks the NM attributes; its dictionary has them. */
    private static AttributeTag tag(String name) {
        AttributeTag tag = DicomDictionary.StandardDictionary.getTagFromName(name);
        if (tag == null) {
            throw new IllegalStateException("PixelMed's dictionary has no " + name);
        }
        return tag;
    }

    private static void put(AttributeList list, AttributeTag tag, String value) throws DicomException {
        Attribute attribute = com.pixelmed.dicom.AttributeFactory.newAttribute(tag);
        if (!value.isEmpty()) {
            attribute.addValue(value);
        }
        list.put(attribute);
    }

    private static void putCodeString(AttributeList list, AttributeTag tag, String... values) throws DicomException {
        CodeStringAttribute attribute = new CodeStringAttribute(tag);
        for (String value : values) {
            attribute.addValue(value);
        }
        list.put(attribute);
    }

    private static void putUnsignedShort(AttributeList list, AttributeTag tag, int value) throws DicomException {
        UnsignedShortAttribute attribute = new UnsignedShortAttribute(tag);
        attribute.addValue(value);
        list.put(attribute);
    }

    private static void putInteger(AttributeList list, AttributeTag tag, int value) throws DicomException {
        IntegerStringAttribute attribute = new IntegerStringAttribute(tag);
        attribute.addValue(value);
        list.put(attribute);
    }

    private static void putDecimal(AttributeList list, AttributeTag tag, double value) throws DicomException {
        DecimalStringAttribute attribute = new DecimalStringAttribute(tag);
        attribute.addValue(value);
        list.put(attribute);
    }
}
