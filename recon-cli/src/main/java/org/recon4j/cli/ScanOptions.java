package org.recon4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import org.recon4j.InvalidInputException;
import org.recon4j.geometry.ConeBeamGeometry;
import org.recon4j.geometry.DetectorShape;
import org.recon4j.geometry.FanBeamGeometry;
import org.recon4j.geometry.ParallelBeamGeometry;
import org.recon4j.geometry.VolumeGeometry;
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
import org.recon4j.algorithm.DivergentBeamFbp;
import org.recon4j.algorithm.ParallelBeamFbp;
import org.recon4j.filter.FilterWindow;
import org.recon4j.io.FloatVolume;
import org.recon4j.io.MetaImage;
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
                    + "or a folder of DICOM-CT-PD raw data (axial; its geometry comes from the files).")
    Path input;

    @Option(names = "--out-dicom", paramLabel = "FOLDER",
            description = "Also write the image as a CT series in HU (needs --water-mu, or DICOM-CT-PD input that gives it).")
    Path outputDicom;

    @Option(names = "--water-mu", paramLabel = "PER_MM",
            description = "Attenuation of water (1/mm) at the scan's effective energy, for HU in --out-dicom.")
    Double waterMu;

    @Option(names = "--out", required = true, paramLabel = "IMAGE.mhd", description = "Output image, .mhd or .mha.")
    Path output;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    AngleOptions angles;

    @Option(names = "--det-spacing", paramLabel = "MM",
            description = "Distance between bin (column) centres on the detector; an arc length for fan-arc "
                    + "(default: the input's ElementSpacing, else 1).")
    Double detectorSpacing;

    @Option(names = "--det-offset", paramLabel = "MM", defaultValue = "0",
            description = "Detector position of the central bin's centre (default ${DEFAULT-VALUE}).")
    double detectorOffset;

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
        Outputs.refuseExisting(force, output, MetaImage.dataFileFor(output, false), png,
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
        if (DicomInfo.isRawCtData(input)) {
            return readRawData(centreValues);
        }
        if (angles == null) {
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
        double[] radians = angles.radians();
        FloatVolume data = MetaImage.read(input);
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
     * DICOM-CT-PD raw data: an axial scan as fan-beam sinograms, one per detector row; the image
     * grid follows the detector (one slice per row, pixels the channel pitch at the isocentre).
     */
    private CtScan readRawData(double[] centreValues) throws IOException {
        if (angles != null) {
            throw new InvalidInputException("DICOM-CT-PD data carry their own angles: drop " + angles.describe());
        }
        CtProjectionData.Scan raw = CtProjectionData.read(input);
        FanBeamGeometry fan = raw.fanBeam();
        if (waterMu == null && outputDicom != null && Double.isNaN(raw.waterAttenuation())) {
            throw new InvalidInputException("--out-dicom writes HU: these data give no water attenuation, add --water-mu");
        }
        double magnification = raw.sourceToDetector() / raw.sourceToIsocentre();
        double pixelSize = pixel != null ? pixel : raw.channelPitch() / magnification;
        int[] dimensions = parseSize(raw.channels(), false);
        double sliceSpacing = raw.rowPitch() / magnification;
        double sliceCentre = (raw.sliceZ(0) + raw.sliceZ(raw.rows() - 1)) / 2;
        VolumeGeometry volume = new VolumeGeometry(dimensions[0], dimensions[1], raw.rows(), pixelSize, pixelSize,
                sliceSpacing, centreValues[0], centreValues[1], sliceCentre);
        FloatVolume data = new FloatVolume(new int[] {raw.channels(), raw.viewCount(), raw.rows()},
                new double[] {raw.channelPitch(), 1, sliceSpacing}, new double[3], raw.sinograms());
        Kind kind = fan.shape() == DetectorShape.ARC ? Kind.FAN_ARC : Kind.FAN_FLAT;
        return new CtScan(kind, data, null, fan, null, volume, raw);
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
            err.printf("%s: %d x %d x %d %s -> %s%s%n", command, volume.nx(), volume.ny(), volume.nz(), summary, output,
                    outputDicom == null ? "" : " and " + outputDicom + "/ (CT series, HU)");
            err.flush();
        }
    }
}
