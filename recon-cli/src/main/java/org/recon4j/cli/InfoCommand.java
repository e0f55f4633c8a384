package org.recon4j.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.recon4j.InvalidInputException;
import org.recon4j.dicom.DicomInfo;
import org.recon4j.io.FloatVolume;
import org.recon4j.io.Interfile;
import org.recon4j.io.MetaImage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code recon info}: what an input holds, before reconstructing it. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = {"Summarise an input: MetaImage (.mhd, .mha), STIR Interfile (.hs, .hv), DICOM NM projections"
                + " or CT (a file or a folder) and DICOM-CT-PD raw data (a folder)."})
final class InfoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE|FOLDER", description = "The input to describe.")
    Path input;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (!Files.exists(input)) {
            throw new InvalidInputException("no such file or folder: " + input);
        }
        String name = input.getFileName().toString().toLowerCase(Locale.ROOT);
        if (DicomInfo.isDicom(input) || name.endsWith(".dcm")) {
            out.println(DicomInfo.describe(input));
        } else if (name.endsWith(".hs")) {
            Interfile.Projections projections = Interfile.readProjections(input);
            out.printf("STIR Interfile projections: %s%n", projections.geometry());
        } else if (name.endsWith(".hv")) {
            out.println(describe("STIR Interfile image", Interfile.readImage(input)));
        } else if (name.endsWith(".mhd") || name.endsWith(".mha")) {
            out.println(describe("MetaImage", MetaImage.read(input)));
        } else {
            throw new InvalidInputException(input + ": expected .mhd, .mha, .hs, .hv, a DICOM file or a folder of DICOM files");
        }
        out.flush();
        return 0;
    }

    private static String describe(String kind, FloatVolume volume) {
        StringBuilder size = new StringBuilder();
        StringBuilder spacing = new StringBuilder();
        for (int axis = 0; axis < volume.dimensions(); axis++) {
            size.append(axis == 0 ? "" : " x ").append(volume.size(axis));
            spacing.append(axis == 0 ? "" : " x ").append(String.format(Locale.ROOT, "%.4g", volume.spacing(axis)));
        }
        float low = Float.POSITIVE_INFINITY;
        float high = Float.NEGATIVE_INFINITY;
        double sum = 0;
        for (float value : volume.data()) {
            low = Math.min(low, value);
            high = Math.max(high, value);
            sum += value;
        }
        return String.format(Locale.ROOT, "%s: %s values, spacing %s, values %.4g to %.4g (mean %.4g)", kind, size, spacing,
                low, high, sum / volume.data().length);
    }
}
