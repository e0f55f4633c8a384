package org.recon4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.recon4j.InvalidInputException;
import org.recon4j.geometry.ConeBeamGeometry;
import org.recon4j.geometry.DetectorShape;
import org.recon4j.geometry.FanBeamGeometry;
import org.recon4j.geometry.ParallelBeamGeometry;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.helical.HelicalGeometry;
import org.recon4j.helical.MultiRowDetector;
import org.recon4j.dicom.CtProjectionData;
import org.recon4j.dicom.CtSeriesWriter;
import org.recon4j.dicom.DicomInfo;
import org.recon4j.dicom.DicomStudy;
import org.recon4j.evaluation.CtScan;
import org.recon4j.evaluation.CtScan.Kind;
import org.recon4j.gpu.ComputeDevice;
import org.recon4j.gpu.OpenClFbp;
import org.recon4j.gpu.OpenClJosephProjector;
import org.recon4j.Progress;
import org.recon4j.algorithm.CentreOfRotation;
import org.recon4j.algorithm.DivergentBeamFbp;
import org.recon4j.algorithm.ParallelBeamFbp;
import org.recon4j.filter.FilterWindow;
import org.recon4j.hdf5.DataExchange;
import org.recon4j.io.FloatVolume;
import org.recon4j.io.MetaImage;
import org.recon4j.io.TiffStack;
import org.recon4j.io.VolumeFiles;
import org.recon4j.projector.JosephProjector;
import org.recon4j.projector.Projector;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * The options every reconstruction command shares: input, output, angles, the acquisition
 * geometry, the image grid, threads and output extras; and turning them into geometry objects.
 */
final class ScanOptions {
    @Option(names = "--in", required = true, paramLabel = "DATA.mhd|FOLDER",
            description = "Input projections, .mhd or .mha (DimSize 'bins views [slices]', or 'nu nv views' for cone), "
                    + "a multi-page TIFF (.tif, .tiff: one page a view, its rows the slices; spacing from the options), "
                    + "a Data Exchange HDF5 scan (.h5: counts, flat and dark fields, angles), "
                    + "or a folder of DICOM-CT-PD raw data (axial or helical; its geometry comes from the files).")
    Path input;

    @Option(names = "--out-dicom", paramLabel = "FOLDER",
            description = "Also write the image as a CT series in HU (needs --water-mu, or DICOM-CT-PD input that gives it).")
    Path outputDicom;

    @Option(names = "--water-mu", paramLabel = "PER_MM",
            description = "Attenuation of water (1/mm) at the scan's effective energy, for HU in --out-dicom.")
    Double waterMu;

    @Option(names = "--out", required = true, paramLabel = "IMAGE.mhd", description = "Output image, .mhd, .mha, .nii or .nii.gz.")
    Path output;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    AngleOptions angles;

    @Option(names = "--det-spacing", paramLabel = "MM",
            description = "Distance between bin (column) centres on the detector; an arc length for fan-arc "
                    + "(default: the input's ElementSpacing, else 1).")
    Double detectorSpacing;

    @Option(names = "--det-offset", paramLabel = "MM|auto", defaultValue = "0",
            description = "Detector position of the central bin's centre (default ${DEFAULT-VALUE}); auto: estimated from"
                    + " parallel-beam data as 'recon cor' does, and printed.")
    String detectorOffsetText;

    /** The detector offset in mm, once {@link #read} has parsed or estimated it. */
    double detectorOffset;

    /** What --det-offset auto found, for the summary line; empty otherwise. */
    private String offsetNote = "";

    @Option(names = "--det-row-spacing", paramLabel = "MM", description = "Cone beam: distance between row centres "
            + "(default: the input's ElementSpacing along rows, else the column spacing).")
    Double rowSpacing;

    @Option(names = "--det-row-offset", paramLabel = "MM", defaultValue = "0",
            description = "Cone beam: detector position of the central row's centre (default ${DEFAULT-VALUE}).")
    double rowOffset;

    @Option(names = "--sod", paramLabel = "MM", description = "Source-to-axis distance (fan and cone beam).")
    Double sourceToAxis;

    @Option(names = "--sdd", paramLabel = "MM", description = "Source-to-detector distance (fan and cone beam).")
    Double sourceToDetector;

    @Option(names = "--size", paramLabel = "N|NX,NY,NZ",
            description = "Image size: N x N per slice (N^3 for cone beam) or NX,NY,NZ (default: the bin count).")
    String size;

