package org.recon4j.dicom;

import static org.recon4j.dicom.DicomWriting.newUid;
import static org.recon4j.dicom.DicomWriting.put;
import static org.recon4j.dicom.DicomWriting.putCodeString;
import static org.recon4j.dicom.DicomWriting.putDecimals;
import static org.recon4j.dicom.DicomWriting.putInteger;
import static org.recon4j.dicom.DicomWriting.putStudyAndSeries;
import static org.recon4j.dicom.DicomWriting.putUnsignedShort;
import static org.recon4j.dicom.DicomWriting.tag;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.AttributeTagAttribute;
import com.pixelmed.dicom.DecimalStringAttribute;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.UnsignedShortAttribute;
import java.io.IOException;
import java.nio.file.Path;
import org.recon4j.InvalidInputException;
import org.recon4j.io.FloatVolume;

/**
 * Writes a reconstructed SPECT volume as one multi-frame NM Image (Image Type
 * ORIGINAL\PRIMARY\RECON TOMO\EMISSION), a frame per slice, 16-bit unsigned with a Rescale
 * Slope so that stored x slope = the image's value, in a new series. UIDs are {@code 2.25.<uuid>}.
 */
public final class NmReconstructionWriter {
    private NmReconstructionWriter() {
    }

    /**
     * Writes {@code volume} (its origin is the first voxel's centre in LPS mm) as a new series of
     * {@code study} in a new Frame of Reference.
     */
    public static void write(Path file, FloatVolume volume, DicomStudy study, String seriesDescription) throws IOException {
        write(file, volume, study, "", seriesDescription);
    }

    /**
     * Writes {@code volume} (its origin is the first voxel's centre in LPS mm; frames go up in z)
     * as a new series of {@code study} in the Frame of Reference {@code frameOfReferenceUid} (a new
     * one when empty): pass the source projections' study and frame, and a volume placed in their
     * patient coordinates, so that viewers overlay it on the CT of the same frame.
     */
    public static void write(Path file, FloatVolume volume, DicomStudy study, String frameOfReferenceUid,
                             String seriesDescription) throws IOException {
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
            put(list, TagFromName.SOPClassUID, SOPClass.NuclearMedicineImageStorage);
            put(list, TagFromName.SOPInstanceUID, newUid());
            putStudyAndSeries(list, study, "NM", newUid(),
                    frameOfReferenceUid == null || frameOfReferenceUid.isEmpty() ? newUid() : frameOfReferenceUid,
                    seriesDescription);
            put(list, TagFromName.InstanceNumber, "1");
            put(list, TagFromName.PatientOrientation, "L\\P");
            putCodeString(list, TagFromName.ImageType, "ORIGINAL", "PRIMARY", "RECON TOMO", "EMISSION");
            DicomWriting.putGreyPixels(list, ny, nx, false);
            putInteger(list, TagFromName.NumberOfFrames, nz);
            AttributeTag slicePointer = tag("SliceVector");
            AttributeTagAttribute pointer = new AttributeTagAttribute(TagFromName.FrameIncrementPointer);
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
            putDecimals(list, TagFromName.PixelSpacing, volume.spacing(1), volume.spacing(0));
            putDecimals(list, TagFromName.SliceThickness, volume.spacing(2));
            putDecimals(list, TagFromName.SpacingBetweenSlices, volume.spacing(2));
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
            putDecimals(list, TagFromName.RescaleSlope, slope);
            putDecimals(list, TagFromName.RescaleIntercept, 0);
            put(list, tag("Units"), "CNTS");
            list.put(new SequenceAttribute(tag("EnergyWindowInformationSequence")));
            list.put(new SequenceAttribute(tag("RadiopharmaceuticalInformationSequence")));
            list.put(new SequenceAttribute(tag("RotationInformationSequence")));
            list.put(new SequenceAttribute(tag("PatientOrientationCodeSequence")));
            list.put(new SequenceAttribute(tag("PatientGantryRelationshipCodeSequence")));
            DicomWriting.writeWithPixels(file, list, stored);
        } catch (DicomException e) {
            throw new IOException("DICOM encoding failed: " + e.getMessage(), e);
        }
    }
}
