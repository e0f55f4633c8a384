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
import java.util.Objects;
import java.util.stream.Stream;
import org.recon4j.InvalidInputException;
import org.recon4j.geometry.DetectorShape;
import org.recon4j.geometry.FanBeamGeometry;
import org.recon4j.helical.FocalSpots;
import org.recon4j.helical.HelicalGeometry;
import org.recon4j.helical.MultiRowDetector;
import org.recon4j.util.Checks;

/**
 * Raw CT projections in the DICOM-CT-PD format (the Mayo Clinic / AAPM low-dose CT data; Chen et
 * al. 2015, Moen et al. 2021 Table IV): one file per view, the geometry in private elements of
 * groups 7029 to 7041, decoded by their documented VRs whether the file types them or carries
 * them as UN. {@link Scan} holds the geometry as the format defines it and the projections in
 * Recon4J's order; {@link Scan#helical()} and
 * {@link Scan#fanBeam()} map them onto Recon4J's patient frame (docs/CONVENTIONS.md,
 * "DICOM-CT-PD").
 */
public final class CtProjectionData {
    private CtProjectionData() {
    }

    /** The detector as the format describes it: the central element is 1-based (column, row). */
    public record Detector(String shape, int channels, int rows, double channelPitch, double rowPitch,
                           double sourceToDetector, double centralChannel, double centralRow) {
    }

    /**
     * Per view: the focal centre's angle phi (radians, unwrapped), z and radial distance (mm), and
     * the source's flying focal spot shifts from it (angle in radians, z and radius in mm).
     */
    public record Views(double[] angles, double[] axialPositions, double[] radialDistances, double[] angularShifts,
                        double[] axialShifts, double[] radialShifts) {
        public int count() {
            return angles.length;
        }
    }

