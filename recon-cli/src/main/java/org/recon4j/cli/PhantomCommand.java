package org.recon4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.recon4j.evaluation.CtScan;
import org.recon4j.InvalidInputException;
import org.recon4j.geometry.ConeBeamGeometry;
import org.recon4j.geometry.DetectorShape;
import org.recon4j.geometry.FanBeamGeometry;
import org.recon4j.geometry.ParallelBeamGeometry;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.io.FloatVolume;
import org.recon4j.io.MetaImage;
import org.recon4j.phantom.Phantom2D;
import org.recon4j.phantom.SheppLogan;
import org.recon4j.phantom.TransmissionNoise;
import org.recon4j.phantom.WaterPhantom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code recon phantom}: the modified Shepp-Logan phantom (or a CT QA water phantom) and its exact projections. */
@Command(name = "phantom", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Writes the modified Shepp-Logan phantom (or a water cylinder with four inserts for 'recon qa ct-image')",
            "and its exact (closed-form) projections.",
            "Parallel views are evenly spaced over [0, 180) degrees, fan and cone views over [0, 360); "
                + "the command to reconstruct them is printed."})
final class PhantomCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--phantom", paramLabel = "shepp-logan|water", defaultValue = "shepp-logan",
            description = "The modified Shepp-Logan head, or a water cylinder with inserts of -1000, 900, 120 and -95 HU "
                    + "(values relative to water: HU = 1000 (value - 1)) (default ${DEFAULT-VALUE}).")
    String phantomName;

    @Option(names = "--size", required = true, paramLabel = "N", description = "Image size N x N; the detector has N bins.")
    int size;

    @Option(names = "--views", required = true, paramLabel = "V", description = "Number of views.")
    int views;

    @Option(names = "--geometry", paramLabel = "KIND", defaultValue = "parallel",
            description = "parallel, fan-arc, fan-flat or cone (default ${DEFAULT-VALUE}).")
    String geometry;

    @Option(names = "--sod", paramLabel = "MM", description = "Source-to-axis distance (default: 3 x the image width).")
    Double sourceToAxis;

    @Option(names = "--sdd", paramLabel = "MM", description = "Source-to-detector distance (default: 4 x the image width).")
    Double sourceToDetector;

    @Option(names = "--out-image", required = true, paramLabel = "P.mhd", description = "The phantom image.")
    Path imageOutput;

    @Option(names = "--out-sino", required = true, paramLabel = "S.mhd",
            description = "The projections: DimSize 'N V [slices]', or 'N N V' for cone beam.")
    Path sinogramOutput;

    @Option(names = "--slices", paramLabel = "NZ", defaultValue = "1",
            description = "Slices of the 3D phantom, one sinogram each (default ${DEFAULT-VALUE}: the 2D phantom).")
    int slices;

    @Option(names = "--pixel", paramLabel = "MM", defaultValue = "1",
            description = "Pixel size and bin spacing (default ${DEFAULT-VALUE}).")
    double pixel;

    @Option(names = "--samples", paramLabel = "S", defaultValue = "4",
            description = "The image pixel is the mean of S x S point values (default ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--noise-photons", paramLabel = "I0",
            description = "Add transmission Poisson noise with I0 photons per ray (unattenuated).")
    Double photons;

    @Option(names = "--mu-per-unit", paramLabel = "PER_MM", defaultValue = "0.02",
            description = "Attenuation (1/mm) of a phantom value of 1 for the noise model (default ${DEFAULT-VALUE}, about water).")
    double attenuationPerUnit;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Noise seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-q", "--quiet"}, description = "No summary on stderr.")
    boolean quiet;

    @Option(names = "--force", description = "Replace existing output files.")
    boolean force;

    @Override
    public Integer call() throws Exception {
        if (size <= 0 || views <= 0 || slices <= 0) {
            throw new InvalidInputException("--size, --views and --slices must be positive, found "
                    + size + ", " + views + ", " + slices);
        }
        if (samples <= 0 || samples > 16) {
            throw new InvalidInputException("--samples must be in 1..16, found " + samples);
        }
        Outputs.checkTarget(imageOutput);
        Outputs.checkTarget(sinogramOutput);
        Outputs.refuseExisting(force, imageOutput, MetaImage.dataFileFor(imageOutput, false), sinogramOutput,
                MetaImage.dataFileFor(sinogramOutput, false));
        if (imageOutput.toAbsolutePath().normalize().equals(sinogramOutput.toAbsolutePath().normalize())) {
            throw new InvalidInputException("--out-image and --out-sino must differ, both are " + imageOutput);
        }
        CtScan.Kind kind = CtScan.Kind.parse(geometry);
        double width = size * pixel;
        double sod = sourceToAxis != null ? sourceToAxis : 3 * width;
        double sdd = sourceToDetector != null ? sourceToDetector : 4 * width;
        int depth = kind == CtScan.Kind.CONE ? size : slices;
        VolumeGeometry grid = VolumeGeometry.stack(size, depth, pixel);
        double radius = width / 2;
        // divergent beams: detector pixels as large as the voxels magnified onto the detector, plus a
        // margin of 20 % so that the whole phantom is seen
        double detectorPixel = pixel * sdd / sod;
        int bins = kind == CtScan.Kind.PARALLEL ? size : (int) Math.ceil(size * 1.2);
        org.recon4j.util.Checks.memoryAvailable("the phantom and its projections",
                4L * grid.voxelCount() + 8L * bins * (long) views * (kind == CtScan.Kind.CONE ? bins : depth));
        boolean water = switch (phantomName.toLowerCase(java.util.Locale.ROOT)) {
            case "shepp-logan" -> false;
            case "water" -> true;
            default -> throw new InvalidInputException("--phantom: expected shepp-logan or water, found '" + phantomName + "'");
        };
        if (water && kind == CtScan.Kind.CONE) {
            throw new InvalidInputException("--phantom water is a cylinder for parallel and fan beams; for cone beam use shepp-logan");
        }
        // the water cylinder is the same on every slice: its 2D image and sinogram repeat along z
        Phantom2D section = water ? WaterPhantom.withInserts(radius) : SheppLogan.modified2D(radius);
        float[] image = depth == 1 || water ? repeat(section.image(VolumeGeometry.slice(size, pixel), samples), depth)
                : SheppLogan.modified3D(radius).image(grid, samples);
        float[] projections;
        FloatVolume projectionVolume;
        String command;
        String angleText;
        if (kind == CtScan.Kind.PARALLEL) {
            ParallelBeamGeometry parallel = ParallelBeamGeometry.uniform(views, Math.PI, size, pixel);
            projections = depth == 1 || water ? repeat(section.sinogram(parallel), depth)
                    : SheppLogan.modified3D(radius).parallelSinograms(parallel, grid);
            angleText = "0:" + stripZeros(180.0 / views) + ":" + views;
            command = "recon fbp";
        } else {
            var phantom = SheppLogan.modified3D(radius);
            var rays = kind == CtScan.Kind.CONE
                    ? ConeBeamGeometry.circular(views, sod, sdd, bins, bins, detectorPixel).rays()
                    : FanBeamGeometry.circular(views, sod, sdd, kind == CtScan.Kind.FAN_ARC ? DetectorShape.ARC
                            : DetectorShape.FLAT, bins, detectorPixel).rays(grid);
            projections = new float[rays.count()];
            double[] ray = new double[6];
            for (int view = 0; view < views; view++) {
                for (int k = 0; k < rays.raysPerView(); k++) {
                    rays.ray(view, k, ray);
                    projections[rays.index(view, k)] = (float) (depth == 1 || water
                            ? section.lineIntegral(Math.atan2(-ray[3], ray[4]),
                                    ray[0] * ray[4] - ray[1] * ray[3])
                            : phantom.lineIntegral(ray[0], ray[1], ray[2], ray[3], ray[4], ray[5]));
                }
            }
            angleText = "0:" + stripZeros(360.0 / views) + ":" + views;
            command = String.format("recon %s --sod %s --sdd %s --det-spacing %s --size %d --pixel %s",
                    kind == CtScan.Kind.CONE ? "fdk" : "fbp --geometry " + kind.label(), stripZeros(sod),
                    stripZeros(sdd), stripZeros(detectorPixel), size, stripZeros(pixel));
        }
        if (photons != null) {
            projections = TransmissionNoise.apply(projections, photons, attenuationPerUnit, seed);
        }
        double step = kind == CtScan.Kind.PARALLEL ? 180.0 / views : 360.0 / views;
        double binSpacing = kind == CtScan.Kind.PARALLEL ? pixel : detectorPixel;
        double firstBin = -(bins - 1) / 2.0 * binSpacing;
        if (kind == CtScan.Kind.CONE) {
            projectionVolume = new FloatVolume(new int[] {bins, bins, views}, new double[] {binSpacing, binSpacing, step},
                    new double[] {firstBin, firstBin, 0}, projections);
        } else if (depth == 1) {
            projectionVolume = new FloatVolume(new int[] {bins, views}, new double[] {binSpacing, step},
                    new double[] {firstBin, 0}, projections);
        } else {
            projectionVolume = new FloatVolume(new int[] {bins, views, depth}, new double[] {binSpacing, step, pixel},
                    new double[] {firstBin, 0, grid.z(0)}, projections);
        }
        Outputs.createFolder(imageOutput);
        Outputs.createFolder(sinogramOutput);
        MetaImage.write(imageOutput, FloatVolume.of(grid, image), false);
        MetaImage.write(sinogramOutput, projectionVolume, false);
        if (!quiet) {
            PrintWriter err = spec.commandLine().getErr();
            err.printf("phantom: %d x %d x %d -> %s; %s projections, %d views%s -> %s%n", size, size, depth,
                    imageOutput, kind.label(), views, photons == null ? "" : " with noise (I0 " + photons + ")",
                    sinogramOutput);
            err.printf("reconstruct with: %s --in %s --out IMAGE.mhd --angles %s%n", command, sinogramOutput, angleText);
            err.flush();
        }
        return 0;
    }

    private static float[] repeat(float[] slice, int count) {
        float[] stack = new float[slice.length * count];
        for (int k = 0; k < count; k++) {
            System.arraycopy(slice, 0, stack, k * slice.length, slice.length);
        }
        return stack;
    }

    static String stripZeros(double value) {
        return new java.math.BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
    }
}
