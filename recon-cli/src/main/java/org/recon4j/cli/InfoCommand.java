package org.recon4j.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.recon4j.InvalidInputException;
import org.recon4j.dicom.DicomInfo;
import org.recon4j.hdf5.DataExchange;
import org.recon4j.io.FloatVolume;
import org.recon4j.io.Interfile;
import org.recon4j.io.MetaImage;
import org.recon4j.io.Nifti;
import org.recon4j.io.TiffStack;
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
        } else if (Nifti.isNifti(input)) {
            out.println(describe("NIfTI-1", Nifti.read(input)));
        } else if (TiffStack.isTiff(input)) {
            out.println(describe("TIFF stack (pages last)", TiffStack.read(input)));
        } else if (DataExchange.isHdf5(input)) {
            DataExchange.Scan scan = DataExchange.read(input);
            FloatVolume sinograms = scan.sinograms();
            double[] theta = scan.thetaDegrees();
            out.printf(Locale.ROOT, "Data Exchange HDF5 scan (parallel beam): %d views of %d rows x %d columns, theta %.4g to"
                    + " %.4g degrees%n", sinograms.size(1), sinograms.size(2), sinograms.size(0), theta[0],
                    theta[theta.length - 1]);
            out.println(describe("line integrals after flat and dark fields (bins x views x rows)", sinograms));
            out.printf("reconstruct with: recon fbp --in %s --det-offset auto --out IMAGE.mhd%n", input);
        } else {
            throw new InvalidInputException(input + ": expected .mhd, .mha, .nii, .nii.gz, .tif, .h5, .hs, .hv, a DICOM file"
                    + " or a folder of DICOM files");
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
