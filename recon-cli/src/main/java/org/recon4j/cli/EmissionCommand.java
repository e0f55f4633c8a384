package org.recon4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.recon4j.InvalidInputException;
import org.recon4j.algorithm.Bsrem;
import org.recon4j.algorithm.IterativeReconstruction;
import org.recon4j.algorithm.Osem;
import org.recon4j.dicom.EnergyWindows;
import org.recon4j.dicom.NmProjections;
import org.recon4j.geometry.SpectGeometry;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.gpu.ComputeDevice;
import org.recon4j.gpu.OpenClOsem;
import org.recon4j.gpu.OpenClSpectProjector;
import org.recon4j.io.Interfile;
import org.recon4j.io.MetaImage;
import org.recon4j.projector.CollimatorResponse;
import org.recon4j.projector.Projector;
import org.recon4j.projector.SpectProjector;
import org.recon4j.regularisation.Prior;
import org.recon4j.spect.ScatterEstimate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code recon osem} and {@code recon mlem}: SPECT reconstruction with attenuation and the
 * collimator response in the model. Reads STIR Interfile projections ({@code .hs}, geometry from
 * the header) or MetaImage ({@code .mhd}, geometry from the options); writes Interfile
 * ({@code .hv}) or MetaImage ({@code .mhd}/{@code .mha}).
 */