    /**
     * One scan. {@code data} holds the projections {@code [view][row][channel]} after rescale
     * (line integrals), in Recon4J's order: channels along +u and rows toward the patient's +z
     * ({@link #multiRowDetector()}); {@code frameAssumed} when the files give no
     * Patient Position (head-first supine is then assumed); {@code study} the patient and study of
     * the first file, for writing the reconstruction.
     */
    public record Scan(String type, Detector detector, Views views, String flyingFocalSpot, int viewsPerRotation,
                       PatientFrame frame, boolean frameAssumed, double waterAttenuation, float[] data,
                       DicomStudy study) {

        public int viewCount() {
            return views.count();
        }

        public boolean isHelical() {
            return type.equalsIgnoreCase("HELICAL") || tableTravel() > 1e-3;
        }

        /** The table travel over the scan (mm). */
        public double tableTravel() {
            double[] z = views.axialPositions();
            return Math.abs(z[z.length - 1] - z[0]);
        }

        /** The angular range the views cover (radians), from first to last view plus one step. */
        public double angularRange() {
            double[] angles = views.angles();
            if (angles.length < 2) {
                return 0;
            }
            double step = (angles[angles.length - 1] - angles[0]) / (angles.length - 1);
            return Math.abs(angles[angles.length - 1] - angles[0] + step);
        }

        /** How many source positions the flying focal spot mode cycles through. */
        public int focalPositions() {
            return switch (flyingFocalSpot.toUpperCase(Locale.ROOT)) {
                case "", "FFSNONE" -> 1;
                case "FFSZ", "FFSXY" -> 2;
                case "FFSXYZ" -> 4;
                default -> throw new InvalidInputException("flying focal spot mode (7033,100E) '" + flyingFocalSpot
                        + "' is not known: expected FFSNONE, FFSZ, FFSXY or FFSXYZ");
            };
        }

        private DetectorShape shape() {
            return switch (detector.shape().toUpperCase(Locale.ROOT)) {
                case "CYLINDRICAL" -> DetectorShape.ARC;
                case "FLAT" -> DetectorShape.FLAT;
                default -> throw new InvalidInputException("DICOM-CT-PD detector shape '" + detector.shape()
                        + "' is not supported: expected CYLINDRICAL or FLAT");
            };
        }

        /** The focal centre's distance from the axis: the views' mean (the format allows it to vary). */
        public double sourceToIsocentre() {
            double sum = 0;
            for (double radius : views.radialDistances()) {
                sum += radius;
            }
            return sum / viewCount();
        }

        /** The detector in Recon4J's order: channels along +u, rows toward the patient's +z; 0-based centre. */
        public MultiRowDetector multiRowDetector() {
            Detector d = detector;
            double channel = frame.reversesColumns() ? d.channels() - d.centralChannel() : d.centralChannel() - 1;
            double row = frame.reversesRows() ? d.rows() - d.centralRow() : d.centralRow() - 1;
            return new MultiRowDetector(shape(), d.channels(), d.rows(), d.channelPitch(), d.rowPitch(), channel, row,
                    d.sourceToDetector());
        }

        /**
         * The scan in Recon4J's patient frame, its source shifts averaged per focal position (the
         * positions cycle with the view index).
         */
        public HelicalGeometry helical() {
            int positions = focalPositions();
            double[] beta = new double[viewCount()];
            double[] z = new double[viewCount()];
            for (int view = 0; view < beta.length; view++) {
                beta[view] = frame.sourceAngle(views.angles()[view]);
                z[view] = frame.z(views.axialPositions()[view]);
            }
            double[] angular = new double[positions];
            double[] axial = new double[positions];
            double[] radial = new double[positions];
            for (int view = 0; view < viewCount(); view++) {
                int position = view % positions;
                int count = (viewCount() - 1 - position) / positions + 1;
                angular[position] += frame.angleSense() * views.angularShifts()[view] / count;
                axial[position] += frame.z(views.axialShifts()[view]) / count;
                radial[position] += views.radialShifts()[view] / count;
            }
            int perTurn = viewsPerRotation > 0 ? viewsPerRotation
                    : (int) Math.round(2 * Math.PI * (viewCount() - 1) / Math.max(1e-12, angularRange()));
            return new HelicalGeometry(multiRowDetector(), sourceToIsocentre(), beta, z,
                    new FocalSpots(angular, axial, radial), Math.max(1, perTurn));
        }

        /** The projections {@code [view][row][channel]} in Recon4J's order (see {@link #multiRowDetector()}). */
        public float[] projections() {
            return data;
        }

        /**
         * An axial scan as fan beams, one per detector row, in Recon4J's frame: bin m is
         * {@link #multiRowDetector()}'s channel m.
         *
         * @throws InvalidInputException for helical scans and flying focal spots, which go through
         *                               {@link #helical()}
         */
        public FanBeamGeometry fanBeam() {
            if (isHelical()) {
                throw new InvalidInputException(String.format(Locale.ROOT,
                        "helical DICOM-CT-PD data (%d views, table travel %.1f mm) are not fan-beam slices: reconstruct"
                                + " them as a helix", viewCount(), tableTravel()));
            }
            if (focalPositions() > 1) {
                throw new InvalidInputException("DICOM-CT-PD data with a flying focal spot (" + flyingFocalSpot
                        + ") are not fan-beam slices: reconstruct them as a helix");
            }
            if (angularRange() > 2 * Math.PI + 1e-3) {
                throw new InvalidInputException(String.format(Locale.ROOT,
                        "the views cover %.1f degrees; an axial reconstruction takes one turn at most",
                        Math.toDegrees(angularRange())));
            }
            MultiRowDetector d = multiRowDetector();
            double[] beta = new double[viewCount()];
            for (int view = 0; view < beta.length; view++) {
                beta[view] = frame.sourceAngle(views.angles()[view]);
            }
            double offset = ((d.channels() - 1) / 2.0 - d.centralChannel()) * d.channelPitch();
            return FanBeamGeometry.of(beta, sourceToIsocentre(), d.sourceToDetector(), d.shape(), d.channels(),
                    d.channelPitch(), offset);
        }

        /** The projections as sinograms {@code [row][view][channel]} in Recon4J's order, for fan-beam FBP. */
        public float[] sinograms() {
            float[] ordered = data;
            int channels = detector.channels();
            int rows = detector.rows();
            float[] sinograms = new float[ordered.length];
            for (int view = 0; view < viewCount(); view++) {
                for (int row = 0; row < rows; row++) {
                    System.arraycopy(ordered, (view * rows + row) * channels, sinograms,
                            (row * viewCount() + view) * channels, channels);
                }
            }
            return sinograms;
        }

        /** Patient z (mm) at the isocentre of Recon4J's detector row {@code row} (0-based, toward +z). */
        public double sliceZ(int row) {
            MultiRowDetector d = multiRowDetector();
            return frame.z(views.axialPositions()[0]) + d.rowHeight(row) * sourceToIsocentre() / d.sourceToDetector();
        }

        /** A few lines for {@code recon info}. */
        public String describe() {
            Detector d = detector;
            String first = String.format(Locale.ROOT,
                    "DICOM-CT-PD raw CT data: %s scan, %d view%s, patient position %s%s%n"
                            + "detector: %s, %d channels x %d rows, pitch %.4g x %.4g mm, central element (%.3f, %.3f)%n"
                            + "source to isocentre %.1f mm, source to detector %.1f mm, flying focal spot %s%s",
                    type, viewCount(), viewCount() == 1 ? "" : "s", frame,
                    frameAssumed ? " (assumed: the files give no Patient Position)" : "", d.shape(), d.channels(), d.rows(), d.channelPitch(), d.rowPitch(),
                    d.centralChannel(), d.centralRow(), sourceToIsocentre(), d.sourceToDetector(),
                    flyingFocalSpot.isEmpty() ? "none" : flyingFocalSpot,
                    Double.isNaN(waterAttenuation) ? "" : String.format(Locale.ROOT, ", water mu %.4g /mm",
                            waterAttenuation));
            if (viewCount() < 2) {
                return first + String.format(Locale.ROOT, "%nfocal centre at %.2f degrees, z %.2f mm; %d views a turn",
                        Math.toDegrees(views.angles()[0]), views.axialPositions()[0], viewsPerRotation);
            }
            return first + System.lineSeparator() + helical().describe();
        }
    }

