package org.recon4j.dicom;

import static org.recon4j.dicom.DicomWriting.tag;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.recon4j.InvalidInputException;
import org.recon4j.geometry.SpectGeometry;

/**
 * Reads an NM Image object of SPECT projections (Image Type ...\TOMO\...) in any vendor's layout
 * (see {@link NmOrbit}): each frame is placed by its Energy Window, Detector, Rotation and Angular
 * View vectors, whatever order the frames come in; frames that share all four (time slots, gated
 * phases) are summed. Frames are turned so that columns run along the camera's u axis and rows
 * toward the head, as {@link SpectGeometry} defines them.
 */
public final class NmProjections {
    private static final String[] VECTORS = {"EnergyWindowVector", "DetectorVector", "RotationVector", "AngularViewVector"};

    private NmProjections() {
    }

    /** One energy window's counts, {@code [view][row][column]}, with its range in keV. */
    public record Window(String name, double lowerKeV, double upperKeV, float[] counts) {
        public double centreKeV() {
            return (lowerKeV + upperKeV) / 2;
        }

        public double widthKeV() {
            return upperKeV - lowerKeV;
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "%s (%.2f-%.2f keV)", name, lowerKeV, upperKeV);
        }
    }

    /**
     * Where {@link SpectGeometry}'s frame lies in the patient's: {@code axisPosition} is the
     * patient position (LPS mm) of its origin, the point of the rotation axis level with the
     * detector's central row; null when the file does not place the acquisition. Camera angles
     * are already in the patient's frame, so no rotation is needed.
     */
    public record Placement(double[] axisPosition, String frameOfReferenceUid) {
        public static Placement unknown() {
            return new Placement(null, "");
        }

        public boolean known() {
            return axisPosition != null;
        }
    }

    /**
     * The acquisition: windows, geometry (all detectors' views in order), seconds per view, the
     * patient and study, where it lies in the patient, the radionuclide as the file names it
     * (empty when it does not), the collimator's name and the detector (head, from 0) of each view.
     */
    public record Acquisition(List<Window> windows, SpectGeometry geometry, double frameSeconds, DicomStudy study,
                              Placement placement, String radionuclide, String collimator, int[] headOfView) {
        /** An acquisition with no placement, radionuclide or collimator (simulated data), all views one head's. */
        public Acquisition(List<Window> windows, SpectGeometry geometry, double frameSeconds, DicomStudy study) {
            this(windows, geometry, frameSeconds, study, Placement.unknown(), "", "", new int[geometry.viewCount()]);
        }
    }

    public static Acquisition read(Path file) throws IOException {
        String name = file.getFileName().toString();
        AttributeList list = DicomFiles.readPart10(file);
        try {
            return read(name, list);
        } catch (DicomException e) {
            throw new InvalidInputException(name + ": not readable as NM projections: " + e.getMessage(), e);
        }
    }

    private static Acquisition read(String name, AttributeList list) throws DicomException {
        String modality = Attribute.getSingleStringValueOrEmptyString(list, TagFromName.Modality);
        String imageType = Attribute.getDelimitedStringValuesOrEmptyString(list, TagFromName.ImageType);
        if (!modality.equals("NM") || !imageType.contains("TOMO") || imageType.contains("RECON")) {
            throw new InvalidInputException(name + ": expected NM tomographic projections (Image Type ...\\TOMO\\...), found "
                    + modality + " " + imageType);
        }
        int[] size = NmPixels.frameSize(name, list);
        int rows = size[0];
        int columns = size[1];
        int frames = size[2];
        double[] spacing = Attribute.getDoubleValues(list, TagFromName.PixelSpacing);
        if (spacing == null || spacing.length != 2 || !(spacing[0] > 0) || !(spacing[1] > 0)
                || !Double.isFinite(spacing[0] + spacing[1])) {
            throw new InvalidInputException(name + ": Pixel Spacing must hold two positive values");
        }
        NmOrbit orbit = NmOrbit.read(name, list);
        SequenceAttribute windowItems = (SequenceAttribute) list.get(tag("EnergyWindowInformationSequence"));
        int windowCount = windowItems == null ? 1 : Math.max(1, windowItems.getNumberOfItems());
        int[][] vectors = frameVectors(name, list, frames);
        int[] perRotationStart = new int[orbit.rotations];
        for (int r = 1; r < orbit.rotations; r++) {
            perRotationStart[r] = perRotationStart[r - 1] + orbit.viewsPerRotation[r - 1] * orbit.detectors;
        }
        int frameSize = rows * columns;
        int[] targets = new int[frames];
        int[] repeats = new int[windowCount * orbit.viewCount];
        for (int f = 0; f < frames; f++) {
            int window = vectors[0][f];
            int detector = vectors[1][f];
            int rotation = vectors[2][f];
            int view = vectors[3][f];
            if (window < 1 || window > windowCount || detector < 1 || detector > orbit.detectors || rotation < 1
                    || rotation > orbit.rotations || view < 1 || view > orbit.viewsPerRotation[rotation - 1]) {
                throw new InvalidInputException(String.format("%s: frame %d is window %d, detector %d, rotation %d, view %d;"
                                + " the file has %d windows, %d detectors, %d rotations", name, f + 1, window, detector, rotation,
                        view, windowCount, orbit.detectors, orbit.rotations));
            }
            int target = perRotationStart[rotation - 1] + (detector - 1) * orbit.viewsPerRotation[rotation - 1] + view - 1;
            targets[f] = (window - 1) * orbit.viewCount + target;
            repeats[targets[f]]++;
        }
        int repeat = repeats[0];
        for (int count : repeats) {
            if (count != repeat || count == 0) {
                throw new InvalidInputException(String.format("%s: %d frames do not cover %d windows x %d views evenly "
                        + "(each window and view needs the same number of frames)", name, frames, windowCount, orbit.viewCount));
            }
        }
        float[][] counts = new float[windowCount][orbit.viewCount * frameSize];
        readPixels(name, list, frames, rows, columns, targets, orbit, counts);
        List<Window> windows = windows(windowItems, windowCount, counts);
        SpectGeometry geometry = SpectGeometry.of(orbit.angles, orbit.radii, columns, rows, spacing[1], spacing[0], 0, 0);
        String frameOfReference = Attribute.getSingleStringValueOrEmptyString(list, TagFromName.FrameOfReferenceUID).trim();
        return new Acquisition(windows, geometry, orbit.frameSeconds, DicomStudy.of(list),
                placement(orbit, columns, rows, spacing[1], spacing[0], frameOfReference), radionuclide(list),
                collimator(list), orbit.detectorOfView.clone());
    }

    /** The four frame vectors (1-based); a vector the file leaves out and does not point to is all ones. */
    private static int[][] frameVectors(String name, AttributeList list, int frames) throws DicomException {
        List<AttributeTag> pointer = new ArrayList<>();
        Attribute increments = list.get(TagFromName.FrameIncrementPointer);
        if (increments instanceof com.pixelmed.dicom.AttributeTagAttribute tags && tags.getAttributeTagValues() != null) {
            pointer.addAll(Arrays.asList(tags.getAttributeTagValues()));
        }
        int[][] vectors = new int[VECTORS.length][];
        for (int v = 0; v < VECTORS.length; v++) {
            AttributeTag key = tag(VECTORS[v]);
            Attribute attribute = list.get(key);
            if (attribute == null || attribute.getVM() == 0) {
                if (pointer.contains(key)) {
                    throw new InvalidInputException(name + ": the Frame Increment Pointer names " + VECTORS[v]
                            + " but the file does not hold it");
                }
                vectors[v] = new int[frames];
                Arrays.fill(vectors[v], 1);
                if (VECTORS[v].equals("AngularViewVector")) {
                    Arrays.setAll(vectors[v], f -> f + 1);
                }
                continue;
            }
            vectors[v] = attribute.getIntegerValues();
            if (vectors[v] == null || vectors[v].length != frames) {
                throw new InvalidInputException(String.format("%s: %s must hold one value per frame (%d), found %d", name,
                        VECTORS[v], frames, vectors[v] == null ? 0 : vectors[v].length));
            }
        }
        return vectors;
    }

    private static void readPixels(String name, AttributeList list, int frames, int rows, int columns, int[] targets,
                                   NmOrbit orbit, float[][] counts) throws DicomException {
        float[] stored = NmPixels.rescaled(name, list, rows, columns, frames);
        int frameSize = rows * columns;
        for (int f = 0; f < frames; f++) {
            int window = targets[f] / orbit.viewCount;
            int view = targets[f] % orbit.viewCount;
            int detector = orbit.detectorOfView[view];
            boolean mirror = orbit.mirrorColumns[detector];
            boolean flipRows = orbit.rowsTowardFeet[detector];
            float[] destination = counts[window];
            for (int r = 0; r < rows; r++) {
                int row = flipRows ? rows - 1 - r : r;
                for (int c = 0; c < columns; c++) {
                    int column = mirror ? columns - 1 - c : c;
                    destination[view * frameSize + row * columns + column] += stored[f * frameSize + r * columns + c];
                }
            }
        }
    }

    private static List<Window> windows(SequenceAttribute items, int windowCount, float[][] counts) {
        List<Window> result = new ArrayList<>();
        for (int w = 0; w < windowCount; w++) {
            String label = "window " + (w + 1);
            double lower = Double.NaN;
            double upper = Double.NaN;
            if (items != null && w < items.getNumberOfItems()) {
                AttributeList item = items.getItem(w).getAttributeList();
                label = Attribute.getSingleStringValueOrDefault(item, tag("EnergyWindowName"), label).trim();
                SequenceAttribute ranges = (SequenceAttribute) item.get(tag("EnergyWindowRangeSequence"));
                if (ranges != null && ranges.getNumberOfItems() > 0) {
                    AttributeList range = ranges.getItem(0).getAttributeList();
                    lower = Attribute.getSingleDoubleValueOrDefault(range, tag("EnergyWindowLowerLimit"), Double.NaN);
                    upper = Attribute.getSingleDoubleValueOrDefault(range, tag("EnergyWindowUpperLimit"), Double.NaN);
                }
            }
            result.add(new Window(label.isEmpty() ? "window " + (w + 1) : label, lower, upper, counts[w]));
        }
        return result;
    }

    /**
     * The rotation axis in patient coordinates from the first detector's Image Position
     * (Patient). Axially it is the central row's position. In the plane, GE writes the first
     * voxel of the square volume its own reconstruction would make, centred on the axis; a y of
     * exactly 0 is read as PyTomography reads Siemens' files: x at the axis less half a
     * column, and the axis at the Table Height below the origin.
     */
    private static Placement placement(NmOrbit orbit, int columns, int rows, double columnSpacing, double rowSpacing,
                                       String frameOfReference) {
        if (orbit.position == null) {
            return new Placement(null, frameOfReference);
        }
        double[] position = orbit.position;
        double columnZ = orbit.orientation == null ? -1 : orbit.orientation[5];
        double axisZ = position[2] + (rows - 1) / 2.0 * rowSpacing * columnZ;
        double half = (columns - 1) / 2.0 * columnSpacing;
        double[] axis = position[1] == 0
                ? new double[] {position[0] - columnSpacing / 2, -orbit.tableHeight - columnSpacing / 2, axisZ}
                : new double[] {position[0] + half, position[1] + half, axisZ};
        return new Placement(axis, frameOfReference);
    }

    private static String radionuclide(AttributeList list) {
        SequenceAttribute pharmaceuticals = (SequenceAttribute) list.get(tag("RadiopharmaceuticalInformationSequence"));
        if (pharmaceuticals == null || pharmaceuticals.getNumberOfItems() == 0) {
            return "";
        }
        AttributeList item = pharmaceuticals.getItem(0).getAttributeList();
        SequenceAttribute codes = (SequenceAttribute) item.get(tag("RadionuclideCodeSequence"));
        if (codes != null && codes.getNumberOfItems() > 0) {
            String meaning = Attribute.getSingleStringValueOrEmptyString(codes.getItem(0).getAttributeList(),
                    TagFromName.CodeMeaning).trim();
            if (!meaning.isEmpty()) {
                return meaning;
            }
        }
        return Attribute.getSingleStringValueOrEmptyString(item, tag("Radiopharmaceutical")).trim();
    }

    private static String collimator(AttributeList list) {
        SequenceAttribute detectors = (SequenceAttribute) list.get(tag("DetectorInformationSequence"));
        if (detectors == null || detectors.getNumberOfItems() == 0) {
            return "";
        }
        return Attribute.getSingleStringValueOrEmptyString(detectors.getItem(0).getAttributeList(),
                tag("CollimatorGridName")).trim();
    }
}