abstract class EmissionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    SpectInput spectInput;

    @Option(names = "--out", required = true, paramLabel = "IMAGE.hv|IMAGE.mhd", description = "Output image.")
    Path output;

    @Option(names = "--out-dicom", paramLabel = "FOLDER",
            description = "Also write the image as a DICOM NM RECON TOMO file in FOLDER (in the projections' study and "
                    + "Frame of Reference when they are DICOM).")
    Path dicomFolder;

    @Option(names = "--mask-from-mu", description = "Reconstruct only where mu > 0 (STIR's 'mask type := Attenuation Map').")
    boolean maskFromMu;

    @Option(names = "--iterations", paramLabel = "N", description = "Iterations (default 4; bsrem 20).")
    Integer iterations;

    @Option(names = "--prior", paramLabel = "quadratic:BETA|rdp:BETA[:GAMMA]",
            description = {"Penalise roughness: maximise L(x) - BETA R(x), R summed over each pair of 26-neighbours"
                    + " with inverse-distance weights (docs/CONVENTIONS.md). osem and mlem apply it one step late"
                    + " (OSL, as STIR's OSMAPOSL); bsrem converges to the maximiser. RDP's GAMMA defaults to 2."})
    String prior;

    @Mixin
    PsfOptions psf;

    @Option(names = "--scatter", paramLabel = "tew|dew",
            description = "Scatter estimate from energy windows, added to the model (never subtracted from the data).")
    String scatter;

    @Option(names = "--lower", paramLabel = "LOW.hs|LOW.mhd", description = "Lower scatter window counts (same layout as --in).")
    Path lowerWindow;

    @Option(names = "--upper", paramLabel = "UPP.hs|UPP.mhd", description = "Upper scatter window counts (TEW; optional).")
    Path upperWindow;

    @Option(names = "--window-widths", paramLabel = "WL,WP,WU",
            description = "TEW: lower, photopeak and upper window widths in keV (WU ignored without --upper).")
    String windowWidths;

    @Option(names = "--dew-k", paramLabel = "K", defaultValue = "0.5",
            description = "DEW: scatter = K x lower window counts (default ${DEFAULT-VALUE}).")
    double dewFactor;

    @Option(names = "--post-filter", paramLabel = "gauss:FWHM_MM|butterworth:CYCLES_PER_MM:ORDER",
            description = "Smooth the result (3D).")
    String postFilter;

    @Option(names = "--calibration", paramLabel = "CPS_PER_MBQ",
            description = "Camera sensitivity: write activity concentration (Bq/ml) instead of counts.")
    Double calibration;

    @Option(names = "--frame-seconds", paramLabel = "S", description = "With --calibration: total acquisition time.")
    Double frameSeconds;

    @Option(names = "--nuclide", paramLabel = "NAME", defaultValue = "Tc-99m",
            description = "With --calibration: Tc-99m, I-123, In-111, Lu-177, I-131, Tl-201, Ga-67 (default ${DEFAULT-VALUE}).")
    String nuclide;

    @Option(names = "--to-reference", paramLabel = "S", defaultValue = "0",
            description = "With --calibration: seconds from the scan start to the reference time (negative: before).")
    double toReference;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0", description = "Worker threads, 0 = all cores.")
    int threads;

    @Mixin
    DeviceOptions device;

    @Option(names = {"-q", "--quiet"}, description = "No progress or summary on stderr.")
    boolean quiet;

    @Option(names = "--force", description = "Replace existing output files.")
    boolean force;

    abstract int subsets();

    int defaultIterations() {
        return 4;
    }

    /** The method on the given projector: OSEM or MLEM, one step late when there is a prior. */
    IterativeReconstruction method(Projector projector, float[] counts, float[] additive, Prior prior, double beta) {
        return new Osem(projector, counts, additive, null, subsets(), prior, beta);
    }

    /** Whether OpenClOsem, which keeps everything on the device, can run this reconstruction. */
    boolean runsWholeOnDevice() {
        return prior == null;
    }

    @Override
    public Integer call() throws Exception {
        if (iterations == null) {
            iterations = defaultIterations();
        }
        Prior.Parsed parsedPrior = prior == null ? null : Prior.parse(prior);
        if (iterations < 1 || iterations > 10_000) {
            throw new InvalidInputException("--iterations must be in 1..10000, found " + iterations);
        }
        if (threads < 0) {
            throw new InvalidInputException("--threads must be >= 0, found " + threads);
        }
        psf.check();
        if (calibration != null && frameSeconds == null) {
            throw new InvalidInputException("--calibration needs --frame-seconds (the total acquisition time)");
        }
        if (postFilter != null) {
            parsePostFilter();
        }
        SpectInput.checkOutput(output, force, spectInput.input, spectInput.attenuationMap, lowerWindow, upperWindow);
        spectInput.checkOptions(force);
        Interfile.Projections projections = spectInput.readProjections();
        if (scatter != null && lowerWindow == null && spectInput.acquisition == null) {
            throw new InvalidInputException("--scatter " + scatter + " needs --lower (the lower window's counts)");
        }
        SpectGeometry geometry = projections.geometry();
        CollimatorResponse response = psf.response(spectInput.photonKeV());
        SpectInput.Setup setup = spectInput.setup(geometry, maskFromMu, true);
        VolumeGeometry grid = setup.grid();
        float[] mu = setup.mu();
        ComputeDevice computeDevice = device.resolve();
        long start = System.nanoTime();
        float[] additive = scatterEstimate(projections.data().length);
        String name = spec.name().toUpperCase(Locale.ROOT) + (prior != null && !spec.name().equals("bsrem") ? "-OSL" : "");
        ProgressBar progress = new ProgressBar(spec.commandLine().getErr(), name.toLowerCase(Locale.ROOT), quiet);
        Prior penalty = parsedPrior == null ? null : new Prior(grid, parsedPrior.potential(), threads);
        double beta = parsedPrior == null ? 0 : parsedPrior.beta();
        int count = iterations;
        float[] image;
        if (computeDevice == null) {
            IterativeReconstruction method = method(new SpectProjector(geometry, grid, mu, setup.mask(), response, threads),
                    projections.data(), additive, penalty, beta);
            method.addListener(report -> progress.update(report.iteration(), count));
            image = method.run(iterations);
        } else if (!runsWholeOnDevice()) {
            try (OpenClSpectProjector projector = new OpenClSpectProjector(geometry, grid, mu, setup.mask(), response,
                    computeDevice)) {
                IterativeReconstruction method = method(projector, projections.data(), additive, penalty, beta);
                method.addListener(report -> progress.update(report.iteration(), count));
                image = method.run(iterations);
            }
        } else {
            // the whole OSEM on the device: counts, scatter and sensitivities stay there between sub-iterations
            try (OpenClSpectProjector projector = new OpenClSpectProjector(geometry, grid, mu, setup.mask(), response,
                    computeDevice)) {
                image = new OpenClOsem(projector, projections.data(), additive, subsets())
                        .run(iterations, iteration -> progress.update(iteration, count));
            }
        }
        image = postFilter(image, grid);
        if (calibration != null) {
            image = org.recon4j.spect.Quantification.toBecquerelPerMillilitre(image, grid, calibration, frameSeconds,
                    org.recon4j.spect.Radionuclide.parse(nuclide), toReference);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        spectInput.writeResult(output, dicomFolder, grid, image, String.format(Locale.ROOT, "Recon4J %s %dx%d", name,
                subsets(), iterations));
        if (!quiet) {
            PrintWriter err = spec.commandLine().getErr();
            if (spectInput.acquisition != null) {
                err.printf("%s: photopeak window %d %s%s%n", spectInput.input.getFileName(), spectInput.photopeakWindow + 1,
                        spectInput.acquisition.windows().get(spectInput.photopeakWindow), scatterNote);
            }
            if (!setup.notes().isEmpty()) {
                err.println(setup.notes());
            }
            err.printf("%s: %d x %d x %d from %d views, %d subsets x %d iterations%s%s%s in %.2f s on %s -> %s%n",
                    name.toLowerCase(Locale.ROOT), grid.nx(), grid.ny(), grid.nz(), geometry.viewCount(),
                    subsets(), iterations, mu == null ? "" : ", attenuation", response == null ? "" : ", collimator response",
                    parsedPrior == null ? "" : String.format(Locale.ROOT, ", %s prior beta %g",
                            parsedPrior.potential().describe(), beta),
                    seconds, DeviceOptions.describe(computeDevice, threads), output);
            err.flush();
        }
        return 0;
    }

    /** What the scatter estimate took from the file's windows, for the summary. */
    private String scatterNote = "";

    private float[] scatterEstimate(int length) throws IOException {
        if (scatter == null) {
            return null;
        }
        if (lowerWindow == null) {
            return scatterFromDicomWindows();
        }
        float[] lower = readWindow(lowerWindow, length);
        return switch (scatter.toLowerCase(Locale.ROOT)) {
            case "dew" -> ScatterEstimate.dualEnergyWindow(lower, dewFactor);
            case "tew" -> {
                if (windowWidths == null) {
                    throw new InvalidInputException("--scatter tew needs --window-widths WL,WP,WU (keV)");
                }
                String[] parts = windowWidths.split(",");
                if (parts.length != 3) {
                    throw new InvalidInputException("--window-widths must be WL,WP,WU in keV, found '" + windowWidths + "'");
                }
                double[] widths = new double[3];
                for (int i = 0; i < 3; i++) {
                    try {
                        widths[i] = Double.parseDouble(parts[i].trim());
                    } catch (NumberFormatException e) {
                        throw new InvalidInputException("--window-widths must be numbers WL,WP,WU, found '" + windowWidths + "'");
                    }
                }
                float[] upper = upperWindow == null ? null : readWindow(upperWindow, length);
                yield ScatterEstimate.tripleEnergyWindow(lower, upper, widths[0], widths[1],
                        upper == null ? 1 : widths[2]);
            }
            default -> throw new InvalidInputException("unknown scatter method '" + scatter + "': expected tew or dew");
        };
    }

    /**
     * TEW or DEW from the scatter windows of DICOM NM projections: the windows adjacent to the
     * photopeak in energy, just below and (TEW) just above, with widths from their keV ranges.
     */
    private float[] scatterFromDicomWindows() {
        List<NmProjections.Window> windows = spectInput.acquisition.windows();
        int peakIndex = spectInput.photopeakWindow;
        NmProjections.Window peak = windows.get(peakIndex);
        int belowIndex = EnergyWindows.below(windows, peakIndex);
        int aboveIndex = EnergyWindows.above(windows, peakIndex);
        if (belowIndex < 0) {
            throw new InvalidInputException(String.format("--scatter %s needs a window below the photopeak %s; %s has none (%s)",
                    scatter, peak, spectInput.input.getFileName(), EnergyWindows.list(windows)));
        }
        NmProjections.Window below = windows.get(belowIndex);
        NmProjections.Window above = aboveIndex < 0 ? null : windows.get(aboveIndex);
        if (scatter.equalsIgnoreCase("dew")) {
            scatterNote = ", DEW from window " + (belowIndex + 1) + " " + below;
            return ScatterEstimate.dualEnergyWindow(below.counts(), dewFactor);
        }
        if (!scatter.equalsIgnoreCase("tew")) {
            throw new InvalidInputException("unknown scatter method '" + scatter + "': expected tew or dew");
        }
        scatterNote = ", TEW from windows " + (belowIndex + 1) + " " + below
                + (above == null ? " (no upper window: taken as 0)" : " and " + (aboveIndex + 1) + " " + above);
        return ScatterEstimate.tripleEnergyWindow(below.counts(), above == null ? null : above.counts(), below.widthKeV(),
                peak.widthKeV(), above == null ? 1 : above.widthKeV());
    }

    private float[] readWindow(Path path, int length) throws IOException {
        float[] counts = SpectInput.isInterfile(path) ? Interfile.readProjections(path).data() : MetaImage.read(path).data();
        if (counts.length != length) {
            throw new InvalidInputException(path.getFileName() + " holds " + counts.length
                    + " values; the photopeak projections hold " + length);
        }
        return counts;
    }

    private String[] parsePostFilter() {
        String[] parts = postFilter.split(":");
        boolean gauss = parts[0].equalsIgnoreCase("gauss") && parts.length == 2;
        boolean butterworth = parts[0].equalsIgnoreCase("butterworth") && parts.length == 3;
        if (!gauss && !butterworth) {
            throw new InvalidInputException("--post-filter must be gauss:FWHM_MM or butterworth:CYCLES_PER_MM:ORDER, found '"
                    + postFilter + "'");
        }
        return parts;
    }

    private float[] postFilter(float[] image, VolumeGeometry grid) {
        if (postFilter == null) {
            return image;
        }
        String[] parts = parsePostFilter();
        try {
            if (parts.length == 2) {
                return org.recon4j.spect.PostFilter.gaussian(image, grid, Double.parseDouble(parts[1]));
            }
            return org.recon4j.spect.PostFilter.butterworth(image, grid, Double.parseDouble(parts[1]),
                    Integer.parseInt(parts[2]));
        } catch (NumberFormatException e) {
            throw new InvalidInputException("--post-filter has a value that is not a number: '" + postFilter + "'");
        }
    }

    @Command(name = "osem", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"SPECT OSEM with attenuation and collimator response (STIR's SPECTUB model).",
                "Subsets interleave the views and run in order 0, 1, ..., as STIR's OSMAPOSL."})
    static final class OsemCommand extends EmissionCommand {
        @Option(names = "--subsets", paramLabel = "S", defaultValue = "8", description = "Subsets (default ${DEFAULT-VALUE}).")
        int subsets;

        @Override
        int subsets() {
            return subsets;
        }
    }

    @Command(name = "mlem", mixinStandardHelpOptions = true, sortOptions = false,
            description = "SPECT MLEM (OSEM with one subset) with attenuation and collimator response.")
    static final class MlemCommand extends EmissionCommand {
        @Override
        int subsets() {
            return 1;
        }
    }

    @Command(name = "bsrem", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"SPECT MAP reconstruction by BSREM (De Pierro and Yamagishi 2001): relaxed ordered-subset"
                    + " gradient ascent that converges to the maximiser of L(x) - BETA R(x).",
                    "The relaxation of iteration n is A0 / (1 + n / 10); with A0 = 1 the first iteration is OSEM's."})
    static final class BsremCommand extends EmissionCommand {
        @Option(names = "--subsets", paramLabel = "S", defaultValue = "8", description = "Subsets (default ${DEFAULT-VALUE}).")
        int subsets;

        @Option(names = "--relaxation", paramLabel = "A0", defaultValue = "1",
                description = "The first iteration's relaxation, in (0, 1] (default ${DEFAULT-VALUE}).")
        double relaxation;

        @Override
        int subsets() {
            return subsets;
        }

        @Override
        int defaultIterations() {
            return 20;
        }

        @Override
        boolean runsWholeOnDevice() {
            return false;
        }

        @Override
        IterativeReconstruction method(Projector projector, float[] counts, float[] additive, Prior prior, double beta) {
            return new Bsrem(projector, counts, additive, null, subsets, prior, beta, relaxation);
        }
    }
}
