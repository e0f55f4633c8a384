package org.recon4j.algorithm;

import org.recon4j.projector.Projector;

/**
 * Conjugate gradients on the normal equations {@code A^T A x = A^T b} (CGLS, Hestenes and
 * Stiefel; Bjorck 1996). The residual {@code ||b - A x||} decreases at every iteration. It has
 * no non-negativity constraint (clamping would break the conjugacy it relies on).
 * One forward and one back-projection per iteration.
 */
public final class Cgls extends IterativeReconstruction {
    private final float[] residual;
    private final float[] gradient;
    private final float[] direction;
    private final float[] projectedDirection;
    private double gradientNormSquared;
    private double residualNorm;

    public Cgls(Projector projector, float[] data, float[] initial) {
        super(projector, data, initial);
        int voxels = projector.volume().voxelCount();
        residual = new float[data.length];
        gradient = new float[voxels];
        direction = new float[voxels];
        projectedDirection = new float[data.length];
        residualNorm = residual(residual);
        projector.back(residual, gradient);
        System.arraycopy(gradient, 0, direction, 0, voxels);
        gradientNormSquared = squaredNorm(gradient);
    }

    public Cgls(Projector projector, float[] data) {
        this(projector, data, null);
    }

    @Override
    public String name() {
        return "CGLS";
    }

    @Override
    protected double step() {
        if (gradientNormSquared == 0) {
            return residualNorm; // converged: the estimate solves the normal equations
        }
        projector.forward(direction, projectedDirection);
        double denominator = squaredNorm(projectedDirection);
        if (denominator == 0) {
            return residualNorm;
        }
        float alpha = (float) (gradientNormSquared / denominator);
        for (int j = 0; j < estimate.length; j++) {
            estimate[j] += alpha * direction[j];
        }
        double sum = 0;
        for (int i = 0; i < residual.length; i++) {
            residual[i] -= alpha * projectedDirection[i];
            sum += (double) residual[i] * residual[i];
        }
        residualNorm = Math.sqrt(sum);
        projector.back(residual, gradient);
        double next = squaredNorm(gradient);
        float beta = (float) (next / gradientNormSquared);
        gradientNormSquared = next;
        for (int j = 0; j < direction.length; j++) {
            direction[j] = gradient[j] + beta * direction[j];
        }
        return residualNorm;
    }

    public double residualNorm() {
        return residualNorm;
    }

    private static double squaredNorm(float[] values) {
        double sum = 0;
        for (float value : values) {
            sum += (double) value * value;
        }
        return sum;
    }
}
