package org.recon4j.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import org.recon4j.InvalidInputException;
import org.recon4j.geometry.SpectGeometry;

/**
 * The camera positions of an NM TOMO acquisition: the views of every rotation and detector
 * (rotation first, then detector, then view), each with its angle and radius, and per detector
 * which way its frames must be turned to match {@link SpectGeometry}'s frames.
 *
 * <p>Vendors differ in where they put things, and the standard allows each: Radial Position in
 * the Detector Information Sequence (per view or one value) or in the Rotation Information
 * Sequence (GE); Start Angle per detector or per rotation. Image Orientation (Patient) in the
 * Detector Information Sequence gives the first frame's row and column directions; a row
 * direction against the camera's u axis at that angle means columns are stored mirrored (GE's
 * files are), a column direction toward the feet means rows run toward the feet.
 */
final class NmOrbit {
    final int rotations;
    final int detectors;
    /** Views per rotation (NumberOfFramesInRotation of each Rotation Information item). */
    final int[] viewsPerRotation;
    final int viewCount;
    final double[] angles;
    final double[] radii;
    /** The detector (from 0) that took each view. */
    final int[] detectorOfView;
    final boolean[] mirrorColumns;
    final boolean[] rowsTowardFeet;
    /** The first detector's Image Position and Orientation (Patient), or null when absent. */
    final double[] position;
    final double[] orientation;
    final double tableHeight;
    final double frameSeconds;

    private NmOrbit(String name, AttributeList list) {
        SequenceAttribute rotationItems = (SequenceAttribute) list.get(DicomWriting.tag("RotationInformationSequence"));
        SequenceAttribute detectorItems = (SequenceAttribute) list.get(DicomWriting.tag("DetectorInformationSequence"));
        if (rotationItems == null || rotationItems.getNumberOfItems() < 1) {
            throw new InvalidInputException(name + ": expected a Rotation Information Sequence with one item per rotation, found none");
        }
        if (detectorItems == null || detectorItems.getNumberOfItems() < 1) {
            throw new InvalidInputException(name + ": expected a Detector Information Sequence with one item per detector, found none");
        }
        rotations = rotationItems.getNumberOfItems();
        detectors = detectorItems.getNumberOfItems();
        viewsPerRotation = new int[rotations];
        int views = 0;
        for (int r = 0; r < rotations; r++) {
            AttributeList rotation = rotationItems.getItem(r).getAttributeList();
            viewsPerRotation[r] = Attribute.getSingleIntegerValueOrDefault(rotation, DicomWriting.tag("NumberOfFramesInRotation"), 0);
            if (viewsPerRotation[r] <= 0 || viewsPerRotation[r] > 100_000) {
                throw new InvalidInputException(name + ": rotation " + (r + 1) + " needs Number of Frames in Rotation in 1..100000, found "
                        + viewsPerRotation[r]);
            }
            views += viewsPerRotation[r] * detectors;
        }
        viewCount = views;
        angles = new double[views];
        radii = new double[views];
        detectorOfView = new int[views];
        mirrorColumns = new boolean[detectors];
        rowsTowardFeet = new boolean[detectors];
        AttributeList firstRotation = rotationItems.getItem(0).getAttributeList();
        double firstRotationStart = Attribute.getSingleDoubleValueOrDefault(firstRotation, DicomWriting.tag("StartAngle"), Double.NaN);
        frameSeconds = Attribute.getSingleDoubleValueOrDefault(firstRotation, DicomWriting.tag("ActualFrameDuration"), 0) / 1000;
        tableHeight = Attribute.getSingleDoubleValueOrDefault(firstRotation, DicomWriting.tag("TableHeight"), 0);
        int view = 0;
        for (int r = 0; r < rotations; r++) {
            AttributeList rotation = rotationItems.getItem(r).getAttributeList();
            double step = Attribute.getSingleDoubleValueOrDefault(rotation, DicomWriting.tag("AngularStep"), Double.NaN);
            if (!Double.isFinite(step)) {
                throw new InvalidInputException(name + ": rotation " + (r + 1) + " needs an Angular Step");
            }
            String direction = Attribute.getSingleStringValueOrEmptyString(rotation, DicomWriting.tag("RotationDirection"));
            double sign = SpectGeometry.Direction.parse(direction) == SpectGeometry.Direction.CW ? -1 : 1;
            double rotationStart = Attribute.getSingleDoubleValueOrDefault(rotation, DicomWriting.tag("StartAngle"), Double.NaN);
            for (int d = 0; d < detectors; d++) {
                AttributeList detector = detectorItems.getItem(d).getAttributeList();
                double start = start(name, detector, rotationStart, firstRotationStart, d);
                double[] radial = radialPositions(name, detector, rotation, r, d);
                for (int k = 0; k < viewsPerRotation[r]; k++) {
                    angles[view] = Math.toRadians(start + sign * k * step);
                    radii[view] = radial.length == 1 ? radial[0] : radial[radialOffset(radial, r) + k];
                    detectorOfView[view] = d;
                    view++;
                }
                if (r == 0) {
                    orient(name, detector, Math.toRadians(start), d);
                }
            }
        }
        AttributeList firstDetector = detectorItems.getItem(0).getAttributeList();
        double[] imagePosition = Attribute.getDoubleValues(firstDetector, TagFromName.ImagePositionPatient);
        double[] imageOrientation = Attribute.getDoubleValues(firstDetector, TagFromName.ImageOrientationPatient);
        position = imagePosition != null && imagePosition.length == 3 && finite(imagePosition) ? imagePosition : null;
        orientation = imageOrientation != null && imageOrientation.length == 6 && finite(imageOrientation)
                ? imageOrientation : null;
    }

