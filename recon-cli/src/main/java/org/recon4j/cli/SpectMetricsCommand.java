package org.recon4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.recon4j.InvalidInputException;
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
        List<double[]> rois = new ArrayList<>();
        List<String> names = new ArrayList<>();
        if (iec) {
            double[] diameters = org.recon4j.phantom.EmissionPhantom.IEC_SPHERES;
            for (int i = 0; i < diameters.length; i++) {
                double angle = Math.toRadians(60 * i);
                double ring = org.recon4j.phantom.EmissionPhantom.IEC_RING;
                rois.add(new double[] {ring * Math.cos(angle), 35 + ring * Math.sin(angle), 0, diameters[i] / 2});
                names.add((int) diameters[i] + " mm");
            }
        }
        for (String sphere : spheres) {
            rois.add(parse("--sphere", sphere));
            names.add(sphere);
        }
        if (rois.isEmpty()) {
            throw new InvalidInputException("give at least one --sphere X,Y,Z,R or --iec");
        }
        boolean[] backgroundMask = mask(grid, parse("--background", background));
        if (!any(backgroundMask)) {
            throw new InvalidInputException("--background " + background + " holds no voxel centre of the image");
        }
        double backgroundMean = RoiMetrics.mean(volume.data(), backgroundMask);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%-24s %10s %10s%n", "sphere", "mean", ratio > 1 ? "CRC (hot)" : "CRC (cold)");
        for (int i = 0; i < rois.size(); i++) {
            boolean[] roi = mask(grid, rois.get(i));
            if (!any(roi)) {
                out.printf("%-24s %21s%n", names.get(i), "no voxel centre inside");
                continue;
            }
            double mean = RoiMetrics.mean(volume.data(), roi);
            double recovery = ratio > 1 ? RoiMetrics.hotContrastRecovery(mean, backgroundMean, ratio)
                    : RoiMetrics.coldContrastRecovery(mean, backgroundMean);
            out.printf("%-24s %10.4g %10.3f%n", names.get(i), mean, recovery);
        }
        out.printf("background mean %.4g, variability (std/mean) %.4f%n", backgroundMean,
                RoiMetrics.backgroundVariability(volume.data(), backgroundMask));
        out.flush();
        return 0;
    }

    private static boolean any(boolean[] mask) {
        for (boolean inside : mask) {
            if (inside) {
                return true;
            }
        }
        return false;
    }

    private static double[] parse(String option, String text) {
        String[] parts = text.split(",");
        if (parts.length != 4) {
            throw new InvalidInputException(option + " must be X,Y,Z,R in mm, found '" + text + "'");
        }
        double[] values = new double[4];
        for (int i = 0; i < 4; i++) {
            try {
                values[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new InvalidInputException(option + " must be numbers X,Y,Z,R, found '" + text + "'");
            }
        }
        if (!(values[3] > 0)) {
            throw new InvalidInputException(option + " radius must be positive, found " + values[3]);
        }
        return values;
    }

    private static boolean[] mask(VolumeGeometry grid, double[] sphere) {
        boolean[] mask = new boolean[grid.voxelCount()];
        for (int z = 0; z < grid.nz(); z++) {
            for (int y = 0; y < grid.ny(); y++) {
                for (int x = 0; x < grid.nx(); x++) {
                    double dx = grid.x(x) - sphere[0];
                    double dy = grid.y(y) - sphere[1];
                    double dz = grid.z(z) - sphere[2];
                    mask[(z * grid.ny() + y) * grid.nx() + x] = dx * dx + dy * dy + dz * dz <= sphere[3] * sphere[3];
                }
            }
        }
        return mask;
    }
}