    @Option(names = "--pixel", paramLabel = "MM",
            description = "Voxel size (default: the detector spacing, scaled to the axis for fan and cone beam).")
    Double pixel;

    @Option(names = "--slice-spacing", paramLabel = "MM",
            description = "Helical DICOM-CT-PD data: distance between slices (default: one detector row at the axis).")
    Double sliceSpacing;

    @Option(names = "--z-range", paramLabel = "Z0:Z1",
            description = "Helical DICOM-CT-PD data: the slices' z range in mm in the patient frame "
                    + "(default: all the scan reconstructs; 'recon info' shows it).")
    String zRange;

    @Option(names = "--center", paramLabel = "X,Y[,Z]", defaultValue = "0,0",
            description = "Position of the image centre in mm (default ${DEFAULT-VALUE}: on the rotation axis).")
    String centre;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "Worker threads, 0 = all cores (default ${DEFAULT-VALUE}).")
    int threads;

    @picocli.CommandLine.Mixin
    DeviceOptions device;

    @Option(names = "--png", paramLabel = "FILE.png", description = "Also write the middle slice as a PNG.")
    Path png;

    @Option(names = "--window", paramLabel = "LOW,HIGH", description = "PNG grey window (default: the slice's range).")
    String window;

    @Option(names = {"-q", "--quiet"}, description = "No progress or summary on stderr.")
    boolean quiet;

    @Option(names = "--force", description = "Replace existing output files.")
    boolean force;

    /** Checks the options, reads the input and builds the geometry for {@code kind}. */
    CtScan read(Kind kind) throws IOException {
        Outputs.checkTarget(output, input, angles == null ? null : angles.file);
        Outputs.refuseExisting(force, output, VolumeFiles.companion(output), png,
                outputDicom == null ? null : outputDicom.resolve("CT0001.dcm"));
        return readInput(kind);
    }

    /** As {@link #read}, for a command whose --out is not an image (it checks its own output). */
    CtScan readInput(Kind kind) throws IOException {
        double[] centreValues = parseCentre();
        if (threads < 0) {
            throw new InvalidInputException("--threads must be >= 0 (0 = all cores), found " + threads);
        }
        if (window != null) {
            Outputs.pair("--window", window);
        }
        boolean autoOffset = detectorOffsetText.trim().equalsIgnoreCase("auto");
        if (!autoOffset) {
            try {
                detectorOffset = Double.parseDouble(detectorOffsetText.trim());
            } catch (NumberFormatException e) {
                detectorOffset = Double.NaN;
            }
            if (!Double.isFinite(detectorOffset)) {
                throw new InvalidInputException("--det-offset must be a number of mm or auto, found '" + detectorOffsetText + "'");
            }
        } else if (kind != Kind.PARALLEL) {
            throw new InvalidInputException("--det-offset auto estimates the axis of parallel-beam data; give a number"
                    + " of mm for " + kind.label() + " beam");
        }
        if (DicomInfo.isRawCtData(input)) {
            if (kind == Kind.CONE) {
                throw new InvalidInputException(input.getFileName() + " holds DICOM-CT-PD raw data: reconstruct it with"
                        + " 'recon fbp' (fan-beam slices for an axial scan, weighted FBP for a helical one)");
            }
            return readRawData(centreValues);
        }
        if (sliceSpacing != null || zRange != null) {
            throw new InvalidInputException((zRange != null ? "--z-range" : "--slice-spacing")
                    + " applies to helical DICOM-CT-PD data; " + input.getFileName() + " is not");
        }
        DataExchange.Scan exchange = null;
        if (DataExchange.isHdf5(input)) {
            if (kind != Kind.PARALLEL) {
                throw new InvalidInputException(input.getFileName() + " is a Data Exchange scan, parallel beam: drop --geometry "
                        + kind.label());
            }
            exchange = DataExchange.read(input);
        }
        if (angles == null && exchange == null) {
            throw new InvalidInputException("--angles START:STEP:COUNT or --angles-file FILE is required: "
                    + input.getFileName() + " does not carry its view angles");
        }
        if (kind != Kind.PARALLEL && (sourceToAxis == null || sourceToDetector == null)) {
            throw new InvalidInputException("--geometry " + kind.label() + " needs --sod and --sdd (mm)");
        }
        if (waterMu != null && !(waterMu > 0)) {
            throw new InvalidInputException("--water-mu must be a positive attenuation in 1/mm, found " + waterMu);
        }
        if (outputDicom != null && waterMu == null) {
            throw new InvalidInputException("--out-dicom writes HU: give --water-mu (1/mm) for " + input.getFileName());
        }
        double[] radians = angles != null ? angles.radians() : org.recon4j.geometry.Angles.radians(exchange.thetaDegrees());
        FloatVolume data;
        if (exchange != null) {
            data = centredRows(exchange.sinograms());
        } else if (TiffStack.isTiff(input)) {
            // one page per view: cone beam takes the stack as it is, fan and parallel beam a sinogram per row
            FloatVolume stack = TiffStack.read(input);
            data = kind == Kind.CONE ? stack : centredRows(TiffStack.asSinograms(stack));
        } else {
            data = MetaImage.read(input);
        }
        String name = input.getFileName().toString();
        if (kind == Kind.CONE) {
            if (data.dimensions() != 3 && !(data.dimensions() == 2 && radians.length == 1)) {
                throw new InvalidInputException(name + ": expected cone-beam projections with DimSize 'nu nv views', found "
                        + data.dimensions() + " dimensions");
            }
            requireViews(data, data.size(2), radians.length, "nu nv views");
            double columnSpacing = detectorSpacing != null ? detectorSpacing : data.spacing(0);
            double rows = rowSpacing != null ? rowSpacing : data.dimensions() > 1 ? data.spacing(1) : columnSpacing;
            ConeBeamGeometry cone = ConeBeamGeometry.circular(radians, sourceToAxis, sourceToDetector, data.size(0),
                    data.size(1), columnSpacing, rows, detectorOffset, rowOffset);
            double voxel = pixel != null ? pixel : columnSpacing * sourceToAxis / sourceToDetector;
            int[] dimensions = parseSize(data.size(0), true);
            VolumeGeometry volume = new VolumeGeometry(dimensions[0], dimensions[1], dimensions[2], voxel, voxel, voxel,
                    centreValues[0], centreValues[1], centreValues[2]);
            return new CtScan(kind, data, null, null, cone, volume, null);
        }
        if (data.dimensions() < 2) {
            throw new InvalidInputException(name + ": expected a sinogram with DimSize 'bins views [slices]', found "
                    + data.dimensions() + " dimension");
        }
        int bins = data.size(0);
        int slices = data.size(2);
        requireViews(data, data.size(1), radians.length, "bins views [slices]");
        double spacing = detectorSpacing != null ? detectorSpacing : data.spacing(0);
        if (autoOffset) {
            CentreOfRotation.Estimate estimate = CentreOfRotation.estimate(data.data(),
                    ParallelBeamGeometry.of(radians, bins, spacing, 0));
            detectorOffset = estimate.detectorOffset();
            offsetNote = String.format(Locale.ROOT, ", --det-offset auto: %.4f mm (%.3f bins)", detectorOffset,
                    detectorOffset / spacing);
        }
        ParallelBeamGeometry parallel = null;
        FanBeamGeometry fan = null;
        double defaultPixel = spacing;
        if (kind == Kind.PARALLEL) {
            parallel = ParallelBeamGeometry.of(radians, bins, spacing, detectorOffset);
        } else {
            DetectorShape shape = kind == Kind.FAN_ARC ? DetectorShape.ARC : DetectorShape.FLAT;
            fan = FanBeamGeometry.of(radians, sourceToAxis, sourceToDetector, shape, bins, spacing, detectorOffset);
            defaultPixel = spacing * sourceToAxis / sourceToDetector;
        }
        double pixelSize = pixel != null ? pixel : defaultPixel;
        int[] dimensions = parseSize(bins, false);
        double sliceSpacing = slices > 1 ? data.spacing(2) : pixelSize;
        double sliceCentre = slices > 1 ? data.origin()[2] + (slices - 1) / 2.0 * sliceSpacing : 0;
        VolumeGeometry volume = new VolumeGeometry(dimensions[0], dimensions[1], slices, pixelSize, pixelSize, sliceSpacing,
                centreValues[0], centreValues[1], sliceCentre);
        return new CtScan(kind, data, parallel, fan, null, volume, null);
    }

    /**
     * Sinograms from a TIFF stack or a Data Exchange file, which have no geometry: rows (slices) a detector pitch apart
     * ({@code --det-spacing}, else 1 mm), centred on z = 0 as the image grid is.
     */
    private FloatVolume centredRows(FloatVolume sinograms) {
        if (sinograms.dimensions() < 3) {
            return sinograms;
        }
        double pitch = detectorSpacing != null ? detectorSpacing : 1;
        int rows = sinograms.size(2);
        return new FloatVolume(sinograms.size(), new double[] {pitch, 1, pitch},
                new double[] {0, 0, -(rows - 1) / 2.0 * pitch}, sinograms.data());
    }

    /**
     * DICOM-CT-PD raw data. An axial scan without flying focal spot: fan-beam sinograms, one per
     * detector row, the image grid following the detector (one slice per row, pixels the channel
     * pitch at the isocentre). A helical scan (or a flying focal spot): weighted FBP on a grid of
     * {@code --size} (default 512) over the detector's field of view, slices {@code
     * --slice-spacing} apart over {@code --z-range} (default: the reconstructable range).
     */
    private CtScan readRawData(double[] centreValues) throws IOException {
        if (angles != null) {
            throw new InvalidInputException("DICOM-CT-PD data carry their own angles: drop " + angles.describe());
        }
        CtProjectionData.Scan raw = CtProjectionData.read(input);
        if (waterMu == null && outputDicom != null && Double.isNaN(raw.waterAttenuation())) {
            throw new InvalidInputException("--out-dicom writes HU: these data give no water attenuation, add --water-mu");
        }
        if (raw.isHelical() || raw.focalPositions() > 1) {
            return readHelical(raw, centreValues);
        }
        if (sliceSpacing != null || zRange != null) {
            throw new InvalidInputException((zRange != null ? "--z-range" : "--slice-spacing") + " applies to helical"
                    + " DICOM-CT-PD data; this axial scan gives one slice per detector row");
        }
        FanBeamGeometry fan = raw.fanBeam();
        double magnification = raw.detector().sourceToDetector() / raw.sourceToIsocentre();
        double pixelSize = pixel != null ? pixel : raw.detector().channelPitch() / magnification;
        int channels = raw.detector().channels();
        int rows = raw.detector().rows();
        int[] dimensions = parseSize(channels, false);
        double spacing = raw.detector().rowPitch() / magnification;
        double sliceCentre = (raw.sliceZ(0) + raw.sliceZ(rows - 1)) / 2;
        VolumeGeometry volume = new VolumeGeometry(dimensions[0], dimensions[1], rows, pixelSize, pixelSize,
                spacing, centreValues[0], centreValues[1], sliceCentre);
        FloatVolume data = new FloatVolume(new int[] {channels, raw.viewCount(), rows},
                new double[] {raw.detector().channelPitch(), 1, spacing}, new double[3], raw.sinograms());
        Kind kind = fan.shape() == DetectorShape.ARC ? Kind.FAN_ARC : Kind.FAN_FLAT;
        return new CtScan(kind, data, null, fan, null, volume, raw);
    }

    private CtScan readHelical(CtProjectionData.Scan raw, double[] centreValues) {
        HelicalGeometry geometry = raw.helical();
        geometry.requireEvenViews();
        MultiRowDetector detector = geometry.detector();
        double[] reconstructable = geometry.reconstructableZ();
        if (!(reconstructable[1] > reconstructable[0])) {
            throw new InvalidInputException(String.format(Locale.ROOT, "the scan covers z %.2f .. %.2f mm, less than its"
                            + " collimated width of %.2f mm: no slice has data all around",
                    Arrays.stream(geometry.sourceZ()).min().orElse(0), Arrays.stream(geometry.sourceZ()).max().orElse(0),
                    geometry.collimatedWidth()));
        }
        double[] range = zRange == null ? reconstructable : parseZRange();
        double low = Math.min(range[0], range[1]);
        double high = Math.max(range[0], range[1]);
        if (low < reconstructable[0] - 1e-6 || high > reconstructable[1] + 1e-6) {
            throw new InvalidInputException(String.format(Locale.ROOT,
                    "--z-range %s reaches outside the z range this scan reconstructs, %.2f .. %.2f mm", zRange,
                    reconstructable[0], reconstructable[1]));
        }
        double spacing = sliceSpacing != null ? sliceSpacing : geometry.collimatedWidth() / detector.rows();
        if (!(spacing > 0) || !Double.isFinite(spacing)) {
            throw new InvalidInputException("--slice-spacing must be a positive number of mm, found " + sliceSpacing);
        }
        int slices = (int) Math.floor((high - low) / spacing + 1e-6) + 1;
        double halfFan = Math.abs(detector.fanAngle(detector.centralChannel() + detector.channels() / 2.0));
        double fieldOfView = 2 * geometry.sourceToIsocentre() * Math.sin(halfFan);
        int[] dimensions = parseSize(512, false);
        double pixelSize = pixel != null ? pixel : fieldOfView / Math.max(dimensions[0], dimensions[1]);
        VolumeGeometry volume = new VolumeGeometry(dimensions[0], dimensions[1], slices, pixelSize, pixelSize, spacing,
                centreValues[0], centreValues[1], low + (slices - 1) / 2.0 * spacing);
        FloatVolume data = new FloatVolume(new int[] {detector.channels(), detector.rows(), raw.viewCount()},
                new double[] {detector.channelPitch(), detector.rowPitch(), 1}, new double[3], raw.projections());
        return new CtScan(Kind.HELICAL, data, null, null, null, volume, raw);
    }

    private double[] parseZRange() {
        String[] parts = zRange.split(":");
        double[] values = new double[2];
        try {
            for (int i = 0; i < 2 && parts.length == 2; i++) {
                values[i] = Double.parseDouble(parts[i].trim());
            }
        } catch (NumberFormatException e) {
            values[0] = Double.NaN;
        }
        if (parts.length != 2 || !Double.isFinite(values[0]) || !Double.isFinite(values[1])) {
            throw new InvalidInputException("--z-range must be Z0:Z1 in mm, found '" + zRange + "'");
        }
        return values;
    }

    private void requireViews(FloatVolume data, int views, int angleCount, String layout) {
        if (views != angleCount) {
            StringBuilder sizes = new StringBuilder();
            for (int axis = 0; axis < data.dimensions(); axis++) {
                sizes.append(axis == 0 ? "" : " ").append(data.size(axis));
            }
            throw new InvalidInputException(String.format("%s has %d views (DimSize %s, read as '%s') but %s gives %d angles",
                    input.getFileName(), views, sizes, layout, angles.describe(), angleCount));
        }
    }

    private double[] parseCentre() {
        String[] parts = centre.split(",");
        if (parts.length < 2 || parts.length > 3) {
            throw new InvalidInputException("--center must be X,Y or X,Y,Z in mm, found '" + centre + "'");
        }
        double[] values = new double[3];
        for (int i = 0; i < parts.length; i++) {
            try {
                values[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new InvalidInputException("--center must be numbers X,Y[,Z], found '" + centre + "'");
            }
            if (!Double.isFinite(values[i])) {
                throw new InvalidInputException("--center must be finite, found '" + centre + "'");
            }
        }
        return values;
    }

    /** N (N x N, or N^3 when {@code cube}) or NX,NY,NZ; the default is N = {@code bins}. */
    private int[] parseSize(int bins, boolean cube) {
        if (size == null) {
            return new int[] {bins, bins, cube ? bins : 1};
        }
        String[] parts = size.split(",");
        try {
            if (parts.length == 1) {
                int n = Integer.parseInt(parts[0].trim());
                return new int[] {n, n, cube ? n : 1};
            }
            if (parts.length == 3 && cube) {
                return new int[] {Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()),
                    Integer.parseInt(parts[2].trim())};
            }
            if (parts.length == 2 && !cube) {
                return new int[] {Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()), 1};
            }
        } catch (NumberFormatException e) {
            throw new InvalidInputException("--size must be integers, found '" + size + "'");
        }
        throw new InvalidInputException("--size must be N or " + (cube ? "NX,NY,NZ" : "NX,NY") + ", found '" + size + "'");
    }

    /** Writes the image (and PNG, and CT series), then the summary line unless quiet. */
    void write(PrintWriter err, String command, CtScan scan, float[] image, String summary) throws IOException {
        VolumeGeometry volume = scan.volume();
        FloatVolume result = FloatVolume.of(volume, image);
        Outputs.writeImage(output, result);
        if (outputDicom != null) {
            double water = waterMu != null ? waterMu : scan.raw().waterAttenuation();
            float[] hu = new float[image.length];
            for (int i = 0; i < hu.length; i++) {
                hu[i] = (float) (1000 * (image[i] - water) / water);
            }
            CtSeriesWriter.write(outputDicom, FloatVolume.of(volume, hu),
                    scan.raw() != null ? scan.raw().study() : DicomStudy.anonymous(), "Recon4J " + command);
        }
        if (png != null) {
            Outputs.writePng(png, result, window == null ? null : Outputs.pair("--window", window));
        }
        if (!quiet) {
            err.printf("%s: %d x %d x %d %s%s -> %s%s%n", command, volume.nx(), volume.ny(), volume.nz(), summary, offsetNote,
                    output,
                    outputDicom == null ? "" : " and " + outputDicom + "/ (CT series, HU)");
            err.flush();
        }
    }
}