    static NmOrbit read(String name, AttributeList list) {
        return new NmOrbit(name, list);
    }

    /** A detector's own Start Angle, moved with later rotations; else the rotation's. */
    private static double start(String name, AttributeList detector, double rotationStart, double firstRotationStart,
                                int d) {
        double detectorStart = Attribute.getSingleDoubleValueOrDefault(detector, DicomWriting.tag("StartAngle"), Double.NaN);
        if (Double.isFinite(detectorStart)) {
            boolean shifted = Double.isFinite(rotationStart) && Double.isFinite(firstRotationStart);
            return detectorStart + (shifted ? rotationStart - firstRotationStart : 0);
        }
        if (Double.isFinite(rotationStart)) {
            return rotationStart;
        }
        throw new InvalidInputException(name + ": detector " + (d + 1)
                + " needs a Start Angle (in its Detector Information item or the Rotation Information item)");
    }

    /**
     * Radial Position from the detector's item (one value, one per view of each rotation, or one
     * per view of all rotations together), else from the rotation's item (GE writes it there).
     */
    private double[] radialPositions(String name, AttributeList detector, AttributeList rotation, int r, int d) {
        double[] values = Attribute.getDoubleValues(detector, DicomWriting.tag("RadialPosition"));
        int allViews = 0;
        for (int count : viewsPerRotation) {
            allViews += count;
        }
        if (values == null || values.length == 0) {
            values = Attribute.getDoubleValues(rotation, DicomWriting.tag("RadialPosition"));
            if (values != null && values.length != 1 && values.length != viewsPerRotation[r]) {
                throw new InvalidInputException(String.format("%s: rotation %d has %d Radial Positions; expected 1 or %d (one per view)",
                        name, r + 1, values.length, viewsPerRotation[r]));
            }
        } else if (values.length != 1 && values.length != viewsPerRotation[r] && values.length != allViews) {
            throw new InvalidInputException(String.format("%s: detector %d has %d Radial Positions; expected 1, %d (one per view) or %d",
                    name, d + 1, values.length, viewsPerRotation[r], allViews));
        }
        if (values == null || values.length == 0) {
            throw new InvalidInputException(name + ": detector " + (d + 1) + " needs a Radial Position, in its Detector "
                    + "Information item or in the Rotation Information item; found neither");
        }
        for (double value : values) {
            if (!(value > 0) || !Double.isFinite(value)) {
                throw new InvalidInputException(name + ": Radial Position must be positive (mm), found " + value);
            }
        }
        return values;
    }

    /** Where rotation r's views start in a list of radial positions that covers all rotations. */
    private int radialOffset(double[] radial, int r) {
        if (radial.length == viewsPerRotation[r]) {
            return 0;
        }
        int offset = 0;
        for (int earlier = 0; earlier < r; earlier++) {
            offset += viewsPerRotation[earlier];
        }
        return offset;
    }

    private void orient(String name, AttributeList detector, double startRadians, int d) {
        double[] orientation = Attribute.getDoubleValues(detector, TagFromName.ImageOrientationPatient);
        if (orientation == null || orientation.length != 6 || !finite(orientation)) {
            // cameras store rows from head to feet; columns are taken to run along u
            rowsTowardFeet[d] = true;
            return;
        }
        if (Math.abs(orientation[5]) < 0.9) {
            throw new InvalidInputException(String.format("%s: detector %d's columns must run along the patient's axis; "
                            + "its Image Orientation (Patient) column direction is (%.3g, %.3g, %.3g)", name, d + 1,
                    orientation[3], orientation[4], orientation[5]));
        }
        rowsTowardFeet[d] = orientation[5] < 0;
        double alongU = orientation[0] * Math.cos(startRadians) - orientation[1] * Math.sin(startRadians);
        mirrorColumns[d] = alongU < 0;
    }

    private static boolean finite(double[] values) {
        for (double value : values) {
            if (!Double.isFinite(value)) {
                return false;
            }
        }
        return true;
    }
}
