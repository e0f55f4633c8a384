package org.recon4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.recon4j.InvalidInputException;
import org.recon4j.dicom.NmProjections;
import org.recon4j.dicom.NmProjectionsWriter;
import org.recon4j.geometry.SpectGeometry;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.io.FloatVolume;
import org.recon4j.io.Interfile;
import org.recon4j.phantom.EmissionPhantom;
import org.recon4j.phantom.Poisson;
import org.recon4j.projector.CollimatorResponse;
import org.recon4j.projector.SpectProjector;
import org.recon4j.spect.ScatterModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code recon simulate-spect}: SPECT projections of an emission phantom with attenuation, the
 * collimator response, Poisson noise and optionally scatter with a lower energy window, written
 * as STIR Interfile together with the attenuation map and the true activity.
 */
@Command(name = "simulate-spect", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Simulates a SPECT acquisition of the NEMA IEC body or a Jaszczak-style phantom.",
            "Writes the projections (.hs), the attenuation map and the true activity (.hv) in STIR's Interfile."})
final class SimulateSpectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--phantom", paramLabel = "iec|jaszczak|point|points|cylinder", defaultValue = "iec",
            description = "NEMA IEC body (spheres 4:1), Jaszczak-style (cold spheres and rods), for QA one point source in air "
                    + "at (50, 30, 0) mm, three at (0, 0, 0), (75, 0, 40) and (0, -75, -40) mm, or a uniform water cylinder "
                    + "(radius 108 mm) (default ${DEFAULT-VALUE}).")
    String phantomName;

    @Option(names = "--cor-offset", paramLabel = "MM", defaultValue = "0",
            description = "Shift the detector so that the rotation axis projects MM from its centre along the row, towards "
                    + "increasing column index, as 'recon qa spect-cor' reports it (default ${DEFAULT-VALUE}).")
    double corOffset;

    @Option(names = "--out-proj", required = true, paramLabel = "P.hs|P.dcm",
            description = "Photopeak projections: STIR Interfile (.hs), or DICOM NM (.dcm) holding the scatter window too.")
    Path projectionsOutput;

    @Option(names = "--out-mu", required = true, paramLabel = "MU.hv", description = "Attenuation map (1/cm).")
    Path attenuationOutput;

    @Option(names = "--out-image", paramLabel = "TRUTH.hv", description = "The true activity on the same grid.")
    Path truthOutput;

    @Option(names = "--matrix", paramLabel = "N", defaultValue = "64",
            description = "Bins per side and voxels per side (default ${DEFAULT-VALUE}).")
    int matrix;

    @Option(names = "--pixel", paramLabel = "MM", defaultValue = "6", description = "Bin and voxel size (default ${DEFAULT-VALUE}).")
    double pixel;

    @Option(names = "--views", paramLabel = "V", defaultValue = "60", description = "Views over 360 degrees (default ${DEFAULT-VALUE}).")
    int views;

    @Option(names = "--radius", paramLabel = "MM", defaultValue = "250", description = "Camera radius (default ${DEFAULT-VALUE}).")
    double radius;

    @Option(names = "--psf-slope", paramLabel = "A", defaultValue = "0.0163", description = "sigma(d) = A d + SIGMA0 (default ${DEFAULT-VALUE}).")
    double psfSlope;

    @Option(names = "--psf-sigma0", paramLabel = "MM", defaultValue = "1.466", description = "Default ${DEFAULT-VALUE} mm.")
    double psfSigma0;

    @Option(names = "--counts", paramLabel = "TOTAL", defaultValue = "3e6", description = "Expected photopeak primary counts (default ${DEFAULT-VALUE}).")
    double counts;

    @Option(names = "--noiseless", description = "No Poisson noise.")
    boolean noiseless;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Noise seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--scatter-fraction", paramLabel = "F", defaultValue = "0",
            description = "Add scatter: F times a broad blur of the primary (default ${DEFAULT-VALUE}); needs --out-lower.")
    double scatterFraction;

    @Option(names = "--out-lower", paramLabel = "L.hs",
            description = "With scatter: the lower window's counts, as TEW assumes them (widths 6 and 28 keV unless --window-widths).")
    Path lowerOutput;

    @Option(names = "--window-widths", paramLabel = "WL,WP", defaultValue = "6,28",
            description = "Lower and photopeak window widths in keV (default ${DEFAULT-VALUE}).")
    String windowWidths;

    @Option(names = {"-q", "--quiet"}, description = "No summary on stderr.")
    boolean quiet;

    @Option(names = "--force", description = "Replace existing output files.")
    boolean force;

    @Override
    public Integer call() throws Exception {
        if (matrix < 8 || matrix > 512 || views < 1 || views > 3600) {
            throw new InvalidInputException("--matrix must be in 8..512 and --views in 1..3600, found " + matrix + ", " + views);
        }
        if (!(counts > 0) || !(scatterFraction >= 0)) {
            throw new InvalidInputException("--counts must be > 0 and --scatter-fraction >= 0, found " + counts + ", " + scatterFraction);
        }
        boolean dicom = SpectInput.isDicom(projectionsOutput);
        if (scatterFraction > 0 && lowerOutput == null && !dicom) {
            throw new InvalidInputException("--scatter-fraction needs --out-lower (the lower window file), or a .dcm --out-proj"
                    + " that holds both windows");
        }
        for (Path output : new Path[] {projectionsOutput, attenuationOutput, truthOutput, lowerOutput}) {
            if (output != null) {
                SpectInput.checkOutput(output.getFileName().toString().endsWith(".hs")
                        ? output.resolveSibling(output.getFileName().toString().replace(".hs", ".hv")) : output, force);
            }
        }
        EmissionPhantom phantom = switch (phantomName.toLowerCase(Locale.ROOT)) {
            case "iec", "nema" -> EmissionPhantom.nemaIecBody(4);
            case "jaszczak" -> EmissionPhantom.jaszczak();
            case "point" -> EmissionPhantom.pointSources(new double[] {50, 30, 0});
            case "points" -> EmissionPhantom.pointSources(new double[] {0, 0, 0}, new double[] {75, 0, 40},
                    new double[] {0, -75, -40});
            case "cylinder" -> EmissionPhantom.uniformCylinder();
            default -> throw new InvalidInputException("unknown phantom '" + phantomName
                    + "': expected iec, jaszczak, point, points or cylinder");
        };
        VolumeGeometry grid = new VolumeGeometry(matrix, matrix, matrix, pixel, pixel, pixel, 0, 0, 0);
        float[] activity = phantom.activity(grid, 3);
        float[] mu = phantom.attenuation(grid, 3);
        boolean[] body = new boolean[mu.length];
        for (int i = 0; i < mu.length; i++) {
            body[i] = mu[i] > 0 || activity[i] > 0;
        }
        SpectGeometry nominal = SpectGeometry.fromDicom(0, 360.0 / views, SpectGeometry.Direction.CW, views,
                new double[] {radius}, matrix, matrix, pixel, pixel);
        // a detector shifted by s sees the axis at -s from its centre; the files describe the nominal geometry
        SpectGeometry geometry = nominal.withOffsets(-corOffset, 0);
        SpectProjector projector = new SpectProjector(geometry, grid, mu, body,
                CollimatorResponse.linear(psfSlope, psfSigma0, 3), 0);
        float[] primary = new float[geometry.projectionSize()];
        projector.forward(activity, primary);
        double total = 0;
        for (float value : primary) {
            total += value;
        }
        double scale = counts / total;
        SplittableRandom random = new SplittableRandom(seed);
        float[] scatter = scatterFraction > 0 ? ScatterModel.broadBlur(primary, geometry, scatterFraction) : null;
        float[] peak = new float[primary.length];
        float[] lower = scatter == null ? null : new float[primary.length];
        String[] widths = windowWidths.split(",");
        double lowerToPeak = widths.length == 2 ? 2 * Double.parseDouble(widths[0].trim()) / Double.parseDouble(widths[1].trim()) : 0;
        for (int i = 0; i < peak.length; i++) {
            double mean = scale * (primary[i] + (scatter == null ? 0 : scatter[i]));
            peak[i] = noiseless ? (float) mean : Poisson.sample(random, mean);
            if (lower != null) {
                double lowerMean = scale * scatter[i] * lowerToPeak;
                lower[i] = noiseless ? (float) lowerMean : Poisson.sample(random, lowerMean);
            }
        }
        double step = 360.0 / views;
        if (dicom) {
            writeDicom(peak, lower, nominal, widths);
        } else {
            Interfile.writeProjections(projectionsOutput, peak, nominal, step, SpectGeometry.Direction.CW);
        }
        if (lower != null && lowerOutput != null) {
            Interfile.writeProjections(lowerOutput, lower, nominal, step, SpectGeometry.Direction.CW);
        }
        SpectInput.writeImage(attenuationOutput, FloatVolume.of(grid, mu));
        if (truthOutput != null) {
            float[] truth = activity.clone();
            for (int i = 0; i < truth.length; i++) {
                truth[i] *= (float) scale; // in the projector's units: counts per voxel, as OSEM reconstructs
            }
            SpectInput.writeImage(truthOutput, FloatVolume.of(grid, truth));
        }
        if (!quiet) {
            PrintWriter err = spec.commandLine().getErr();
            err.printf("simulate-spect: %s phantom, %d views of %d x %d bins of %.3g mm, %.3g counts%s -> %s%n",
                    phantomName, views, matrix, matrix, pixel, counts, scatter == null ? "" : ", scatter " + scatterFraction,
                    projectionsOutput);
            boolean inAir = phantomName.toLowerCase(Locale.ROOT).startsWith("point");
            err.printf("reconstruct with: recon osem --in %s%s --psf-slope %s --psf-sigma0 %s --out IMAGE.hv%n",
                    projectionsOutput, inAir ? "" : " --mu " + attenuationOutput + " --mask-from-mu", psfSlope, psfSigma0);
            err.flush();
        }
        return 0;
    }

    /** The photopeak (and the lower scatter window) as one DICOM NM file, windows placed around 140.5 keV. */
    private void writeDicom(float[] peak, float[] lower, SpectGeometry geometry, String[] widths) throws IOException {
        double peakWidth = Double.parseDouble(widths.length == 2 ? widths[1].trim() : "28");
        double lowerWidth = Double.parseDouble(widths.length == 2 ? widths[0].trim() : "6");
        double peakLow = 140.5 - peakWidth / 2;
        List<NmProjections.Window> windows = new ArrayList<>();
        windows.add(new NmProjections.Window("PHOTOPEAK", peakLow, peakLow + peakWidth, peak));
        if (lower != null) {
            windows.add(new NmProjections.Window("LOWER SCATTER", peakLow - lowerWidth, peakLow, lower));
        }
        NmProjectionsWriter.write(projectionsOutput, new NmProjections.Acquisition(
                windows, geometry, 10, null), 1, "Recon4J simulation");
    }
}
