package org.recon4j.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.recon4j.InvalidInputException;
import java.util.List;
import org.recon4j.evaluation.CtScan;
import org.recon4j.geometry.DetectorShape;
import org.recon4j.geometry.FanBeamGeometry;
import org.recon4j.geometry.ParallelBeamGeometry;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.io.FloatVolume;
import org.recon4j.io.MetaImage;
import org.recon4j.qa.CtSweep;
import org.recon4j.qa.CtImageQuality;
import org.recon4j.qa.QaReports;
import org.recon4j.qa.Tolerances;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recon qa ct-image}: CT number, noise, uniformity, TTF and NPS of a water phantom. */
@Command(name = "ct-image", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"CT image quality of a water phantom (AAPM TG-233; ACR criteria by default): CT number, noise and",
            "uniformity (centre and four peripheral regions), each insert's mean HU, the task transfer function of the",
            "highest-contrast insert's edge (or the phantom's own) with MTF50/MTF10, and the noise power spectrum.",
            "The phantom and its inserts are found by themselves."})
final class QaCtImageCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--in", required = true, paramLabel = "SERIES|VOLUME",
            description = "A DICOM CT series (folder or file, HU), or a MetaImage/NIfTI volume in HU (or in 1/mm with --water-mu).")
    Path input;

    @Option(names = "--phantom", paramLabel = "water|inserts",
            description = "water: no inserts looked for, the TTF from the phantom's edge; inserts: inserts required "
                    + "(default: inserts when found).")
    String phantom;

    @Option(names = "--slices", paramLabel = "FIRST:LAST", description = "The slices analysed together (from 0; default: the middle one).")
    String slices;

    @Option(names = "--water-mu", paramLabel = "PER_MM", description = "The image is attenuation (1/mm, or the phantom's units): the value of water, for HU.")
    Double waterMu;

    @Option(names = "--insert-threshold", paramLabel = "HU", defaultValue = "50",
            description = "An insert differs from water by more than this (default ${DEFAULT-VALUE}).")
    double insertThreshold;

    @Option(names = "--nps-roi", paramLabel = "PIXELS",
            description = "Side of the NPS regions (default: the largest power of two up to half the phantom's radius, "
                    + "16 to 128, for which a region fits).")
    Integer npsRoi;

    @Option(names = "--ssp", description = "Also the slice sensitivity profile (z FWHM) of a bead, the volume's brightest "
            + "voxel at least 300 HU above water.")
    boolean sliceSensitivity;

    @Option(names = "--sweep", paramLabel = "filter=A,B|cutoff=F,G",
            description = "--in is sinograms 'bins views [slices]' (line integrals, --geometry): reconstruct them by FBP "
                    + "once per setting and report the figures of each (needs --angles and --water-mu).")
    String sweep;

    @Option(names = "--angles", paramLabel = "START:STEP:COUNT", description = "With --sweep: the views' angles in degrees.")
    String angles;

    @Option(names = "--geometry", paramLabel = "parallel|fan-arc|fan-flat", defaultValue = "parallel",
            description = "With --sweep: the sinograms' geometry (default ${DEFAULT-VALUE}); fan beams need --sod and --sdd.")
    String geometry;

    @Option(names = "--sod", paramLabel = "MM", description = "With --sweep, fan beam: source-to-axis distance.")
    Double sourceToAxis;

    @Option(names = "--sdd", paramLabel = "MM", description = "With --sweep, fan beam: source-to-detector distance.")
    Double sourceToDetector;

    @Option(names = "--det-spacing", paramLabel = "MM", description = "With --sweep: bin spacing (default: ElementSpacing).")
    Double detectorSpacing;

    @Option(names = "--size", paramLabel = "N", description = "With --sweep: image size N x N (default: the bins).")
    Integer size;

    @Option(names = "--pixel", paramLabel = "MM", description = "With --sweep: pixel size (default: the bin spacing).")
    Double pixel;

    @Mixin
    QaOutputs outputs;

    @Override
    public Integer call() throws Exception {
        CtImageQuality.Phantom kind = phantom == null ? CtImageQuality.Phantom.AUTO
                : switch (phantom.toLowerCase(Locale.ROOT)) {
                    case "water" -> CtImageQuality.Phantom.WATER;
                    case "inserts" -> CtImageQuality.Phantom.INSERTS;
                    default -> throw new InvalidInputException("--phantom: expected water or inserts, found '" + phantom + "'");
                };
        int[] range = {-1, -1};
        if (slices != null) {
            String[] parts = slices.split(":");
            try {
                range = new int[] {Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[parts.length == 2 ? 1 : 0].trim())};
            } catch (NumberFormatException e) {
                throw new InvalidInputException("--slices: expected FIRST:LAST (whole numbers from 0), found '" + slices + "'");
            }
            if (parts.length > 2 || range[0] < 0) {
                throw new InvalidInputException("--slices: expected FIRST:LAST (whole numbers from 0), found '" + slices + "'");
            }
        }
        if (npsRoi != null && (npsRoi < 8 || npsRoi > 512)) {
            throw new InvalidInputException("--nps-roi: expected 8 to 512 pixels, found " + npsRoi);
        }
        if (!(insertThreshold > 0)) {
            throw new InvalidInputException("--insert-threshold: expected a positive HU difference, found " + insertThreshold);
        }
        outputs.checkOutputs(input);
        Tolerances tolerances = outputs.tolerances(Tolerances.ctImage(), QaReports.CT_IMAGE_FIGURES);
        CtImageQuality.Options options = new CtImageQuality.Options(kind, range[0], range[1], insertThreshold,
                npsRoi == null ? 0 : npsRoi, sliceSensitivity);
        if (sweep != null) {
            return runSweep(options, tolerances);
        }
        if (angles != null || size != null || pixel != null || detectorSpacing != null || sourceToAxis != null
                || sourceToDetector != null) {
            throw new InvalidInputException("--angles, --sod, --sdd, --size, --pixel and --det-spacing describe raw data for "
                    + "--sweep; without it --in is an image");
        }
        FloatVolume hu = QaImages.hounsfield(input, waterMu);
        CtImageQuality.Result result = CtImageQuality.measure(hu, options);
        return outputs.finish(QaReports.ctImage(input.toString(), hu, result, tolerances), spec.commandLine().getOut());
    }

    private int runSweep(CtImageQuality.Options options, Tolerances tolerances) throws java.io.IOException {
        CtSweep.Sweep settings = CtSweep.Sweep.parse(sweep);
        if (angles == null || waterMu == null) {
            throw new InvalidInputException("--sweep reconstructs raw sinograms: give --angles START:STEP:COUNT and --water-mu "
                    + "(the reconstruction's value for water)");
        }
        FloatVolume data = MetaImage.read(input);
        double[] degrees = AngleOptions.parseRange(angles);
        if (data.dimensions() < 2 || data.size(1) != degrees.length) {
            throw new InvalidInputException(String.format("%s: expected sinograms 'bins views [slices]' with %d views (as --angles "
                    + "gives), found DimSize %s", input.getFileName(), degrees.length, java.util.Arrays.toString(data.size())));
        }
        double[] radians = new double[degrees.length];
        java.util.Arrays.setAll(radians, view -> Math.toRadians(degrees[view]));
        double spacing = detectorSpacing != null ? detectorSpacing : data.spacing(0);
        CtScan.Kind kind = CtScan.Kind.parse(geometry);
        if (kind == CtScan.Kind.CONE) {
            throw new InvalidInputException("--sweep takes parallel and fan-beam sinograms, found --geometry cone");
        }
        boolean fan = kind != CtScan.Kind.PARALLEL;
        if (fan && (sourceToAxis == null || sourceToDetector == null)) {
            throw new InvalidInputException("--geometry " + geometry + " needs --sod and --sdd (mm)");
        }
        int n = size != null ? size : data.size(0);
        double voxel = pixel != null ? pixel : fan ? spacing * sourceToAxis / sourceToDetector : spacing;
        if (n < 16 || n > 8192 || !(voxel > 0)) {
            throw new InvalidInputException("expected --size in 16..8192 and --pixel > 0, found " + n + " and " + voxel);
        }
        VolumeGeometry grid = VolumeGeometry.stack(n, data.size(2), voxel);
        CtSweep.Reconstruction reconstruction = fan
                ? CtSweep.fan(data.data(), FanBeamGeometry.of(radians, sourceToAxis, sourceToDetector,
                        kind == CtScan.Kind.FAN_ARC ? DetectorShape.ARC : DetectorShape.FLAT, data.size(0), spacing, 0), grid, 0)
                : CtSweep.parallel(data.data(), ParallelBeamGeometry.of(radians, data.size(0), spacing, 0), grid, 0);
        List<CtSweep.Setting> results = CtSweep.run(reconstruction, grid, waterMu, settings, options);
        return outputs.finish(QaReports.ctSweep(input.toString(), results, tolerances), spec.commandLine().getOut());
    }
}
