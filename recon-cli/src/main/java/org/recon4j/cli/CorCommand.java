package org.recon4j.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.recon4j.InvalidInputException;
import org.recon4j.algorithm.CentreOfRotation;
import org.recon4j.geometry.ParallelBeamGeometry;
import org.recon4j.io.FloatVolume;
import org.recon4j.hdf5.DataExchange;
import org.recon4j.io.MetaImage;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recon cor}: the detector offset (centre of rotation) of parallel-beam data. */
@Command(name = "cor", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Estimates the detector offset (shifted centre of rotation) of parallel-beam sinograms.",
            "Prints the value to pass as --det-offset (mm) to fbp and the iterative commands."})
final class CorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--in", required = true, paramLabel = "SINO.mhd|SCAN.h5", description = "Sinogram(s), DimSize 'bins views [slices]', or a Data Exchange HDF5 scan (its angles included).")
    java.nio.file.Path input;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    AngleOptions angles;

    @Option(names = "--det-spacing", paramLabel = "MM", description = "Bin spacing (default: the input's ElementSpacing).")
    Double detectorSpacing;

    @Override
    public Integer call() throws Exception {
        FloatVolume data;
        double[] radians;
        if (DataExchange.isHdf5(input)) {
            DataExchange.Scan scan = DataExchange.read(input);
            data = scan.sinograms();
            radians = angles != null ? angles.radians()
                    : org.recon4j.geometry.Angles.radians(scan.thetaDegrees());
        } else {
            if (angles == null) {
                throw new InvalidInputException("--angles START:STEP:COUNT or --angles-file FILE is required: "
                        + input.getFileName() + " does not carry its view angles");
            }
            radians = angles.radians();
            data = MetaImage.read(input);
        }
        if (data.dimensions() < 2 || data.size(1) != radians.length) {
            throw new InvalidInputException(String.format("%s has %d views (DimSize %d %d) but %d angles are given",
                    input.getFileName(), data.size(1), data.size(0), data.size(1), radians.length));
        }
        double spacing = detectorSpacing != null ? detectorSpacing : data.spacing(0);
        ParallelBeamGeometry geometry = ParallelBeamGeometry.of(radians, data.size(0), spacing, 0);
        CentreOfRotation.Estimate estimate = CentreOfRotation.estimate(data.data(), geometry);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("detector offset: %.4f mm (%.3f bins); centre-of-mass fit residual %.4f mm%n",
                estimate.detectorOffset(), estimate.detectorOffset() / spacing, estimate.residual());
        out.printf("use: --det-offset %.4f%n", estimate.detectorOffset());
        out.flush();
        return 0;
    }
}
