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
import com.pixelmed.dicom.AttributeTagAttribute;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.UnsignedShortAttribute;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.recon4j.InvalidInputException;
import org.recon4j.geometry.SpectGeometry;

/**
 * Writes SPECT projections as one multi-frame NM Image (Image Type ORIGINAL\PRIMARY\TOMO\EMISSION),
 * frames ordered by energy window, detector and view as {@link NmProjections} reads them. The
 * views are shared evenly among the detectors in order, each detector's views evenly stepped in
 * one direction; radial positions per view (non-circular orbits). Frames are stored as cameras
 * write them, rows toward the feet (Image Orientation (Patient) 1\0\0\0\0\-1), 16-bit unsigned
 * with a Rescale Slope.
 */
public final class NmProjectionsWriter {
    private NmProjectionsWriter() {
    }

    public static void write(Path file, NmProjections.Acquisition acquisition, int detectors, String seriesDescription)
            throws IOException {
        SpectGeometry geometry = acquisition.geometry();
        List<NmProjections.Window> windows = acquisition.windows();
        int views = geometry.viewCount();
        if (detectors < 1 || views % detectors != 0) {
            throw new InvalidInputException("the " + views + " views must share evenly among the detectors, found " + detectors);
        }
        if (windows.isEmpty()) {
            throw new InvalidInputException("NM projections need at least one energy window");
        }
        int perDetector = views / detectors;
        int columns = geometry.columns();
        int rows = geometry.rows();
        int frame = columns * rows;
        double step = perDetector > 1 ? Math.toDegrees(geometry.angle(1) - geometry.angle(0)) : 0;
        for (int d = 0; d < detectors; d++) {
            for (int k = 1; k < perDetector; k++) {
                double here = Math.toDegrees(geometry.angle(d * perDetector + k) - geometry.angle(d * perDetector + k - 1));
                if (Math.abs(here - step) > 1e-6) {
                    throw new InvalidInputException("NM projections need evenly stepped views per detector; detector "
                            + (d + 1) + " steps " + here + " degrees at view " + (k + 1) + ", not " + step);
                }
            }
        }
        float maximum = 0;
        for (NmProjections.Window window : windows) {
            if (window.counts().length != views * frame) {
                throw new InvalidInputException("window " + window.name() + " holds " + window.counts().length
                        + " values, the geometry " + views * frame);
            }
            for (float value : window.counts()) {
                if (!Float.isFinite(value) || value < 0) {
                    throw new InvalidInputException("projections must be finite counts >= 0, found " + value);
                }
                maximum = Math.max(maximum, value);
            }
        }
        double slope = maximum > 65535 ? maximum / 65535.0 : 1;
        int frames = windows.size() * views;
        short[] stored = new short[frames * frame];
        for (int w = 0; w < windows.size(); w++) {
            float[] counts = windows.get(w).counts();
            for (int v = 0; v < views; v++) {
                int target = (w * views + v) * frame;
                for (int r = 0; r < rows; r++) {
                    for (int c = 0; c < columns; c++) {
                        // stored rows run toward the feet, Recon4J's toward the head
                        stored[target + (rows - 1 - r) * columns + c] =
                                (short) Math.round(counts[v * frame + r * columns + c] / slope);
                    }
                }
            }
        }
        try {
            AttributeList list = new AttributeList();
            put(list, TagFromName.SOPClassUID, SOPClass.NuclearMedicineImageStorage);
            put(list, TagFromName.SOPInstanceUID, newUid());
            putStudyAndSeries(list, acquisition.study() != null ? acquisition.study() : DicomStudy.anonymous(), "NM",
                    newUid(), frameOfReference(acquisition.placement()), seriesDescription);
            put(list, TagFromName.InstanceNumber, "1");
            put(list, TagFromName.PatientOrientation, "");
            put(list, TagFromName.Laterality, "");
            putCodeString(list, TagFromName.ImageType, "ORIGINAL", "PRIMARY", "TOMO", "EMISSION");
            DicomWriting.putGreyPixels(list, rows, columns, false);
            putInteger(list, TagFromName.NumberOfFrames, frames);
            AttributeTagAttribute pointer = new AttributeTagAttribute(TagFromName.FrameIncrementPointer);
            for (String vector : new String[] {"EnergyWindowVector", "DetectorVector", "RotationVector", "AngularViewVector"}) {
                pointer.addValue(tag(vector));
            }
            list.put(pointer);
            UnsignedShortAttribute windowVector = new UnsignedShortAttribute(tag("EnergyWindowVector"));
            UnsignedShortAttribute detectorVector = new UnsignedShortAttribute(tag("DetectorVector"));
            UnsignedShortAttribute rotationVector = new UnsignedShortAttribute(tag("RotationVector"));
            UnsignedShortAttribute viewVector = new UnsignedShortAttribute(tag("AngularViewVector"));
            for (int w = 0; w < windows.size(); w++) {
                for (int v = 0; v < views; v++) {
                    windowVector.addValue(w + 1);
                    detectorVector.addValue(v / perDetector + 1);
                    rotationVector.addValue(1);
                    viewVector.addValue(v % perDetector + 1);
                }
            }
            list.put(windowVector);
            list.put(detectorVector);
            list.put(rotationVector);
            list.put(viewVector);
            putUnsignedShort(list, tag("NumberOfEnergyWindows"), windows.size());
            putUnsignedShort(list, tag("NumberOfDetectors"), detectors);
            putUnsignedShort(list, tag("NumberOfRotations"), 1);
            putDecimals(list, TagFromName.PixelSpacing, geometry.rowSpacing(), geometry.columnSpacing());
            putDecimals(list, TagFromName.RescaleSlope, slope);
            putDecimals(list, TagFromName.RescaleIntercept, 0);
            put(list, tag("CountsAccumulated"), "");
            SequenceAttribute windowItems = new SequenceAttribute(tag("EnergyWindowInformationSequence"));
            for (NmProjections.Window window : windows) {
                AttributeList item = new AttributeList();
                put(item, tag("EnergyWindowName"), window.name());
                SequenceAttribute ranges = new SequenceAttribute(tag("EnergyWindowRangeSequence"));
                AttributeList range = new AttributeList();
                putDecimals(range, tag("EnergyWindowLowerLimit"), window.lowerKeV());
                putDecimals(range, tag("EnergyWindowUpperLimit"), window.upperKeV());
                ranges.addItem(range);
                item.put(ranges);
                windowItems.addItem(item);
            }
            list.put(windowItems);
            SequenceAttribute detectorItems = new SequenceAttribute(tag("DetectorInformationSequence"));
            for (int d = 0; d < detectors; d++) {
                AttributeList item = new AttributeList();
                // the first frame's rows run along the camera's u axis at its start angle, columns toward the feet
                double start = geometry.angle(d * perDetector);
                putDecimals(item, TagFromName.ImageOrientationPatient, Math.cos(start), -Math.sin(start), 0, 0, 0, -1);
                putDecimals(item, TagFromName.ImagePositionPatient, volumeCorner(acquisition, geometry));
                put(item, tag("CollimatorType"), "");
                putDecimals(item, tag("StartAngle"), startAngle(geometry, d * perDetector));
                double[] radii = new double[perDetector];
                for (int k = 0; k < perDetector; k++) {
                    radii[k] = geometry.radius(d * perDetector + k);
                }
                putDecimals(item, tag("RadialPosition"), radii);
                detectorItems.addItem(item);
            }
            list.put(detectorItems);
            SequenceAttribute rotations = new SequenceAttribute(tag("RotationInformationSequence"));
            AttributeList rotation = new AttributeList();
            putDecimals(rotation, tag("StartAngle"), startAngle(geometry, 0));
            putDecimals(rotation, tag("AngularStep"), Math.abs(step));
            put(rotation, tag("RotationDirection"), step < 0 ? "CW" : "CC");
            putDecimals(rotation, tag("ScanArc"), Math.abs(step) * perDetector);
            putInteger(rotation, tag("ActualFrameDuration"), (int) Math.round(acquisition.frameSeconds() * 1000));
            putUnsignedShort(rotation, tag("NumberOfFramesInRotation"), perDetector);
            rotations.addItem(rotation);
            list.put(rotations);
            list.put(new SequenceAttribute(tag("RadiopharmaceuticalInformationSequence")));
            list.put(new SequenceAttribute(tag("PatientOrientationCodeSequence")));
            list.put(new SequenceAttribute(tag("PatientGantryRelationshipCodeSequence")));
            put(list, tag("TypeOfDetectorMotion"), "STEP AND SHOOT");
            DicomWriting.writeWithPixels(file, list, stored);
        } catch (DicomException e) {
            throw new IOException("DICOM encoding failed: " + e.getMessage(), e);
        }
    }

    /**
     * GE's placement, which {@link NmProjections} reads back: the first voxel of the square volume
     * centred on the rotation axis, at the top row's height.
     */
    private static double[] volumeCorner(NmProjections.Acquisition acquisition, SpectGeometry geometry) {
        double[] axis = acquisition.placement().known() ? acquisition.placement().axisPosition() : new double[3];
        double half = (geometry.columns() - 1) / 2.0 * geometry.columnSpacing();
        double top = axis[2] + (geometry.rows() - 1) / 2.0 * geometry.rowSpacing();
        // a y of exactly 0 would read as Siemens' layout
        double y = axis[1] - half == 0 ? Math.ulp(half) : axis[1] - half;
        return new double[] {axis[0] - half, y, top};
    }

    private static String frameOfReference(NmProjections.Placement placement) {
        return placement.frameOfReferenceUid().isEmpty() ? newUid() : placement.frameOfReferenceUid();
    }

    /** The DICOM start angle (degrees, 0 to 360) of a view. */
    private static double startAngle(SpectGeometry geometry, int view) {
        double degrees = Math.toDegrees(geometry.angle(view)) % 360;
        return degrees < 0 ? degrees + 360 : degrees;
    }
}
