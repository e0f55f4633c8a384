package org.recon4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.recon4j.io.FloatVolume;
import org.recon4j.qa.QaReports;
import org.recon4j.qa.Tolerances;
import org.recon4j.qa.TomographicUniformity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recon qa spect-uniformity}: tomographic uniformity of a reconstructed uniform cylinder. */
@Command(name = "spect-uniformity", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Tomographic uniformity of a uniform cylinder: integral and differential uniformity per slice (after",
            "NEMA NU 1's nine-point smoothing), the coefficient of variation, and ring artefacts. The cylinder is found by itself."})
final class QaSpectUniformityCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--in", required = true, paramLabel = "IMAGE.dcm|IMAGE.hv|IMAGE.mhd|IMAGE.nii",
            description = "The reconstruction: DICOM NM, Interfile, MetaImage or NIfTI.")
    Path input;

    @Option(names = "--roi-fraction", paramLabel = "F", defaultValue = "0.75",
            description = "The analysed disc's radius over the cylinder's (default ${DEFAULT-VALUE}).")
    double roiFraction;

    @Option(names = "--ring-threshold", paramLabel = "PERCENT", defaultValue = "3",
            description = "An annulus this far (percent of the mean) from its neighbours' level, and significant, is a ring "
                    + "(default ${DEFAULT-VALUE}).")
    double ringThreshold;

    @Mixin
    QaOutputs outputs;

    @Override
    public Integer call() throws Exception {
        outputs.checkOutputs(input);
        Tolerances tolerances = outputs.tolerances(Tolerances.none(), QaReports.SPECT_UNIFORMITY_FIGURES);
        FloatVolume image = QaImages.emission(input);
        TomographicUniformity.Result result = TomographicUniformity.measure(image, roiFraction, ringThreshold);
        return outputs.finish(QaReports.spectUniformity(input.toString(), image, result, tolerances), spec.commandLine().getOut());
    }
}
