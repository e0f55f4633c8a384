package org.recon4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.recon4j.InvalidInputException;
import org.recon4j.algorithm.ParallelBeamFbp;
import org.recon4j.filter.FilterWindow;
import org.recon4j.geometry.ParallelBeamGeometry;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.io.FloatVolume;
import org.recon4j.io.MetaImage;
import org.recon4j.util.Parallel;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code recon fbp}: parallel-beam filtered back-projection of a sinogram or a stack of them. */
@Command(name = "fbp", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Filtered back-projection of parallel-beam sinograms.",
            "The input is a MetaImage with DimSize 'bins views [slices]'; each slice is reconstructed "
                + "from its own sinogram. Angles are in degrees; lengths in mm."})
final class FbpCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--in", required = true, paramLabel = "SINO.mhd", description = "Input sinogram(s), .mhd or .mha.")
    Path input;

    @Option(names = "--out", required = true, paramLabel = "IMAGE.mhd", description = "Output image, .mhd or .mha.")
    Path output;

    @ArgGroup(exclusive = true, multiplicity = "1")
    AngleOptions angles;

    @Option(names = "--det-spacing", paramLabel = "MM",
            description = "Distance between bin centres (default: the input's ElementSpacing along bins, else 1).")
    Double detectorSpacing;

    @Option(names = "--det-offset", paramLabel = "MM", defaultValue = "0",
            description = "Detector position of the central bin's centre relative to the axis (default ${DEFAULT-VALUE}).")
    double detectorOffset;

    @Option(names = "--size", paramLabel = "N", description = "Image size N x N (default: the bin count).")
    Integer size;

    @Option(names = "--pixel", paramLabel = "MM", description = "Pixel size (default: the detector spacing).")
    Double pixel;

    @Option(names = "--center", paramLabel = "X,Y", defaultValue = "0,0",
            description = "Position of the image centre in mm (default ${DEFAULT-VALUE}: on the rotation axis).")
    String centre;

    @Option(names = "--filter", paramLabel = "NAME", defaultValue = "ram-lak",
            description = "ram-lak, shepp-logan, cosine, hamming or hann (default ${DEFAULT-VALUE}).")
    String filter;

    @Option(names = "--cutoff", paramLabel = "F", defaultValue = "1",
            description = "Filter cut-off as a fraction of Nyquist, in (0, 1] (default ${DEFAULT-VALUE}).")
    double cutoff;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "Worker threads, 0 = all cores (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--png", paramLabel = "FILE.png", description = "Also write the middle slice as a PNG.")
    Path png;

    @Option(names = "--window", paramLabel = "LOW,HIGH", description = "PNG grey window (default: the slice's range).")
    String window;

    @Option(names = {"-q", "--quiet"}, description = "No progress or summary on stderr.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        FilterWindow filterWindow = FilterWindow.parse(filter);
        double[] imageCentre = Outputs.pair("--center", centre);
        double[] pngWindow = window == null ? null : Outputs.pair("--window", window);
        if (threads < 0) {
            throw new InvalidInputException("--threads must be >= 0 (0 = all cores), found " + threads);
        }
        Outputs.checkTarget(output, input, angles.file);
        double[] radians = angles.radians();

        FloatVolume sinograms = MetaImage.read(input);
        if (sinograms.dimensions() < 2) {
            throw new InvalidInputException(input.getFileName() + ": expected a sinogram with DimSize 'bins views [slices]', "
                    + "found " + sinograms.dimensions() + " dimension");
        }
        int bins = sinograms.size(0);
        int views = sinograms.size(1);
        int slices = sinograms.size(2);
        if (views != radians.length) {
            throw new InvalidInputException(String.format(
                    "%s has %d views (DimSize %d %d%s) but %s gives %d angles",
                    input.getFileName(), views, bins, views, slices > 1 ? " " + slices : "", angles.describe(),
                    radians.length));
        }
        double spacing = detectorSpacing != null ? detectorSpacing : sinograms.spacing(0);
        ParallelBeamGeometry geometry = ParallelBeamGeometry.of(radians, bins, spacing, detectorOffset);
        int imageSize = size != null ? size : bins;
        double pixelSize = pixel != null ? pixel : spacing;
        double sliceSpacing = slices > 1 ? sinograms.spacing(2) : pixelSize;
        double sliceCentre = slices > 1 ? sinograms.origin()[2] + (slices - 1) / 2.0 * sliceSpacing : 0;
        VolumeGeometry volume = new VolumeGeometry(imageSize, imageSize, slices, pixelSize, pixelSize, sliceSpacing,
                imageCentre[0], imageCentre[1], sliceCentre);
        ParallelBeamFbp fbp = new ParallelBeamFbp(geometry, volume, filterWindow, cutoff, threads);

        long start = System.nanoTime();
        float[] image = fbp.reconstruct(sinograms.data(), new ProgressBar(err, "fbp", quiet));
        double seconds = (System.nanoTime() - start) / 1e9;
        FloatVolume result = FloatVolume.of(volume, image);
        Outputs.writeImage(output, result);
        if (png != null) {
            Outputs.writePng(png, result, pngWindow);
        }
        if (!quiet) {
            err.printf("fbp: %d x %d x %d from %d views x %d bins (%s, cutoff %.3g) in %.3f s on %d threads -> %s%n",
                    imageSize, imageSize, slices, views, bins, filterWindow, cutoff, seconds,
                    Parallel.resolveThreads(threads), output);
            err.flush();
        }
        return 0;
    }
}
