package org.recon4j.algorithm;

import java.util.Arrays;
import org.recon4j.InvalidInputException;
import org.recon4j.projector.Projector;
import org.recon4j.projector.ViewSet;
import org.recon4j.util.Checks;

/**
 * OS-SART (Wang and Jiang 2004): SIRT's update applied to one ordered subset of views at a time,
 * {@code x <- x + lambda C_s A_s^T R_s (b_s - A_s x)}, with the row and column sums of each
 * subset. Subsets interleave the views and are visited in the bit-reversed order of
 * {@link ViewSet#interleaved}. With one subset it is SIRT. The column weights of all subsets are
 * kept when they fit in a quarter of the heap, else recomputed each time (one more back-projection).
 * The full residual is computed (one more forward projection) only when a listener is attached.
 *
 * <p>Restricted to the field of view, only the voxels every view sees are reconstructed (the rest
 * stay 0) and each ray's sum counts only its length inside them, as scikit-image's SART works
 * inside its circle: the corners, which few views constrain, then cannot soak up the data's noise.
 */
public final class OsSart extends IterativeReconstruction {
    private final double relaxation;
    private final boolean nonNegative;
    private final ViewSet[] subsets;
    private final float[] rowWeights;
    private final float[][] columnWeights;
    private final float[] residual;
    private final float[] update;
    private final float[] scratch;

    private final boolean[] support;

    public OsSart(Projector projector, float[] data, float[] initial, int subsetCount, double relaxation,
                  boolean nonNegative) {
        this(projector, data, initial, subsetCount, relaxation, nonNegative, false);
    }

    /** @param fieldOfViewOnly reconstruct only the voxels every view sees */
    public OsSart(Projector projector, float[] data, float[] initial, int subsetCount, double relaxation,
                  boolean nonNegative, boolean fieldOfViewOnly) {
        super(projector, data, initial);
        if (!(relaxation > 0 && relaxation < 2)) {
            throw new InvalidInputException("OS-SART relaxation must be in (0, 2), found " + relaxation);
        }
        this.relaxation = relaxation;
        this.nonNegative = nonNegative;
        this.subsets = ViewSet.interleaved(projector.viewCount(), subsetCount);
        int voxels = projector.volume().voxelCount();
        support = fieldOfViewOnly ? restrictToFieldOfView() : null;
        rowWeights = inverseRowSums(support);
        Runtime runtime = Runtime.getRuntime();
        boolean keep = 4L * voxels * subsets.length < runtime.maxMemory() / 4;
        columnWeights = keep ? new float[subsets.length][] : null;
        if (keep) {
            Checks.memoryAvailable("OS-SART column weights", 4L * voxels * subsets.length);
            for (int s = 0; s < subsets.length; s++) {
                columnWeights[s] = inverseColumnSums(subsets[s]);
            }
        }
        residual = new float[data.length];
        update = new float[voxels];
        scratch = keep ? null : new float[voxels];
    }

    @Override
    public String name() {
        return "OS-SART";
    }

    public int subsetCount() {
        return subsets.length;
    }

    @Override
    protected double step() {
        float lambda = (float) relaxation;
        for (int s = 0; s < subsets.length; s++) {
            ViewSet subset = subsets[s];
            projector.forward(estimate, residual, subset);
            for (int i = 0; i < residual.length; i++) {
                residual[i] = (data[i] - residual[i]) * rowWeights[i];
            }
            projector.back(residual, update, subset);
            float[] weights;
            if (columnWeights != null) {
                weights = columnWeights[s];
            } else {
                float[] rayOnes = residual;
                Arrays.fill(rayOnes, 1f);
                projector.back(rayOnes, scratch, subset);
                invertPositive(scratch);
                weights = scratch;
            }
            for (int j = 0; j < estimate.length; j++) {
                estimate[j] += lambda * weights[j] * update[j];
            }
            if (nonNegative) {
                clampNegative(estimate);
            }
            if (support != null) {
                restrict(estimate, support);
            }
        }
        return hasListeners() ? residual(residual) : Double.NaN;
    }
}
