package org.recon4j.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.recon4j.InvalidInputException;
import org.recon4j.evaluation.ComparisonRecord;
import org.recon4j.evaluation.SpectComparison;
import org.recon4j.evaluation.SphereRois;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.io.AtomicFiles;
import org.recon4j.io.Interfile;
import org.recon4j.projector.CollimatorResponse;
import org.recon4j.projector.SpectProjector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code recon compare-spect}: OSEM, MLEM and FBP of the same SPECT data in one HTML report, with
 * contrast recovery of each sphere, background variability, images side by side and, for the EM
 * methods, the largest sphere's contrast recovery after each iteration; the figures also as JSON
 * beside the report.
 */
@Command(name = "compare-spect", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compares SPECT reconstructions of the same projections in an HTML report (--out REPORT.html).",
            "Methods: osem:SUBSETSxITERATIONS[:gauss:FWHM_MM], mlem:ITERATIONS[:gauss:FWHM_MM], osl:rdp:BETA[:GAMMA][:SxK] (8x4),"
                + " bsrem:rdp:BETA[:GAMMA][:SxK] (8x20), quadratic in place of rdp, fbp:WINDOW, fbp-chang:WINDOW."})
final class CompareSpectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    SpectInput spectInput;

    @Option(names = "--out", required = true, paramLabel = "REPORT.html", description = "The report.")
    Path output;

    @Option(names = "--methods", paramLabel = "LIST", defaultValue = "osem:8x4,mlem:16,fbp-chang:hann",
            description = "Comma-separated methods (default ${DEFAULT-VALUE}).")
    String methods;

    @Mixin
    PsfOptions psf;

    @Option(names = "--iec", description = "The six IEC body spheres as simulate-spect places them.")
    boolean iec;

    @Option(names = "--sphere", paramLabel = "X,Y,Z,R", description = "A sphere ROI (repeatable).")
    List<String> spheres = new ArrayList<>();

    @Option(names = "--background", required = true, paramLabel = "X,Y,Z,R", description = "Background ROI (a sphere).")
    String background;

    @Option(names = "--ratio", paramLabel = "R", defaultValue = "4", description = "True sphere-to-background ratio (0: cold).")
    double ratio;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0", description = "Worker threads, 0 = all cores.")
    int threads;

    @Option(names = "--truth", paramLabel = "IMAGE.hv|IMAGE.mhd",
            description = "The true activity on the image grid (simulate-spect --out-image), shown beside the reconstructions.")
    Path truth;

    @Option(names = "--force", description = "Replace an existing report.")
    boolean force;

    @Option(names = {"-q", "--quiet"}, description = "No progress on stderr.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        Path recordPath = Outputs.reportRecord(output, "compare-spect");
        Outputs.refuseExisting(force, output, recordPath);
        psf.check();
        SphereRois rois = SphereRois.of(iec, spheres);
        spectInput.checkOptions(force);
        Interfile.Projections projections = spectInput.readProjections();
        CollimatorResponse response = psf.response(spectInput.photonKeV());
        // the body (mu > 0) is the reconstructed region when there is a map, as in STIR's demo settings
        boolean withMap = spectInput.attenuationMap != null || spectInput.attenuationCt != null;
        SpectInput.Setup setup = spectInput.setup(projections.geometry(), withMap, false);
        VolumeGeometry grid = setup.grid();
        boolean[] backgroundMask = SphereRois.mask(grid, SphereRois.parse("--background", background));
        if (!SphereRois.any(backgroundMask)) {
            throw new InvalidInputException("--background " + background + " holds no voxel centre of the image");
        }
        SpectProjector projector = new SpectProjector(projections.geometry(), grid, setup.mu(), setup.mask(),
                response, threads);
        SpectComparison comparison = new SpectComparison(projections, grid, projector, rois, backgroundMask, ratio,
                threads).withTruth(truth == null ? null : readTruth(truth));
        List<SpectComparison.Outcome> outcomes = new ArrayList<>();
        for (String method : SpectComparison.parseMethods(methods)) {
            if (!quiet) {
                spec.commandLine().getErr().println("compare-spect: " + method + " ...");
                spec.commandLine().getErr().flush();
            }
            outcomes.add(comparison.run(method));
        }
        String html = comparison.report(outcomes, spectInput.input.toString(),
                (psf.psfSlope == null ? "" : ", collimator response modelled")
                        + (withMap ? ", attenuation modelled" : ""));
        String[] arguments = Recon.ARGUMENTS.get();
        ComparisonRecord record = new ComparisonRecord(ComparisonRecord.SPECT_FORMAT,
                arguments == null ? List.of() : List.of(arguments), comparison.results(outcomes));
        Outputs.createFolder(output);
        AtomicFiles.write(output, out -> out.write(html.getBytes(StandardCharsets.UTF_8)));
        record.write(recordPath);
        return 0;
    }

    private static float[] readTruth(Path path) throws java.io.IOException {
        if (!java.nio.file.Files.isRegularFile(path)) {
            throw new InvalidInputException("--truth " + path + " is not a file");
        }
        return SpectInput.isInterfile(path) ? Interfile.readImage(path).data() : org.recon4j.io.MetaImage.read(path).data();
    }
}
