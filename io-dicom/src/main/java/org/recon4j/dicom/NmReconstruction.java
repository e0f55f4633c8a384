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
        int rows = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Rows, 0);
        int columns = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Columns, 0);
        int frames = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.NumberOfFrames, 1);
        if (rows <= 0 || columns <= 0 || frames <= 0 || (long) rows * columns * frames > Integer.MAX_VALUE - 8) {
            throw new InvalidInputException(String.format("%s: Rows, Columns and Number of Frames must be positive and fit "
                    + "in memory, found %d x %d x %d", name, rows, columns, frames));
        }
        double[] pixelSpacing = Attribute.getDoubleValues(list, TagFromName.PixelSpacing);
        double sliceSpacing = Attribute.getSingleDoubleValueOrDefault(list, TagFromName.SpacingBetweenSlices,
                Attribute.getSingleDoubleValueOrDefault(list, TagFromName.SliceThickness, Double.NaN));
        if (pixelSpacing == null || pixelSpacing.length != 2 || !(pixelSpacing[0] > 0) || !(pixelSpacing[1] > 0)
                || !(Math.abs(sliceSpacing) > 0)) {
            throw new InvalidInputException(name + ": expected Pixel Spacing (two positive values) and Spacing Between Slices or "
                    + "Slice Thickness");
        }
        if (Attribute.getSingleIntegerValueOrDefault(list, TagFromName.BitsAllocated, 16) != 16) {
            throw new InvalidInputException(name + ": expected 16-bit pixels, found Bits Allocated "
                    + Attribute.getSingleIntegerValueOrDefault(list, TagFromName.BitsAllocated, 0));
        }
        Attribute pixelData = list.getPixelData();
        short[] pixels = pixelData == null ? null : pixelData.getShortValues();
        int count = rows * columns * frames;
        if (pixels == null || pixels.length < count) {
            throw new InvalidInputException(String.format("%s: the pixel data hold %d values; %d frames of %d x %d need %d", name,
                    pixels == null ? 0 : pixels.length, frames, columns, rows, count));
        }
        boolean signed = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.PixelRepresentation, 0) == 1;
        double slope = Attribute.getSingleDoubleValueOrDefault(list, TagFromName.RescaleSlope, 1);
        double intercept = Attribute.getSingleDoubleValueOrDefault(list, TagFromName.RescaleIntercept, 0);
        if (!Double.isFinite(slope) || !Double.isFinite(intercept)) {
            throw new InvalidInputException(name + ": Rescale Slope and Intercept must be finite numbers");
        }
        float[] data = new float[count];
        for (int i = 0; i < count; i++) {
            data[i] = (float) ((signed ? pixels[i] : pixels[i] & 0xffff) * slope + intercept);
        }
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
