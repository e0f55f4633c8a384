package org.recon4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.recon4j.InvalidInputException;
import org.recon4j.geometry.ParallelBeamGeometry;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.io.FloatVolume;
import org.recon4j.io.MetaImage;
import org.recon4j.phantom.SheppLogan;
import org.recon4j.phantom.TransmissionNoise;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code recon phantom}: the modified Shepp-Logan phantom and its exact parallel-beam sinogram. */
@Command(name = "phantom", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Writes the modified Shepp-Logan phantom and its exact (closed-form) parallel-beam sinogram.",
            "Views are evenly spaced over [0, 180) degrees: reconstruct with --angles 0:<180/V>:<V>."})
final class PhantomCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--size", required = true, paramLabel = "N", description = "Image size N x N; the detector has N bins.")
    int size;

    @Option(names = "--views", required = true, paramLabel = "V", description = "Number of views over 180 degrees.")
    int views;

    @Option(names = "--out-image", required = true, paramLabel = "P.mhd", description = "The phantom image.")
    Path imageOutput;

    @Option(names = "--out-sino", required = true, paramLabel = "S.mhd", description = "The sinogram, DimSize 'N V [slices]'.")
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
        if (imageOutput.toAbsolutePath().normalize().equals(sinogramOutput.toAbsolutePath().normalize())) {
            throw new InvalidInputException("--out-image and --out-sino must differ, both are " + imageOutput);
        }
        ParallelBeamGeometry geometry = ParallelBeamGeometry.uniform(views, Math.PI, size, pixel);
        VolumeGeometry grid = VolumeGeometry.stack(size, slices, pixel);
        org.recon4j.util.Checks.memoryAvailable("the phantom and its sinogram",
                4L * grid.voxelCount() + 8L * slices * geometry.sinogramSize());
        double radius = size * pixel / 2;
        float[] image;
        float[] sinogram;
        if (slices == 1) {
            var phantom = SheppLogan.modified2D(radius);
            image = phantom.image(grid, samples);
            sinogram = phantom.sinogram(geometry);
        } else {
            var phantom = SheppLogan.modified3D(radius);
            image = phantom.image(grid, samples);
            sinogram = phantom.parallelSinograms(geometry, grid);
        }
        if (photons != null) {
            sinogram = TransmissionNoise.apply(sinogram, photons, attenuationPerUnit, seed);
        }
        FloatVolume imageVolume = FloatVolume.of(grid, image);
        double angleStep = 180.0 / views;
        FloatVolume sinogramVolume = slices == 1
                ? new FloatVolume(new int[] {size, views}, new double[] {pixel, angleStep},
                        new double[] {-(size - 1) / 2.0 * pixel, 0}, sinogram)
                : new FloatVolume(new int[] {size, views, slices}, new double[] {pixel, angleStep, pixel},
                        new double[] {-(size - 1) / 2.0 * pixel, 0, grid.z(0)}, sinogram);
        Outputs.createFolder(imageOutput);
        Outputs.createFolder(sinogramOutput);
        MetaImage.write(imageOutput, imageVolume, false);
        MetaImage.write(sinogramOutput, sinogramVolume, false);
        if (!quiet) {
            PrintWriter err = spec.commandLine().getErr();
            err.printf("phantom: %d x %d x %d -> %s; sinogram %d bins x %d views%s -> %s%n", size, size, slices,
                    imageOutput, size, views, photons == null ? "" : " with noise (I0 " + photons + ")", sinogramOutput);
            err.printf("reconstruct with: recon fbp --in %s --out IMAGE.mhd --angles 0:%s:%d%n", sinogramOutput,
                    stripZeros(angleStep), views);
            err.flush();
        }
        return 0;
    }

    static String stripZeros(double value) {
        return new java.math.BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
    }
}
