package org.recon4j.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomDictionary;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.recon4j.InvalidInputException;
import org.recon4j.geometry.SpectGeometry;

/**
 * Reads an NM Image object of SPECT projections (Image Type ...\TOMO\...): frames are sorted by
 * energy window, detector and angular view as the Frame Increment Pointer says; each detector's
 * views get its start angle, the rotation's step and direction, and the Radial Position per view.
 * The detector's Image Orientation (Patient) is honoured: frames are turned so that columns run
 * along the camera's u axis and rows toward the head, as {@link SpectGeometry} defines them.
 */
public final class NmProjections {
    private NmProjections() {
    }

    /** One energy window's counts, {@code [detector view][row][column]}, with its range in keV. */
    public record Window(String name, double lowerKeV, double upperKeV, float[] counts) {
    }

    /**
     * The acquisition: windows, geometry (all detectors' views in order), seconds per view, and
     * the patient and study, for writing the reconstruction into the same study.
     */
    public record Acquisition(List<Window> windows, SpectGeometry geometry, double frameSeconds, DicomStudy study) {
    }

    private static AttributeTag tag(String name) {
        return DicomDictionary.StandardDictionary.getTagFromName(name);
    }

    public static Acquisition read(Path file) throws IOException {
        String name = file.getFileName().toString();
        AttributeList list = DicomFiles.readPart10(file);
        try {
            String modality = Attribute.getSingleStringValueOrEmptyString(list, TagFromName.Modality);
            String imageType = Attribute.getDelimitedStringValuesOrEmptyString(list, TagFromName.ImageType);
            if (!modality.equals("NM") || !imageType.contains("TOMO") || imageType.contains("RECON")) {
                throw new InvalidInputException(name + ": expected NM tomographic projections (Image Type ...\\TOMO\\...), found "
                        + modality + " " + imageType);
            }
            int rows = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Rows, 0);
            int columns = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Columns, 0);
            int frames = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.NumberOfFrames, 1);
            if (rows <= 0 || columns <= 0 || frames <= 0) {
                throw new InvalidInputException(name + ": Rows, Columns and Number of Frames must be positive");
            }
            double[] spacing = Attribute.getDoubleValues(list, TagFromName.PixelSpacing);
            if (spacing == null || spacing.length != 2 || !(spacing[0] > 0) || !(spacing[1] > 0)) {
                throw new InvalidInputException(name + ": Pixel Spacing must hold two positive values");
            }
            int[] window = vector(list, "EnergyWindowVector", frames, name);
            int[] detector = vector(list, "DetectorVector", frames, name);
            int[] view = vector(list, "AngularViewVector", frames, name);
            SequenceAttribute rotations = (SequenceAttribute) list.get(tag("RotationInformationSequence"));
            SequenceAttribute detectors = (SequenceAttribute) list.get(tag("DetectorInformationSequence"));
            SequenceAttribute windows = (SequenceAttribute) list.get(tag("EnergyWindowInformationSequence"));
            if (rotations == null || rotations.getNumberOfItems() != 1 || detectors == null || detectors.getNumberOfItems() < 1) {
                throw new InvalidInputException(name + ": expected one Rotation Information item and a Detector Information item "
                        + "per detector");
            }
            AttributeList rotation = rotations.getItem(0).getAttributeList();
            double step = Attribute.getSingleDoubleValueOrDefault(rotation, tag("AngularStep"), Double.NaN);
            String direction = Attribute.getSingleStringValueOrEmptyString(rotation, tag("RotationDirection"));
            int perRotation = Attribute.getSingleIntegerValueOrDefault(rotation, tag("NumberOfFramesInRotation"), 0);
            double duration = Attribute.getSingleDoubleValueOrDefault(rotation, tag("ActualFrameDuration"), 0) / 1000;
            if (!Double.isFinite(step) || perRotation <= 0) {
                throw new InvalidInputException(name + ": Angular Step and Number of Frames in Rotation are required");
            }
            int detectorCount = detectors.getNumberOfItems();
            int windowCount = windows == null ? 1 : Math.max(1, windows.getNumberOfItems());
            if (frames != windowCount * detectorCount * perRotation) {
                throw new InvalidInputException(String.format("%s: %d frames, but %d windows x %d detectors x %d views = %d",
                        name, frames, windowCount, detectorCount, perRotation, windowCount * detectorCount * perRotation));
            }
            int views = detectorCount * perRotation;
            double[] angles = new double[views];
            double[] radii = new double[views];
            boolean flipColumns = false;
            boolean flipRows = false;
            double sign = SpectGeometry.Direction.parse(direction) == SpectGeometry.Direction.CW ? -1 : 1;
            for (int d = 0; d < detectorCount; d++) {
                AttributeList item = detectors.getItem(d).getAttributeList();
                double start = Attribute.getSingleDoubleValueOrDefault(item, tag("StartAngle"),
                        Attribute.getSingleDoubleValueOrDefault(rotation, tag("StartAngle"), 0));
                double[] radial = Attribute.getDoubleValues(item, tag("RadialPosition"));
                if (radial == null || radial.length != 1 && radial.length != perRotation) {
                    throw new InvalidInputException(name + ": detector " + (d + 1) + " needs one Radial Position or one per view");
                }
                double[] orientation = Attribute.getDoubleValues(item, TagFromName.ImageOrientationPatient);
                if (orientation != null && orientation.length == 6) {
                    flipColumns = orientation[0] < 0;
                    flipRows = orientation[5] < 0;
                }
                for (int k = 0; k < perRotation; k++) {
                    angles[d * perRotation + k] = Math.toRadians(start + sign * k * step);
                    radii[d * perRotation + k] = radial.length == 1 ? radial[0] : radial[k];
                }
            }
            short[] pixels = list.getPixelData().getShortValues();
            int frameSize = rows * columns;
            if (pixels == null || pixels.length < frames * frameSize) {
                throw new InvalidInputException(name + ": the pixel data hold fewer values than the frames need");
            }
            double slope = Attribute.getSingleDoubleValueOrDefault(list, TagFromName.RescaleSlope, 1);
            double intercept = Attribute.getSingleDoubleValueOrDefault(list, TagFromName.RescaleIntercept, 0);
            float[][] counts = new float[windowCount][views * frameSize];
            for (int f = 0; f < frames; f++) {
                int target = (detector[f] - 1) * perRotation + (view[f] - 1);
                if (window[f] < 1 || window[f] > windowCount || detector[f] < 1 || detector[f] > detectorCount
                        || view[f] < 1 || view[f] > perRotation) {
                    throw new InvalidInputException(name + ": frame " + (f + 1) + " has window/detector/view indices out of range");
                }
                float[] destination = counts[window[f] - 1];
                for (int r = 0; r < rows; r++) {
                    int row = flipRows ? rows - 1 - r : r;
                    for (int c = 0; c < columns; c++) {
                        int column = flipColumns ? columns - 1 - c : c;
                        double value = (pixels[f * frameSize + r * columns + c] & 0xffff) * slope + intercept;
                        destination[target * frameSize + row * columns + column] = (float) value;
                    }
                }
            }
            List<Window> result = new ArrayList<>();
            for (int w = 0; w < windowCount; w++) {
                String label = "window " + (w + 1);
                double lower = Double.NaN;
                double upper = Double.NaN;
                if (windows != null && w < windows.getNumberOfItems()) {
                    AttributeList item = windows.getItem(w).getAttributeList();
                    label = Attribute.getSingleStringValueOrDefault(item, tag("EnergyWindowName"), label);
                    SequenceAttribute ranges = (SequenceAttribute) item.get(tag("EnergyWindowRangeSequence"));
                    if (ranges != null && ranges.getNumberOfItems() > 0) {
                        AttributeList range = ranges.getItem(0).getAttributeList();
                        lower = Attribute.getSingleDoubleValueOrDefault(range, tag("EnergyWindowLowerLimit"), Double.NaN);
                        upper = Attribute.getSingleDoubleValueOrDefault(range, tag("EnergyWindowUpperLimit"), Double.NaN);
                    }
                }
                result.add(new Window(label, lower, upper, counts[w]));
            }
            SpectGeometry geometry = SpectGeometry.of(angles, radii, columns, rows, spacing[1], spacing[0], 0, 0);
            return new Acquisition(result, geometry, duration, DicomStudy.of(list));
        } catch (DicomException e) {
            throw new InvalidInputException(name + ": not readable as NM projections: " + e.getMessage(), e);
        }
    }

    /** A frame vector (1-based indices), or all ones when the file leaves it out. */
    private static int[] vector(AttributeList list, String key, int frames, String name) throws DicomException {
        Attribute attribute = list.get(tag(key));
        if (attribute == null) {
            int[] ones = new int[frames];
            java.util.Arrays.fill(ones, 1);
            if (key.equals("AngularViewVector")) {
                for (int f = 0; f < frames; f++) {
                    ones[f] = f + 1;
                }
            }
            return ones;
        }
        int[] values = attribute.getIntegerValues();
        if (values == null || values.length != frames) {
            throw new InvalidInputException(name + ": " + key + " must hold one value per frame (" + frames + ")");
        }
        return values;
    }
}
