package org.recon4j.dicom;

import static org.recon4j.dicom.DicomWriting.tag;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import java.io.IOException;
import java.nio.file.Path;
import org.recon4j.InvalidInputException;
import org.recon4j.io.FloatVolume;

/**
 * Reads a DICOM NM reconstruction (Image Type {@code ...\RECON TOMO\...}, one multi-frame file,
 * a frame a slice) as a volume: columns, rows and frames with Pixel Spacing and Spacing Between
 * Slices (or Slice Thickness), values through Rescale Slope and Intercept, the first voxel at
 * the Image Position of the Detector Information Sequence (or of the data set). The slices are
 * taken in frame order and the axes as stored: enough for measurements on the image (QA); the
 * orientation is not applied.
 */
public final class NmReconstruction {
    private NmReconstruction() {
    }

    public static FloatVolume read(Path file) throws IOException {
        String name = file.getFileName().toString();
        AttributeList list = DicomFiles.readPart10(file);
        try {
            return read(name, list);
        } catch (DicomException e) {
            throw new InvalidInputException(name + ": not readable as an NM reconstruction: " + e.getMessage(), e);
        }
    }

    private static FloatVolume read(String name, AttributeList list) throws DicomException {
        String modality = Attribute.getSingleStringValueOrEmptyString(list, TagFromName.Modality);
        String imageType = Attribute.getDelimitedStringValuesOrEmptyString(list, TagFromName.ImageType);
        if (!modality.equals("NM") || !imageType.contains("RECON")) {
            throw new InvalidInputException(name + ": expected an NM reconstruction (Image Type ...\\RECON TOMO\\...), found "
                    + modality + " " + imageType);
        }
        int[] size = NmPixels.frameSize(name, list);
        int rows = size[0];
        int columns = size[1];
        int frames = size[2];
        double[] pixelSpacing = Attribute.getDoubleValues(list, TagFromName.PixelSpacing);
        double sliceSpacing = Attribute.getSingleDoubleValueOrDefault(list, TagFromName.SpacingBetweenSlices,
                Attribute.getSingleDoubleValueOrDefault(list, TagFromName.SliceThickness, Double.NaN));
        if (pixelSpacing == null || pixelSpacing.length != 2 || !(pixelSpacing[0] > 0) || !(pixelSpacing[1] > 0)
                || !(Math.abs(sliceSpacing) > 0)) {
            throw new InvalidInputException(name + ": expected Pixel Spacing (two positive values) and Spacing Between Slices or "
                    + "Slice Thickness");
        }
        float[] data = NmPixels.rescaled(name, list, rows, columns, frames);
        return new FloatVolume(new int[] {columns, rows, frames}, new double[] {pixelSpacing[1], pixelSpacing[0],
            Math.abs(sliceSpacing)}, position(list), data);
    }

    private static double[] position(AttributeList list) throws DicomException {
        double[] position = null;
        if (list.get(tag("DetectorInformationSequence")) instanceof SequenceAttribute detectors
                && detectors.getNumberOfItems() > 0) {
            position = Attribute.getDoubleValues(detectors.getItem(0).getAttributeList(), TagFromName.ImagePositionPatient);
        }
        if (position == null) {
            position = Attribute.getDoubleValues(list, TagFromName.ImagePositionPatient);
        }
        return position != null && position.length == 3 ? position : new double[3];
    }
}
