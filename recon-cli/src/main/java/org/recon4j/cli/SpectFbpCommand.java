package org.recon4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.recon4j.InvalidInputException;
import org.recon4j.algorithm.SpectFbp;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.io.FloatVolume;
import org.recon4j.io.Interfile;
import org.recon4j.projector.SpectProjector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recon spect-fbp}: FBP of SPECT projections, optionally with Chang's attenuation correction. */
@Command(name = "spect-fbp", mixinStandardHelpOptions = true, sortOptions = false,
        description = "SPECT filtered back-projection, for comparison with OSEM (no collimator-response correction).")
final class SpectFbpCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    SpectInput spectInput;

    @Option(names = "--out", required = true, paramLabel = "IMAGE.hv|IMAGE.mhd", description = "Output image.")
    Path output;

    @Option(names = "--out-dicom", paramLabel = "FOLDER",
            description = "Also write the image as a DICOM NM RECON TOMO file in FOLDER.")
    Path dicomFolder;

    @Option(names = "--chang", description = "Chang's first-order attenuation correction (needs --mu).")
    boolean chang;

    @Mixin
    FilterOptions filterOptions;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0", description = "Worker threads, 0 = all cores.")
    int threads;

    @Option(names = {"-q", "--quiet"}, description = "No summary on stderr.")
    boolean quiet;

    @Option(names = "--force", description = "Replace existing output files.")
    boolean force;

    @Override
    public Integer call() throws Exception {
        if (chang && spectInput.attenuationMap == null && spectInput.attenuationCt == null) {
            throw new InvalidInputException("--chang needs --mu or --mu-ct (the attenuation map)");
        }
        var window = filterOptions.window();
        SpectInput.checkOutput(output, force, spectInput.input, spectInput.attenuationMap);
        spectInput.checkOptions(force);
        Interfile.Projections projections = spectInput.readProjections();
        SpectInput.Setup setup = spectInput.setup(projections.geometry(), false, false);
        VolumeGeometry grid = setup.grid();
        long start = System.nanoTime();
        SpectProjector attenuation = null;
        if (chang) {
            boolean[] body = new boolean[setup.mu().length];
            for (int i = 0; i < body.length; i++) {
                body[i] = setup.mu()[i] > 0;
            }
            attenuation = new SpectProjector(projections.geometry(), grid, setup.mu(), body, null, threads);
        }
        float[] image = SpectFbp.reconstruct(projections.data(), projections.geometry(), grid, window,
                filterOptions.cutoff, attenuation, threads);
        double seconds = (System.nanoTime() - start) / 1e9;
        spectInput.writeResult(output, dicomFolder, grid, image, "Recon4J SPECT FBP");
        if (!quiet) {
            PrintWriter err = spec.commandLine().getErr();
            err.printf("spect-fbp: %d x %d x %d from %d views (%s%s) in %.2f s -> %s%n", grid.nx(), grid.ny(), grid.nz(),
                    projections.geometry().viewCount(), window, chang ? ", Chang" : "", seconds, output);
            err.flush();
        }
        return 0;
    }
}
