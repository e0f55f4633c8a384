package org.recon4j.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.recon4j.InvalidInputException;
import org.recon4j.io.FloatVolume;
import org.recon4j.qa.PointSourceResolution;
import org.recon4j.qa.QaReports;
import org.recon4j.qa.Tolerances;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recon qa spect-resolution}: FWHM and FWTM of point or line sources in a reconstruction. */
@Command(name = "spect-resolution", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Reconstructed spatial resolution: FWHM and FWTM (mm) along x, y and z of each point source (or x and y",
            "of line sources along z), from one-voxel profiles through the peak (NEMA NU 2's parabolic peak and interpolation)."})
final class QaSpectResolutionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--in", required = true, paramLabel = "IMAGE.dcm|IMAGE.hv|IMAGE.mhd|IMAGE.nii",
            description = "The reconstruction: DICOM NM, Interfile, MetaImage or NIfTI.")
    Path input;

    @Option(names = "--source", paramLabel = "point|line", defaultValue = "point",
            description = "Point sources, or line sources along z (the slices are summed) (default ${DEFAULT-VALUE}).")
    String source;

    @Option(names = "--threshold", paramLabel = "F", defaultValue = "0.1",
            description = "A source's peak is at least F times the brightest (default ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--separation", paramLabel = "MM", defaultValue = "30",
            description = "Sources' peaks lie at least this far apart (default ${DEFAULT-VALUE}).")
    double separation;

    @Mixin
    QaOutputs outputs;

    @Override
    public Integer call() throws Exception {
        PointSourceResolution.Source kind = switch (source.toLowerCase(Locale.ROOT)) {
            case "point" -> PointSourceResolution.Source.POINT;
            case "line" -> PointSourceResolution.Source.LINE;
            default -> throw new InvalidInputException("--source: expected point or line, found '" + source + "'");
        };
        if (!(threshold > 0 && threshold < 1) || !(separation > 0)) {
            throw new InvalidInputException("expected --threshold in (0, 1) and --separation > 0, found " + threshold + " and "
                    + separation);
        }
        outputs.checkOutputs(input);
        Tolerances tolerances = outputs.tolerances(Tolerances.none(), QaReports.SPECT_RESOLUTION_FIGURES);
        FloatVolume image = QaImages.emission(input);
        List<PointSourceResolution.Measurement> sources = PointSourceResolution.measure(image, kind, threshold, separation);
        return outputs.finish(QaReports.spectResolution(input.toString(), image, kind, sources, tolerances),
                spec.commandLine().getOut());
    }
}
