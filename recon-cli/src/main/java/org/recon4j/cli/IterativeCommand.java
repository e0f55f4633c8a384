package org.recon4j.cli;

import java.util.concurrent.Callable;
import org.recon4j.evaluation.CtScan;
import org.recon4j.InvalidInputException;
import org.recon4j.algorithm.Cgls;
import org.recon4j.algorithm.IterativeReconstruction;
import org.recon4j.algorithm.OsSart;
import org.recon4j.algorithm.Sirt;
import org.recon4j.algorithm.TvAlgorithm;
import org.recon4j.gpu.ComputeDevice;
import org.recon4j.projector.Projector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recon sirt|ossart|cgls}: iterative reconstruction with the Joseph projector pair. */
abstract class IterativeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ScanOptions scan;

    @Option(names = "--geometry", paramLabel = "KIND", defaultValue = "parallel",
            description = "parallel, fan-arc, fan-flat or cone (default ${DEFAULT-VALUE}); fan and cone need --sod, --sdd.")
    String geometry;

    @Option(names = "--iterations", paramLabel = "K", description = "Iterations (default 20; tv 100).")
    Integer iterations;

    static final String FIELD_OF_VIEW = "Reconstruct only the voxels every view sees (the rest stay 0, ray sums count"
            + " only the part inside), as scikit-image's SART works inside its circle.";

    abstract IterativeReconstruction create(Projector projector, float[] data);

    int defaultIterations() {
        return 20;
    }

    @Override
    public Integer call() throws Exception {
        if (iterations == null) {
            iterations = defaultIterations();
        }
        if (iterations < 1 || iterations > 100_000) {
            throw new InvalidInputException("--iterations must be in 1..100000, found " + iterations);
        }
        String name = spec.name();
        CtScan data = scan.read(CtScan.Kind.parse(geometry));
        ComputeDevice device = scan.device.resolve();
        Projector projector = data.projector(scan.threads, device);
        IterativeReconstruction method = create(projector, data.data().data());
        ProgressBar progress = new ProgressBar(spec.commandLine().getErr(), name, scan.quiet);
        double[] lastResidual = {Double.NaN};
        int count = iterations;
        method.addListener(report -> {
            lastResidual[0] = report.residualNorm();
            progress.update(report.iteration(), count);
        });
        long start = System.nanoTime();
        float[] image = method.run(iterations);
        double seconds = (System.nanoTime() - start) / 1e9;
        scan.write(spec.commandLine().getErr(), name, data, image, String.format(
                "from %d views (%s), %d iterations in %.3f s on %s, residual %.4g", data.views(), geometry,
                method.iterations(), seconds, DeviceOptions.describe(device, scan.threads), lastResidual[0])
                + (Double.isNaN(method.objective()) ? "" : String.format(", objective %.6g", method.objective())));
        return 0;
    }

    @Command(name = "sirt", mixinStandardHelpOptions = true, sortOptions = false,
            description = "SIRT: simultaneous iterative reconstruction (one forward and one back-projection an iteration).")
    static final class SirtCommand extends IterativeCommand {
        @Option(names = "--relaxation", paramLabel = "L", defaultValue = "1", description = "In (0, 2) (default ${DEFAULT-VALUE}).")
        double relaxation;

        @Option(names = "--nonneg", description = "Clamp negative values to zero after each update.")
        boolean nonNegative;

        @Option(names = "--field-of-view", description = FIELD_OF_VIEW)
        boolean fieldOfViewOnly;

        @Override
        IterativeReconstruction create(Projector projector, float[] data) {
            return new Sirt(projector, data, null, relaxation, nonNegative, fieldOfViewOnly);
        }
    }

    @Command(name = "ossart", mixinStandardHelpOptions = true, sortOptions = false,
            description = "OS-SART: SIRT's update over ordered subsets of interleaved views.")
    static final class OsSartCommand extends IterativeCommand {
        @Option(names = "--subsets", paramLabel = "S", defaultValue = "10", description = "Subsets (default ${DEFAULT-VALUE}).")
        int subsets;

        @Option(names = "--relaxation", paramLabel = "L", defaultValue = "1", description = "In (0, 2) (default ${DEFAULT-VALUE}).")
        double relaxation;

        @Option(names = "--nonneg", description = "Clamp negative values to zero after each update.")
        boolean nonNegative;

        @Option(names = "--field-of-view", description = FIELD_OF_VIEW)
        boolean fieldOfViewOnly;

        @Override
        IterativeReconstruction create(Projector projector, float[] data) {
            return new OsSart(projector, data, null, subsets, relaxation, nonNegative, fieldOfViewOnly);
        }
    }

    @Command(name = "cgls", mixinStandardHelpOptions = true, sortOptions = false,
            description = "CGLS: conjugate gradients on the normal equations (least squares, no constraint).")
    static final class CglsCommand extends IterativeCommand {
        @Override
        IterativeReconstruction create(Projector projector, float[] data) {
            return new Cgls(projector, data);
        }
    }

    @Command(name = "tv", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"TV-regularised least squares: min 0.5 ||A x - b||^2 + alpha TV(x), by FISTA (monotone,"
                    + " the objective never rises) or PDHG (Chambolle-Pock).",
                    "A is in the projector's units (line integrals in mm); TV sums the gradient magnitude with unit"
                    + " voxel differences, in 2D for one slice and 3D for volumes."})
    static final class TvCommand extends IterativeCommand {
        @Option(names = "--alpha", paramLabel = "A", required = true, description = "The TV weight, finite and >= 0.")
        double alpha;

        @Option(names = "--algorithm", paramLabel = "NAME", defaultValue = "fista",
                description = "fista or pdhg (default ${DEFAULT-VALUE}).")
        String algorithm;

        @Option(names = "--nonneg", description = "Constrain the image to non-negative values.")
        boolean nonNegative;

        @Override
        int defaultIterations() {
            return 100;
        }

        @Override
        IterativeReconstruction create(Projector projector, float[] data) {
            return TvAlgorithm.parse(algorithm).create(projector, data, alpha, nonNegative);
        }
    }
}
