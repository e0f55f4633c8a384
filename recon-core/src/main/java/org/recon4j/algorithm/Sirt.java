package org.recon4j.algorithm;

import org.recon4j.InvalidInputException;
import org.recon4j.projector.Projector;
import org.recon4j.projector.ViewSet;

/**
 * SIRT: {@code x <- x + lambda C A^T R (b - A x)}, with R and C the inverse row and column sums
 * of A ({@code 1 / A 1} and {@code 1 / A^T 1}). For {@code 0 < lambda < 2} it converges to the minimiser
 * of {@code ||b - A x||_R} (Gregor and Benson 2008), so that weighted residual never grows.
 * One forward and one back-projection per iteration.
 */
public final class Sirt extends IterativeReconstruction {
    private final double relaxation;
    private final boolean nonNegative;
    private final float[] rowWeights;
    private final float[] columnWeights;
    private final float[] residual;
    private final float[] update;
    private double residualNorm;

    private final boolean[] support;

    public Sirt(Projector projector, float[] data, float[] initial, double relaxation, boolean nonNegative) {
        this(projector, data, initial, relaxation, nonNegative, false);
    }

    /** @param fieldOfViewOnly reconstruct only the voxels every view sees, as {@link OsSart} explains */
    public Sirt(Projector projector, float[] data, float[] initial, double relaxation, boolean nonNegative,
                boolean fieldOfViewOnly) {
        super(projector, data, initial);
        if (!(relaxation > 0 && relaxation < 2)) {
            throw new InvalidInputException("SIRT relaxation must be in (0, 2), found " + relaxation);
        }
        this.relaxation = relaxation;
        this.nonNegative = nonNegative;
        support = fieldOfViewOnly ? restrictToFieldOfView() : null;
        rowWeights = inverseRowSums(support);
        columnWeights = inverseColumnSums(ViewSet.all(projector.viewCount()));
        residual = new float[data.length];
        update = new float[projector.volume().voxelCount()];
        residualNorm = residual(residual);
    }

    public Sirt(Projector projector, float[] data) {
        this(projector, data, null, 1.0, false);
    }

    @Override
    public String name() {
        return "SIRT";
    }

    @Override
    protected double step() {
        for (int i = 0; i < residual.length; i++) {
            residual[i] *= rowWeights[i];
        }
        projector.back(residual, update);
        float lambda = (float) relaxation;
        for (int j = 0; j < estimate.length; j++) {
            estimate[j] += lambda * columnWeights[j] * update[j];
        }
        if (nonNegative) {
            clampNegative(estimate);
        }
        if (support != null) {
            restrict(estimate, support);
        }
        residualNorm = residual(residual);
        return residualNorm;
    }

    /** {@code ||b - A x||_R = sqrt(sum R_i r_i^2)}, the norm SIRT decreases. */
    public double weightedResidualNorm() {
        double sum = 0;
        for (int i = 0; i < residual.length; i++) {
            sum += (double) rowWeights[i] * residual[i] * residual[i];
        }
        return Math.sqrt(sum);
    }

    public double residualNorm() {
        return residualNorm;
    }
}
