package org.recon4j.regularisation;

import java.util.Arrays;
import org.recon4j.InvalidInputException;
import org.recon4j.util.Checks;

/**
 * The proximal map of total variation, {@code argmin_u 0.5 ||u - v||^2 + lambda TV(u)} over
 * u >= 0 or over all u, by the fast gradient projection on the dual (FGP, Beck and Teboulle 2009,
 * "Fast gradient-based algorithms for constrained total variation image denoising and
 * deblurring"). The dual field is kept between calls, so a sequence of nearby problems (the
 * outer iterations of FISTA) starts each one warm and needs few inner iterations.
 * Not for use from several threads at once.
 */
public final class TotalVariationProximal {
    private final TotalVariation tv;
    private final boolean nonNegative;
    private final int innerIterations;
    private final float[][] dual;
    private final float[][] previousDual;
    private final float[][] extrapolated;
    private final float[][] gradient;
    private final float[] primal;

    public TotalVariationProximal(TotalVariation tv, boolean nonNegative, int innerIterations) {
        if (innerIterations < 1) {
            throw new InvalidInputException("TV proximal inner iterations must be >= 1, found " + innerIterations);
        }
        this.tv = tv;
        this.nonNegative = nonNegative;
        this.innerIterations = innerIterations;
        int axes = tv.dimensions();
        int voxels = tv.voxelCount();
        Checks.memoryAvailable("the TV proximal map's buffers", 4L * voxels * (4L * axes + 1));
        dual = fields(axes, voxels);
        previousDual = fields(axes, voxels);
        extrapolated = fields(axes, voxels);
        gradient = fields(axes, voxels);
        primal = new float[voxels];
    }

    private static float[][] fields(int axes, int voxels) {
        float[][] field = new float[3][];
        for (int a = 0; a < axes; a++) {
            field[a] = new float[voxels];
        }
        return field;
    }

    /** Writes the proximal point of {@code input} into {@code output} (the two may be the same array). */
    public void apply(float[] input, double lambda, float[] output) {
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new InvalidInputException("the TV weight must be finite and >= 0, found " + lambda);
        }
        if (lambda == 0) {
            copyProjected(input, output);
            return;
        }
        int axes = tv.dimensions();
        float step = (float) (1.0 / (lambda * tv.squaredNormBound()));
        float weight = (float) lambda;
        for (int a = 0; a < axes; a++) {
            System.arraycopy(dual[a], 0, extrapolated[a], 0, dual[a].length);
        }
        double t = 1;
        for (int k = 0; k < innerIterations; k++) {
            primalFrom(input, extrapolated, weight);
            tv.gradient(primal, gradient[0], gradient[1], gradient[2]);
            for (int a = 0; a < axes; a++) {
                System.arraycopy(dual[a], 0, previousDual[a], 0, dual[a].length);
            }
            TotalVariation.projectOntoBalls(dual, extrapolated, gradient, step, 1f);
            double tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
            float momentum = (float) ((t - 1) / tNext);
            for (int a = 0; a < axes; a++) {
                float[] current = dual[a];
                float[] previous = previousDual[a];
                float[] next = extrapolated[a];
                for (int j = 0; j < current.length; j++) {
                    next[j] = current[j] + momentum * (current[j] - previous[j]);
                }
            }
            t = tNext;
        }
        primalFrom(input, dual, weight);
        System.arraycopy(primal, 0, output, 0, primal.length);
    }

    /** Forgets the warm start. */
    public void reset() {
        for (float[] field : dual) {
            if (field != null) {
                Arrays.fill(field, 0f);
            }
        }
    }

    /** primal = P_C(input - lambda grad^T p). */
    private void primalFrom(float[] input, float[][] field, float lambda) {
        tv.adjointGradient(field[0], field[1], field[2], primal);
        for (int j = 0; j < primal.length; j++) {
            float value = input[j] - lambda * primal[j];
            primal[j] = nonNegative && value < 0 ? 0f : value;
        }
    }

    private void copyProjected(float[] input, float[] output) {
        for (int j = 0; j < input.length; j++) {
            float value = input[j];
            output[j] = nonNegative && value < 0 ? 0f : value;
        }
    }
}
