package org.recon4j.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.TagFromName;
import org.recon4j.InvalidInputException;

/** What the NM readers share: the frames' size, and the 16-bit stored values through Rescale Slope and Intercept. */
final class NmPixels {
    private NmPixels() {
    }

    /** {rows, columns, frames}, each positive and all of them within a Java array. */
    static int[] frameSize(String name, AttributeList list) {
        int rows = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Rows, 0);
        int columns = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Columns, 0);
        int frames = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.NumberOfFrames, 1);
        if (rows <= 0 || columns <= 0 || frames <= 0 || (long) rows * columns * frames > Integer.MAX_VALUE - 8) {
            throw new InvalidInputException(String.format("%s: Rows, Columns and Number of Frames must be positive and fit "
                    + "in memory, found %d x %d x %d", name, rows, columns, frames));
        }
        return new int[] {rows, columns, frames};
    }

    /** The first {@code rows x columns x frames} stored values, in file order, as {@code stored * slope + intercept}. */
    static float[] rescaled(String name, AttributeList list, int rows, int columns, int frames) throws DicomException {
        int bits = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.BitsAllocated, 16);
        if (bits != 16) {
            throw new InvalidInputException(name + ": expected 16-bit pixels, found Bits Allocated " + bits);
        }
        Attribute pixelData = list.getPixelData();
        short[] pixels = pixelData == null ? null : pixelData.getShortValues();
        int count = rows * columns * frames;
        if (pixels == null || pixels.length < count) {
            throw new InvalidInputException(String.format("%s: the pixel data hold %d values; %d frames of %d x %d need %d",
                    name, pixels == null ? 0 : pixels.length, frames, columns, rows, count));
        }
        boolean signed = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.PixelRepresentation, 0) == 1;
        double slope = Attribute.getSingleDoubleValueOrDefault(list, TagFromName.RescaleSlope, 1);
        double intercept = Attribute.getSingleDoubleValueOrDefault(list, TagFromName.RescaleIntercept, 0);
        if (!Double.isFinite(slope) || !Double.isFinite(intercept)) {
            throw new InvalidInputException(name + ": Rescale Slope and Intercept must be finite numbers");
        }
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) ((signed ? pixels[i] : pixels[i] & 0xffff) * slope + intercept);
        }
        return values;
    }
}
