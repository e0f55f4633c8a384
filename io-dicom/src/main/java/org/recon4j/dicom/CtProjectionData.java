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
import java.util.Locale;
import java.util.stream.Stream;
import org.recon4j.InvalidInputException;
import org.recon4j.geometry.DetectorShape;
import org.recon4j.geometry.FanBeamGeometry;
import org.recon4j.util.Checks;

/**
 * Raw CT projections in the DICOM-CT-PD format (the Mayo Clinic / AAPM low-dose CT data, Chen et
 * al. 2015): one file per view, the geometry in private elements of groups 7029 to 7041, decoded
 * by their documented VRs whether the file types them or carries them as UN. The geometry and
 * its mapping onto Recon4J's fan beam are in docs/CONVENTIONS.md ("DICOM-CT-PD").
 *
 * <p>Axial scans without flying focal spot reconstruct as a stack of fan-beam sinograms, one per
 * detector row ({@link Scan#fanBeam()}); helical scans are read and described, and asking to
 * reconstruct them says that this is not supported yet.
 */
public final class CtProjectionData {
    private CtProjectionData() {
    }

    /**
     * One scan. {@code angles} are the focal-centre angles phi (radians, unwrapped), {@code
     * axialPositions} the focal-centre z (mm) per view; {@code data} holds the projections
     * {@code [view][detector row][channel]} after rescale (line integrals when LogFlag is set);
     * {@code study} the patient and study of the first file, for writing the reconstruction.
     */
    public record Scan(String type, String detectorShape, int channels, int rows, double channelPitch, double rowPitch,
                       double sourceToIsocentre, double sourceToDetector, double centralChannel, double centralRow,
                       double[] angles, double[] axialPositions, String flyingFocalSpot, boolean focalSpotShifts,
                       double waterAttenuation, float[] data, DicomStudy study) {

        public int viewCount() {
            return angles.length;
        }

        public boolean isHelical() {
            return type.equalsIgnoreCase("HELICAL");
        }

        /** The angular range the views cover (radians), from first to last view plus one step. */
        public double angularRange() {
            if (angles.length < 2) {
                return 0;
            }
            double step = (angles[angles.length - 1] - angles[0]) / (angles.length - 1);
            return Math.abs(angles[angles.length - 1] - angles[0] + step);
        }

        /** The table travel over the scan (mm). */
        public double tableTravel() {
            return Math.abs(axialPositions[axialPositions.length - 1] - axialPositions[0]);
        }

        /**
         * The scan as fan beams, one per detector row: the source angle beta = phi + pi (Recon4J's
         * source sits at (SOD sin beta, -SOD cos beta)); bin m is channel m + 1, the central
         * element at the detector's origin.
         *
         * @throws InvalidInputException for helical scans and flying focal spots, which are not
         *                               reconstructed yet
         */
        public FanBeamGeometry fanBeam() {
            if (isHelical() || tableTravel() > 1e-3) {
                throw new InvalidInputException(String.format(
                        "helical DICOM-CT-PD data (%d views over %.1f turns, table travel %.1f mm) cannot be reconstructed"
                                + " yet: only axial scans are supported", viewCount(), angularRange() / (2 * Math.PI),
                        tableTravel()));
            }
            if (focalSpotShifts) {
                throw new InvalidInputException("DICOM-CT-PD data with a flying focal spot (mode " + flyingFocalSpot
                        + ") cannot be reconstructed yet");
            }
            if (angularRange() > 2 * Math.PI + 1e-3) {
                throw new InvalidInputException(String.format(
                        "the views cover %.1f degrees; an axial reconstruction takes one turn at most", Math.toDegrees(angularRange())));
            }
            DetectorShape shape = switch (detectorShape.toUpperCase(Locale.ROOT)) {
                case "CYLINDRICAL" -> DetectorShape.ARC;
                case "FLAT" -> DetectorShape.FLAT;
                default -> throw new InvalidInputException("DICOM-CT-PD detector shape '" + detectorShape
                        + "' is not supported: expected CYLINDRICAL or FLAT");
            };
            double[] beta = new double[angles.length];
            for (int view = 0; view < beta.length; view++) {
                beta[view] = angles[view] + Math.PI;
            }
            double offset = -((centralChannel - 1) - (channels - 1) / 2.0) * channelPitch;
            return FanBeamGeometry.of(beta, sourceToIsocentre, sourceToDetector, shape, channels, channelPitch, offset);
        }

        /** The projections as sinograms {@code [detector row][view][channel]}, the layout fan-beam FBP reads. */
        public float[] sinograms() {
            float[] sinograms = new float[data.length];
            for (int view = 0; view < viewCount(); view++) {
                for (int row = 0; row < rows; row++) {
                    System.arraycopy(data, (view * rows + row) * channels, sinograms, (row * viewCount() + view) * channels,
                            channels);
                }
            }
            return sinograms;
        }

        /** z (mm) at the isocentre of detector row {@code row} (0-based). */
        public double sliceZ(int row) {
            return axialPositions[0] + (row + 1 - centralRow) * rowPitch * sourceToIsocentre / sourceToDetector;
        }

        /** A few lines for {@code recon info}. */
        public String describe() {
            return String.format(Locale.ROOT, "DICOM-CT-PD raw CT data: %s scan, %d views over %.1f degrees, table travel %.1f mm%n"
                            + "detector: %s, %d channels x %d rows, pitch %.4g x %.4g mm, central element (%.3f, %.3f)%n"
                            + "source to isocentre %.1f mm, source to detector %.1f mm, flying focal spot %s%s",
                    type, viewCount(), Math.toDegrees(angularRange()), tableTravel(), detectorShape, channels, rows,
                    channelPitch, rowPitch, centralChannel, centralRow, sourceToIsocentre, sourceToDetector,
                    flyingFocalSpot.isEmpty() ? "none" : flyingFocalSpot,
                    Double.isNaN(waterAttenuation) ? "" : String.format(Locale.ROOT, ", water mu %.4g /mm", waterAttenuation));
        }
    }

