package org.recon4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.recon4j.InvalidInputException;
import org.recon4j.evaluation.SphereRois;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.io.FloatVolume;
import org.recon4j.spect.RoiMetrics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code recon spect-metrics}: NEMA-style figures of an emission image: each sphere's mean and
 * contrast recovery against a background region, and the background's variability.
 */
@Command(name = "spect-metrics", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Contrast recovery of spheres and background variability of an emission image.",
            "Spheres are given as X,Y,Z,R in mm (the grid centred on the axis, as the SPECT commands make it)."})
final class SpectMetricsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--image", required = true, paramLabel = "IMAGE.hv|IMAGE.mhd", description = "The reconstruction.")
    Path image;

    @Option(names = "--sphere", paramLabel = "X,Y,Z,R", description = "A sphere ROI (repeatable).")
    List<String> spheres = new ArrayList<>();

    @Option(names = "--iec", description = "The six spheres of the NEMA IEC body phantom as simulate-spect places them.")
    boolean iec;

    @Option(names = "--ratio", paramLabel = "R", defaultValue = "4",
            description = "True sphere-to-background ratio for hot spheres; 0 for cold spheres (default ${DEFAULT-VALUE}).")
    double ratio;

    @Option(names = "--background", paramLabel = "X,Y,Z,R", required = true,
            description = "Background ROI: a sphere (or a disc-shaped region given by a large R) away from the spheres.")
    String background;

    @Override
    public Integer call() throws Exception {
        FloatVolume volume = SpectInput.readImage(image);
        if (volume.dimensions() != 3) {
            throw new InvalidInputException(image.getFileName() + ": expected a 3D image, found " + volume.dimensions()
                    + " dimensions");
        }
        VolumeGeometry grid = new VolumeGeometry(volume.size(0), volume.size(1), volume.size(2), volume.spacing(0),
                volume.spacing(1), volume.spacing(2), 0, 0, 0);
        SphereRois rois = SphereRois.of(iec, spheres);
        boolean[] backgroundMask = SphereRois.mask(grid, SphereRois.parse("--background", background));
        if (!SphereRois.any(backgroundMask)) {
            throw new InvalidInputException("--background " + background + " holds no voxel centre of the image");
        }
        double backgroundMean = RoiMetrics.mean(volume.data(), backgroundMask);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%-24s %10s %10s%n", "sphere", "mean", ratio > 1 ? "CRC (hot)" : "CRC (cold)");
        for (int i = 0; i < rois.spheres().size(); i++) {
            boolean[] roi = SphereRois.mask(grid, rois.spheres().get(i));
            if (!SphereRois.any(roi)) {
                out.printf("%-24s %21s%n", rois.names().get(i), "no voxel centre inside");
                continue;
            }
            double mean = RoiMetrics.mean(volume.data(), roi);
            out.printf("%-24s %10.4g %10.3f%n", rois.names().get(i), mean,
                    rois.recovery(volume.data(), grid, i, backgroundMean, ratio));
        }
        out.printf("background mean %.4g, variability (std/mean) %.4f%n", backgroundMean,
                RoiMetrics.backgroundVariability(volume.data(), backgroundMask));
        out.flush();
        return 0;
    }
}