    /**
     * Reads a folder of DICOM-CT-PD files (one view each) or a single file, ordered by Instance
     * Number, else by name. Files of another series, or whose geometry differs from the first
     * file's, are refused by name.
     */
    public static Scan read(Path path) throws IOException {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(path)) {
            try (Stream<Path> listing = Files.list(path)) {
                listing.filter(Files::isRegularFile).sorted().forEach(files::add);
            }
        } else if (Files.isRegularFile(path)) {
            files.add(path);
        } else {
            throw new InvalidInputException("DICOM-CT-PD data are a folder of one file per view; " + path + " is neither"
                    + " a folder nor a file");
        }
        if (files.isEmpty()) {
            throw new InvalidInputException("DICOM-CT-PD folder " + path + " holds no file");
        }
        List<View> views = new ArrayList<>();
        for (Path file : files) {
            views.add(View.read(file));
        }
        views.sort(Comparator.comparingInt((View view) -> view.instance).thenComparing(view -> view.file));
        View first = views.get(0);
        int frame = first.channels * first.rows;
        int count = views.size();
        PatientFrame patientFrame = PatientFrame.of(first.patientPosition);
        float[] data = new float[Checks.elementCount("DICOM-CT-PD projections", frame, count)];
        double[][] perView = new double[6][count];
        for (int i = 0; i < count; i++) {
            View view = views.get(i);
            first.requireSameScan(view);
            if (i > 0 && view.instance != Integer.MAX_VALUE && view.instance == views.get(i - 1).instance) {
                throw new InvalidInputException(view.file.getFileName() + " and " + views.get(i - 1).file.getFileName()
                        + " have the same Instance Number " + view.instance + ": one view each expected");
            }
            view.copyInto(data, i * frame, patientFrame);
            perView[0][i] = i == 0 ? view.angle : unwrap(perView[0][i - 1], view.angle);
            perView[1][i] = view.axial;
            perView[2][i] = view.radial;
            perView[3][i] = view.angularShift;
            perView[4][i] = view.axialShift;
            perView[5][i] = view.radialShift;
        }
        Detector detector = new Detector(first.shape, first.channels, first.rows, first.channelPitch, first.rowPitch,
                first.sourceToDetector, first.centralChannel, first.centralRow);
        Views geometry = new Views(perView[0], perView[1], perView[2], perView[3], perView[4], perView[5]);
        Scan scan = new Scan(first.type, detector, geometry, first.focalSpotMode, first.viewsPerRotation,
                patientFrame, first.patientPosition.isBlank(), first.water, data, first.study);
        scan.focalPositions();
        return scan;
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
        String series;
        String type;
        String shape;
        String focalSpotMode;
        String patientPosition;
        int channels;
        int rows;
        int viewsPerRotation;
        double channelPitch;
        double rowPitch;
        double sourceToDetector;
        double centralChannel;
        double centralRow;
        double angle;
        double axial;
        double radial;
        double angularShift;
        double axialShift;
        double radialShift;
        double water;
        /** The stored pixel values, kept as stored (2 bytes each) until the scan is assembled. */
        short[] stored;
        boolean transposed;
        boolean signed;
        double slope;
        double intercept;
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
            view.series = Attribute.getSingleStringValueOrEmptyString(list, TagFromName.SeriesInstanceUID);
            view.patientPosition = Attribute.getSingleStringValueOrEmptyString(list, TagFromName.PatientPosition);
            view.rows = elements.unsignedShort(0x7029, 0x1010, "NumberofDetectorRows");
            view.channels = elements.unsignedShort(0x7029, 0x1011, "NumberofDetectorColumns");
            view.channelPitch = positive(name, "DetectorElementTransverseSpacing",
                    elements.floatValue(0x7029, 0x1002, "DetectorElementTransverseSpacing"));
            view.rowPitch = positive(name, "DetectorElementAxialSpacing",
                    elements.floatValue(0x7029, 0x1006, "DetectorElementAxialSpacing"));
            view.shape = elements.text(0x7029, 0x100B);
            view.angle = finite(name, "DetectorFocalCenterAngularPosition",
                    elements.floatValue(0x7031, 0x1001, "DetectorFocalCenterAngularPosition"));
            view.axial = finite(name, "DetectorFocalCenterAxialPosition",
                    elements.floatValue(0x7031, 0x1002, "DetectorFocalCenterAxialPosition"));
            view.radial = positive(name, "DetectorFocalCenterRadialDistance",
                    elements.floatValue(0x7031, 0x1003, "DetectorFocalCenterRadialDistance"));
            view.sourceToDetector = positive(name, "ConstantRadialDistance",
                    elements.floatValue(0x7031, 0x1031, "ConstantRadialDistance"));
            float[] central = elements.floats(0x7031, 0x1033, "DetectorCentralElement", 2);
            view.centralChannel = finite(name, "DetectorCentralElement", central[0]);
            view.centralRow = finite(name, "DetectorCentralElement", central[1]);
            view.angularShift = optionalFloat(elements, 0x100B, "SourceAngularPositionShift", name);
            view.axialShift = optionalFloat(elements, 0x100C, "SourceAxialPositionShift", name);
            view.radialShift = optionalFloat(elements, 0x100D, "SourceRadialDistanceShift", name);
            view.focalSpotMode = elements.text(0x7033, 0x100E);
            view.viewsPerRotation = elements.has(0x7033, 0x1013)
                    ? elements.unsignedShort(0x7033, 0x1013, "NumberofSourceAngularSteps") : 0;
            view.type = elements.text(0x7037, 0x1009);
            String water = elements.text(0x7041, 0x1001);
            try {
                view.water = water.isEmpty() ? Double.NaN : Double.parseDouble(water);
            } catch (NumberFormatException e) {
                throw new InvalidInputException(name + ": (7041,1001) WaterAttenuationCoefficient must be a number, found '"
                        + water + "'");
            }
            view.readPixels(list, name);
            view.study = DicomStudy.of(list);
            return view;
        }

        private static double optionalFloat(PrivateElements elements, int element, String label, String file) {
            return elements.has(0x7033, element) ? finite(file, label, elements.floatValue(0x7033, element, label)) : 0;
        }

        /** Refuses {@code other} when it belongs to another series or another detector set-up. */
        void requireSameScan(View other) {
            String name = other.file.getFileName().toString();
            if (!series.equals(other.series)) {
                throw new InvalidInputException(String.format("%s belongs to series %s, %s to series %s; one scan a folder"
                        + " expected", name, other.series, file.getFileName(), series));
            }
            if (other.channels != channels || other.rows != rows) {
                throw new InvalidInputException(String.format("%s: %d channels x %d rows, but %s has %d x %d; one scan"
                        + " expected", name, other.channels, other.rows, file.getFileName(), channels, rows));
            }
            String differs = null;
            if (!shape.equals(other.shape)) {
                differs = "detector shape " + other.shape + " (not " + shape + ")";
            } else if (!focalSpotMode.equals(other.focalSpotMode)) {
                differs = "flying focal spot mode " + other.focalSpotMode + " (not " + focalSpotMode + ")";
            } else if (!type.equals(other.type)) {
                differs = "scan type " + other.type + " (not " + type + ")";
            } else if (!Objects.equals(patientPosition, other.patientPosition)) {
                differs = "patient position " + other.patientPosition + " (not " + patientPosition + ")";
            } else if (differ(channelPitch, other.channelPitch) || differ(rowPitch, other.rowPitch)) {
                differs = String.format(Locale.ROOT, "element spacing %.4g x %.4g mm (not %.4g x %.4g)", other.channelPitch,
                        other.rowPitch, channelPitch, rowPitch);
            } else if (differ(sourceToDetector, other.sourceToDetector) || differ(radial, other.radial)) {
                differs = String.format(Locale.ROOT, "source distances %.2f / %.2f mm (not %.2f / %.2f)", other.radial,
                        other.sourceToDetector, radial, sourceToDetector);
            } else if (differ(centralChannel, other.centralChannel) || differ(centralRow, other.centralRow)) {
                differs = String.format(Locale.ROOT, "central element (%.3f, %.3f) (not (%.3f, %.3f))", other.centralChannel,
                        other.centralRow, centralChannel, centralRow);
            }
            if (differs != null) {
                throw new InvalidInputException(name + ": " + differs + " differs from " + file.getFileName()
                        + "; one scan a folder expected");
            }
        }

        private static boolean differ(double a, double b) {
            return Math.abs(a - b) > 1e-4 * Math.max(1, Math.abs(a));
        }

        private static double positive(String file, String name, double value) {
            if (!(value > 0) || !Double.isFinite(value)) {
                throw new InvalidInputException(file + ": " + name + " must be positive, found " + value);
            }
            return value;
        }

        private static double finite(String file, String name, double value) {
            if (!Double.isFinite(value)) {
                throw new InvalidInputException(file + ": " + name + " must be a finite number, found " + value);
            }
            return value;
        }

        /** Keeps the stored pixels, after checking their layout against the detector's size. */
        private void readPixels(AttributeList list, String name) {
            int imageRows = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Rows, 0);
            int imageColumns = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Columns, 0);
            if (imageRows == rows && imageColumns == channels) {
                transposed = false;
            } else if (imageRows == channels && imageColumns == rows) {
                transposed = true; // the Mayo files: one image row per channel
            } else {
                throw new InvalidInputException(String.format("%s: the image is %d x %d pixels; the detector has %d channels x"
                        + " %d rows", name, imageColumns, imageRows, channels, rows));
            }
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
            signed = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.PixelRepresentation, 0) == 1;
            slope = Attribute.getSingleDoubleValueOrDefault(list, TagFromName.RescaleSlope, 1);
            intercept = Attribute.getSingleDoubleValueOrDefault(list, TagFromName.RescaleIntercept, 0);
        }

        /**
         * Writes the rescaled projection into {@code data} from {@code offset}, rows and channels
         * in Recon4J's order for {@code frame}, and lets the stored values go.
         */
        void copyInto(float[] data, int offset, PatientFrame frame) {
            for (int row = 0; row < rows; row++) {
                int fileRow = frame.reversesRows() ? rows - 1 - row : row;
                for (int channel = 0; channel < channels; channel++) {
                    int fileChannel = frame.reversesColumns() ? channels - 1 - channel : channel;
                    int at = transposed ? fileChannel * rows + fileRow : fileRow * channels + fileChannel;
                    double value = signed ? stored[at] : stored[at] & 0xffff;
                    data[offset + row * channels + channel] = (float) (value * slope + intercept);
                }
            }
            stored = null;
        }
    }
}
