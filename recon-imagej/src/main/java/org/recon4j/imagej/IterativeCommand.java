package org.recon4j.imagej;

import ij.gui.GenericDialog;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.recon4j.InvalidInputException;
import org.recon4j.algorithm.Cgls;
import org.recon4j.algorithm.IterativeReconstruction;
import org.recon4j.algorithm.OsSart;
import org.recon4j.algorithm.Sirt;
import org.recon4j.algorithm.TvAlgorithm;
import org.recon4j.geometry.ParallelBeamGeometry;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.projector.JosephProjector;

/**
 * Plugins &gt; Recon4J &gt; Iterative (parallel): SIRT, OS-SART, CGLS or TV (FISTA or PDHG) on the
 * active stack of parallel-beam sinograms, with the command line's defaults (20 iterations, 100
 * for TV; 10 subsets; relaxation 1). {@code run("Iterative (parallel)...", "angles=0:3:60
 * method=sirt iterations=50")}; TV needs {@code alpha=A}.
 */
public final class IterativeCommand extends SinogramCommand {
    private static final String[] METHODS = {"sirt", "os-sart", "cgls", "tv-fista", "tv-pdhg"};

    private String method;
    private int iterations;
    private int subsets;
    private double relaxation;
    private double alpha;
    private boolean nonNegative;

    public IterativeCommand() {
        super("Iterative (parallel)", 180);
    }

    @Override
    void addMethodFields(GenericDialog dialog) {
        dialog.addChoice("Method", METHODS, METHODS[0]);
        dialog.addNumericField("Iterations", 0, 0, 6, "(0: 20, or 100 for TV)");
        dialog.addNumericField("Subsets", 10, 0, 6, "(OS-SART)");
        dialog.addNumericField("Relaxation", 1, 2, 6, "(SIRT, OS-SART)");
        dialog.addNumericField("Alpha", 0, 4, 8, "(TV weight)");
        dialog.addCheckbox("Non-negative", false);
    }

    @Override
    void readMethodFields(GenericDialog dialog) {
        method = dialog.getNextChoice().toLowerCase(Locale.ROOT);
        double requested = dialog.getNextNumber();
        subsets = (int) Math.round(dialog.getNextNumber());
        relaxation = dialog.getNextNumber();
        alpha = dialog.getNextNumber();
        nonNegative = dialog.getNextBoolean();
        boolean tv = method.startsWith("tv");
        iterations = requested == 0 ? (tv ? 100 : 20) : (int) Math.round(requested);
        if (iterations < 1 || iterations > 100000 || Double.isNaN(requested)) {
            throw new InvalidInputException("Iterations must be 1 to 100000, found " + requested);
        }
        if (tv && !(alpha > 0 && Double.isFinite(alpha))) {
            throw new InvalidInputException("TV needs a weight: alpha must be positive, found " + alpha);
        }
        if (method.equals("os-sart") && subsets < 1) {
            throw new InvalidInputException("Subsets must be at least 1, found " + subsets);
        }
    }

    @Override
    UnaryOperator<float[]> reconstructor(double[] radians, int bins, double offset, double binSpacing, VolumeGeometry grid) {
        JosephProjector projector = JosephProjector.parallel(ParallelBeamGeometry.of(radians, bins, binSpacing, offset), grid, 0);
        if (method.equals("os-sart") && subsets > radians.length) {
            throw new InvalidInputException("Subsets must be at most the " + radians.length + " views, found " + subsets);
        }
        return sinogram -> {
            IterativeReconstruction solver = switch (method) {
                case "sirt" -> new Sirt(projector, sinogram, null, relaxation, nonNegative);
                case "os-sart" -> new OsSart(projector, sinogram, null, subsets, relaxation, nonNegative);
                case "cgls" -> new Cgls(projector, sinogram);
                default -> TvAlgorithm.parse(method.substring(3)).create(projector, sinogram, alpha, nonNegative);
            };
            return solver.run(iterations);
        };
    }
}