    /** Reads a folder of DICOM-CT-PD files (one view each), ordered by Instance Number, else by name. */
    public static Scan read(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new InvalidInputException("DICOM-CT-PD data are a folder of one file per view; " + folder + " is not a folder");
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> listing = Files.list(folder)) {
            listing.filter(Files::isRegularFile).sorted().forEach(files::add);
        }
        if (files.isEmpty()) {
            throw new InvalidInputException("DICOM-CT-PD folder " + folder + " holds no file");
        }
        List<View> views = new ArrayList<>();
        for (Path file : files) {
            views.add(View.read(file));
        }
        views.sort(Comparator.comparingInt((View view) -> view.instance).thenComparing(view -> view.file));
        View first = views.get(0);
        int frame = first.channels * first.rows;
        float[] data = new float[Checks.elementCount("DICOM-CT-PD projections", frame, views.size())];
        double[] angles = new double[views.size()];
        double[] axial = new double[views.size()];
        boolean shifts = false;
        for (int i = 0; i < views.size(); i++) {
            View view = views.get(i);
            if (view.channels != first.channels || view.rows != first.rows) {
                throw new InvalidInputException(String.format("%s: %d channels x %d rows, but %s has %d x %d; one scan expected",
                        view.file.getFileName(), view.channels, view.rows, first.file.getFileName(), first.channels, first.rows));
            }
            System.arraycopy(view.values, 0, data, i * frame, frame);
            angles[i] = i == 0 ? view.angle : unwrap(angles[i - 1], view.angle);
            axial[i] = view.axial;
            shifts |= view.shifted;
        }
        return new Scan(first.type, first.shape, first.channels, first.rows, first.channelPitch, first.rowPitch,
                first.sourceToIsocentre, first.sourceToDetector, first.centralChannel, first.centralRow, angles, axial,
                first.focalSpotMode, shifts, first.water, data, first.study);
    }

    /** {@code angle} moved by whole turns to within half a turn of {@code previous}. */
    private static double unwrap(double previous, double angle) {
        double turn = 2 * Math.PI;
        return angle + turn * Math.rint((previous - angle) / turn);
    }

    /** One file: one view's geometry and projection. */
    private static final class View {
        Path file;
        int instance;
        String type;
        String shape;
        String focalSpotMode;
        int channels;
        int rows;
        double channelPitch;
        double rowPitch;
        double sourceToIsocentre;
        double sourceToDetector;
        double centralChannel;
        double centralRow;
        double angle;
        double axial;
        double water;
        boolean shifted;
        float[] values;
        DicomStudy study;

        static View read(Path file) throws IOException {
            String name = file.getFileName().toString();
            AttributeList list = DicomFiles.readPart10(file);
            PrivateElements elements = new PrivateElements(list, name);
            if (!elements.has(0x7029, 0x1010) || !elements.has(0x7031, 0x1001)) {
                throw new InvalidInputException(name + ": not DICOM-CT-PD raw data (no (7029,1010) detector rows or"
                        + " (7031,1001) focal-centre angle)");
            }
            View view = new View();
            view.file = file;
            view.instance = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.InstanceNumber, Integer.MAX_VALUE);
            view.rows = elements.unsignedShort(0x7029, 0x1010, "NumberofDetectorRows");
            view.channels = elements.unsignedShort(0x7029, 0x1011, "NumberofDetectorColumns");
            view.channelPitch = positive(name, "DetectorElementTransverseSpacing",
                    elements.floatValue(0x7029, 0x1002, "DetectorElementTransverseSpacing"));
            view.rowPitch = positive(name, "DetectorElementAxialSpacing",
                    elements.floatValue(0x7029, 0x1006, "DetectorElementAxialSpacing"));
            view.shape = elements.text(0x7029, 0x100B);
            view.angle = elements.floatValue(0x7031, 0x1001, "DetectorFocalCenterAngularPosition");
            view.axial = elements.floatValue(0x7031, 0x1002, "DetectorFocalCenterAxialPosition");
            view.sourceToIsocentre = positive(name, "DetectorFocalCenterRadialDistance",
                    elements.floatValue(0x7031, 0x1003, "DetectorFocalCenterRadialDistance"));
            view.sourceToDetector = positive(name, "ConstantRadialDistance",
                    elements.floatValue(0x7031, 0x1031, "ConstantRadialDistance"));
            float[] central = elements.floats(0x7031, 0x1033, "DetectorCentralElement", 2);
            view.centralChannel = central[0];
            view.centralRow = central[1];
            view.focalSpotMode = elements.text(0x7033, 0x100E);
            for (int element : new int[] {0x100B, 0x100C, 0x100D}) {
                if (elements.has(0x7033, element) && elements.floatValue(0x7033, element, "SourcePositionShift") != 0) {
                    view.shifted = true;
                }
            }
            view.type = elements.text(0x7037, 0x1009);
            String water = elements.text(0x7041, 0x1001);
            try {
                view.water = water.isEmpty() ? Double.NaN : Double.parseDouble(water);
            } catch (NumberFormatException e) {
                throw new InvalidInputException(name + ": (7041,1001) WaterAttenuationCoefficient must be a number, found '"
                        + water + "'");
            }
            view.values = pixels(list, name, view.channels, view.rows);
            view.study = DicomStudy.of(list);
            return view;
        }

        private static double positive(String file, String name, double value) {
            if (!(value > 0) || !Double.isFinite(value)) {
                throw new InvalidInputException(file + ": " + name + " must be positive, found " + value);
            }
            return value;
        }

        /** The projection as [detector row][channel], whichever way round the file stores it. */
        private static float[] pixels(AttributeList list, String name, int channels, int rows) {
            int imageRows = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Rows, 0);
            int imageColumns = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Columns, 0);
            boolean transposed;
            if (imageRows == rows && imageColumns == channels) {
                transposed = false;
            } else if (imageRows == channels && imageColumns == rows) {
                transposed = true; // the Mayo files: one image row per channel
            } else {
                throw new InvalidInputException(String.format("%s: the image is %d x %d pixels; the detector has %d channels x"
                        + " %d rows", name, imageColumns, imageRows, channels, rows));
            }
            short[] stored;
            try {
                Attribute pixels = list.getPixelData();
                stored = pixels == null ? null : pixels.getShortValues();
            } catch (DicomException e) {
                throw new InvalidInputException(name + ": its pixel data cannot be read: " + e.getMessage(), e);
            }
            if (stored == null || stored.length < channels * rows) {
                throw new InvalidInputException(name + ": the pixel data hold " + (stored == null ? 0 : stored.length)
                        + " values; the detector needs " + channels * rows);
            }
            boolean signed = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.PixelRepresentation, 0) == 1;
            double slope = Attribute.getSingleDoubleValueOrDefault(list, TagFromName.RescaleSlope, 1);
            double intercept = Attribute.getSingleDoubleValueOrDefault(list, TagFromName.RescaleIntercept, 0);
            float[] values = new float[channels * rows];
            for (int row = 0; row < rows; row++) {
                for (int channel = 0; channel < channels; channel++) {
                    int at = transposed ? channel * rows + row : row * channels + channel;
                    double value = signed ? stored[at] : stored[at] & 0xffff;
                    values[row * channels + channel] = (float) (value * slope + intercept);
                }
            }
            return values;
        }
    }
}
