package org.recon4j.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.TagFromName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.recon4j.InvalidInputException;
import org.recon4j.io.FloatVolume;
import org.recon4j.util.Checks;

/**
 * Reads a CT Image series (one file or a folder of files) into Hounsfield units: slices sorted by
 * their position along the slice normal, rescale slope and intercept applied. The volume's
 * origin is the first pixel's centre (Image Position (Patient)) in LPS mm, x along the rows.
 * Only axial slices (Image Orientation (Patient) 1\0\0\0\1\0) and uncompressed transfer syntaxes
 * are read; anything else is refused with a message that says so.
 */
public final class CtSeries {
    private CtSeries() {
    }

    /** A CT series in HU and the Frame of Reference its positions are given in (empty when the files leave it out). */
    public record Series(FloatVolume hu, String frameOfReferenceUid) {
    }

    /** A file, or every file of a folder (not its subfolders) that is DICOM CT. */
    public static FloatVolume read(Path fileOrFolder) throws IOException {
        return readSeries(fileOrFolder).hu();
    }

    /**
     * As {@link #read(Path)}, with the Frame of Reference. Files of a folder that are not DICOM
     * Part 10 (a DICOMDIR's neighbours, notes) are passed over; slices of more than one series,
     * or of several Frames of Reference, are refused.
     */
    public static Series readSeries(Path fileOrFolder) throws IOException {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(fileOrFolder)) {
            try (Stream<Path> listing = Files.list(fileOrFolder)) {
                listing.filter(Files::isRegularFile).sorted().forEach(files::add);
            }
            List<Path> dicom = new ArrayList<>();
            for (Path file : files) {
                if (DicomFiles.hasPart10Preamble(file) && !file.getFileName().toString().equalsIgnoreCase("DICOMDIR")) {
                    dicom.add(file);
                }
            }
            files = dicom;
            if (files.isEmpty()) {
                throw new InvalidInputException("CT series folder " + fileOrFolder + " holds no DICOM file");
            }
        } else if (Files.isRegularFile(fileOrFolder)) {
            files.add(fileOrFolder);
        } else {
            throw new InvalidInputException("CT series " + fileOrFolder + " does not exist");
        }
        List<Slice> slices = new ArrayList<>();
        for (Path file : files) {
            slices.add(Slice.read(file));
        }
        Slice first = slices.get(0);
        for (Slice slice : slices) {
            if (!slice.series.equals(first.series) || !slice.frameOfReference.equals(first.frameOfReference)) {
                throw new InvalidInputException(String.format("%s belongs to series %s, but %s to series %s; one series expected"
                        + " (put each series in a folder of its own)", slice.file.getFileName(), slice.series,
                        first.file.getFileName(), first.series));
            }
            if (slice.rows != first.rows || slice.columns != first.columns) {
                throw new InvalidInputException(String.format("%s: %d x %d pixels, but %s has %d x %d; one series expected",
                        slice.file.getFileName(), slice.columns, slice.rows, first.file.getFileName(), first.columns, first.rows));
            }
        }
        slices.sort(Comparator.comparingDouble(slice -> slice.position[2]));
        double spacingZ = first.thickness > 0 ? first.thickness : 1;
        if (slices.size() > 1) {
            spacingZ = slices.get(1).position[2] - slices.get(0).position[2];
            for (int k = 1; k < slices.size(); k++) {
                double gap = slices.get(k).position[2] - slices.get(k - 1).position[2];
                if (!(gap > 0) || Math.abs(gap - spacingZ) > 0.01 * spacingZ) {
                    throw new InvalidInputException(String.format(
                            "CT slices must be evenly spaced: %.4g mm between %s and %s, %.4g mm before", gap,
                            slices.get(k - 1).file.getFileName(), slices.get(k).file.getFileName(), spacingZ));
                }
            }
        }
        int sliceSize = first.rows * first.columns;
        int count = Checks.elementCount("CT series", first.columns, first.rows, slices.size());
        float[] hu = new float[count];
        for (int k = 0; k < slices.size(); k++) {
            System.arraycopy(slices.get(k).hu, 0, hu, k * sliceSize, sliceSize);
        }
        Slice lowest = slices.get(0);
        for (Slice slice : slices) {
            if (Math.abs(slice.position[0] - lowest.position[0]) > 0.01 * first.spacingX
                    || Math.abs(slice.position[1] - lowest.position[1]) > 0.01 * first.spacingY) {
                throw new InvalidInputException(String.format("%s starts at (%.4g, %.4g) mm in x and y, %s at (%.4g, %.4g);"
                                + " the slices of a series must line up (a tilted gantry's series is not read)",
                        slice.file.getFileName(), slice.position[0], slice.position[1], lowest.file.getFileName(),
                        lowest.position[0], lowest.position[1]));
            }
        }
        return new Series(new FloatVolume(new int[] {first.columns, first.rows, slices.size()},
                new double[] {first.spacingX, first.spacingY, spacingZ},
                new double[] {lowest.position[0], lowest.position[1], lowest.position[2]}, hu), first.frameOfReference);
    }

    /** One CT slice, read and checked. */
    private static final class Slice {
        Path file;
        String series;
        String frameOfReference;
        int rows;
        int columns;
        double spacingX;
        double spacingY;
        double thickness;
        double[] position;
        float[] hu;

        static Slice read(Path file) throws IOException {
            String name = file.getFileName().toString();
            AttributeList list = DicomFiles.readPart10(file);
            String modality = Attribute.getSingleStringValueOrEmptyString(list, TagFromName.Modality);
            if (!modality.equals("CT")) {
                throw new InvalidInputException(name + ": expected a CT image, found modality '" + modality + "'");
            }
            Slice slice = new Slice();
            slice.file = file;
            slice.series = Attribute.getSingleStringValueOrEmptyString(list, TagFromName.SeriesInstanceUID).trim();
            slice.frameOfReference = Attribute.getSingleStringValueOrEmptyString(list, TagFromName.FrameOfReferenceUID).trim();
            slice.rows = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Rows, 0);
            slice.columns = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Columns, 0);
            if (slice.rows <= 0 || slice.columns <= 0) {
                throw new InvalidInputException(name + ": Rows and Columns must be positive, found " + slice.rows + " x "
                        + slice.columns);
            }
            double[] spacing = Attribute.getDoubleValues(list, TagFromName.PixelSpacing);
            if (spacing == null || spacing.length != 2 || !(spacing[0] > 0) || !(spacing[1] > 0)) {
                throw new InvalidInputException(name + ": Pixel Spacing must hold two positive values");
            }
            slice.spacingY = spacing[0]; // DICOM: row spacing (between rows) first, then column spacing
            slice.spacingX = spacing[1];
            slice.thickness = Attribute.getSingleDoubleValueOrDefault(list, TagFromName.SliceThickness, 0);
            slice.position = Attribute.getDoubleValues(list, TagFromName.ImagePositionPatient);
            double[] orientation = Attribute.getDoubleValues(list, TagFromName.ImageOrientationPatient);
            if (slice.position == null || slice.position.length != 3 || orientation == null || orientation.length != 6) {
                throw new InvalidInputException(name + ": Image Position and Image Orientation (Patient) are required");
            }
            if (!Double.isFinite(slice.position[0] + slice.position[1] + slice.position[2])
                    || !Double.isFinite(spacing[0] + spacing[1])) {
                throw new InvalidInputException(name + ": Image Position (Patient) and Pixel Spacing must be finite numbers");
            }
            double[] axial = {1, 0, 0, 0, 1, 0};
            for (int i = 0; i < 6; i++) {
                if (Math.abs(orientation[i] - axial[i]) > 1e-3) {
                    throw new InvalidInputException(name + ": only axial slices (Image Orientation 1\\0\\0\\0\\1\\0) are read; "
                            + "this one is oblique or sagittal/coronal");
                }
            }
            int samples = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.SamplesPerPixel, 1);
            int bits = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.BitsAllocated, 16);
            if (samples != 1 || bits != 16) {
                throw new InvalidInputException(name + ": expected 16-bit grey pixels, found " + samples + " samples of "
                        + bits + " bits");
            }
            boolean signed = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.PixelRepresentation, 0) == 1;
            double slope = Attribute.getSingleDoubleValueOrDefault(list, TagFromName.RescaleSlope, 1);
            double intercept = Attribute.getSingleDoubleValueOrDefault(list, TagFromName.RescaleIntercept, 0);
            Attribute pixels = list.getPixelData();
            short[] values;
            try {
                values = pixels == null ? null : pixels.getShortValues();
            } catch (DicomException e) {
                throw new InvalidInputException(name + ": its pixel data cannot be read: " + e.getMessage(), e);
            }
            int count = slice.rows * slice.columns;
            if (values == null || values.length < count) {
                throw new InvalidInputException(name + ": the pixel data hold " + (values == null ? 0 : values.length)
                        + " values, Rows x Columns need " + count);
            }
            slice.hu = new float[count];
            for (int i = 0; i < count; i++) {
                double stored = signed ? values[i] : values[i] & 0xffff;
                slice.hu[i] = (float) (stored * slope + intercept);
            }
            return slice;
        }
    }
}
