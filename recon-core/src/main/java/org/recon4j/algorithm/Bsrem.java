package org.recon4j.algorithm;

import java.util.Arrays;
import org.recon4j.InvalidInputException;
import org.recon4j.projector.Projector;
import org.recon4j.projector.ViewSet;
import org.recon4j.regularisation.Prior;
import org.recon4j.util.Checks;

/**
 * BSREM (De Pierro and Yamagishi 2001): maximises the penalised Poisson log-likelihood
 * {@code L(x) - beta R(x)} by relaxed, preconditioned gradient steps over ordered subsets,
 * {@code x <- max(0, x + lambda_n x / s (S (A_S^T (y / ybar) - A_S^T 1) - beta grad R(x)))} with
 * s the total sensitivity {@code A^T 1}, S the subset count and {@code lambda_n = a0 / (1 + n / 10)}
 * in iteration n (from 0). The relaxation sums to infinity while its squares do not, which is what
 * makes the subset iteration converge to the maximiser rather than a limit cycle. With a0 = 1 and
 * beta = 0 the first iteration is OSEM's. Subsets as {@link Osem} forms them.
 * The objective is computed (one more forward projection) only when a listener is attached.
 */
public final class Bsrem extends IterativeReconstruction {
    /** How fast the relaxation falls: lambda_n = a0 / (1 + n / RELAXATION_HALVING). */
    public static final double RELAXATION_HALVING = 10;

    private final ViewSet[] subsets;
    private final float[] additive;
    private final float[][] subsetSensitivities;
    private final float[] sensitivity;
    private final Prior prior;
    private final double beta;
    private final double initialRelaxation;
    private final float[] expected;
    private final float[] correction;
    private final float[] priorGradient;
    private final PoissonLikelihood likelihood;
    private double objective = Double.NaN;

    /**
     * @param additive   expected scatter per bin, or null
     * @param initial    starting image (null: 1 everywhere)
     * @param prior      the penalty (null with beta 0: maximum likelihood)
     * @param relaxation a0, in (0, 1]
     */
    public Bsrem(Projector projector, float[] counts, float[] additive, float[] initial, int subsetCount,
                 Prior prior, double beta, double relaxation) {
        super(projector, counts, initial == null ? filled(projector.volume().voxelCount()) : initial);
        Osem.checkCounts(counts, additive);
        if (!(beta >= 0) || Double.isInfinite(beta)) {
            throw new InvalidInputException("the prior's beta must be finite and >= 0, found " + beta);
        }
        if (beta > 0 && prior == null) {
            throw new InvalidInputException("a beta of " + beta + " needs a prior");
        }
        if (!(relaxation > 0 && relaxation <= 1)) {
            throw new InvalidInputException("BSREM's relaxation must be in (0, 1], found " + relaxation);
        }
        this.additive = additive;
        this.prior = prior;
        this.beta = beta;
        this.initialRelaxation = relaxation;
        this.subsets = ViewSet.interleaved(projector.viewCount(), subsetCount, false);
        int voxels = estimate.length;
        Checks.memoryAvailable("BSREM sensitivity images", 4L * voxels * (subsets.length + 3));
        float[] rayOnes = new float[counts.length];
        Arrays.fill(rayOnes, 1f);
        subsetSensitivities = new float[subsets.length][];
        sensitivity = new float[voxels];
        for (int s = 0; s < subsets.length; s++) {
            subsetSensitivities[s] = new float[voxels];
            projector.back(rayOnes, subsetSensitivities[s], subsets[s]);
            for (int j = 0; j < voxels; j++) {
                sensitivity[j] += subsetSensitivities[s][j];
            }
        }
        for (int j = 0; j < voxels; j++) {
            if (!(sensitivity[j] > 0)) {
                estimate[j] = 0;
            } else if (estimate[j] < 0) {
                throw new InvalidInputException("the initial image of BSREM must be >= 0, found " + estimate[j]);
            }
        }
        expected = new float[counts.length];
        correction = new float[voxels];
        priorGradient = beta > 0 ? new float[voxels] : null;
        likelihood = new PoissonLikelihood(projector, counts, additive);
    }

    private static float[] filled(int count) {
        float[] values = new float[count];
        Arrays.fill(values, 1f);
        return values;
    }

    @Override
    public String name() {
        return "BSREM";
    }

    /** The relaxation of iteration n (from 0). */
    public double relaxation(int iteration) {
        return initialRelaxation / (1 + iteration / RELAXATION_HALVING);
    }

    /** {@code L(x) - beta R(x)} after the last iteration when a listener is attached, else NaN. */
    @Override
    public double objective() {
        return objective;
    }

    /** {@code L(x) - beta R(x)} of any image. */
    public double penalisedLikelihood(float[] image) {
        return likelihood.value(image) - (beta > 0 ? beta * prior.value(image) : 0);
    }

    /**
     * The norm of {@code x * grad(L - beta R)}, voxel by voxel: zero exactly where x satisfies
     * the optimality conditions of the non-negative maximisation.
     */
    public double scaledGradientNorm(float[] image) {
        float[] gradient = new float[image.length];
        likelihood.gradient(image, gradient);
        float[] penalty = new float[image.length];
        if (beta > 0) {
            prior.gradient(image, penalty);
        }
        double sum = 0;
        for (int j = 0; j < image.length; j++) {
            if (sensitivity[j] > 0) {
                double value = image[j] * (gradient[j] - beta * penalty[j]);
                sum += value * value;
            }
        }
        return Math.sqrt(sum);
    }

    @Override
    protected double step() {
        float lambda = (float) relaxation(iterations());
        int subsetCount = subsets.length;
        for (int s = 0; s < subsetCount; s++) {
            ViewSet subset = subsets[s];
            projector.forward(estimate, expected, subset);
            Osem.countsOverMean(data, expected, additive, expected);
            projector.back(expected, correction, subset);
            if (priorGradient != null) {
                prior.gradient(estimate, priorGradient);
            }
            float[] subsetSensitivity = subsetSensitivities[s];
            float weight = (float) beta;
            for (int j = 0; j < estimate.length; j++) {
                if (sensitivity[j] > 0) {
                    float ascent = subsetCount * (correction[j] - subsetSensitivity[j])
                            - (priorGradient == null ? 0f : weight * priorGradient[j]);
                    float updated = estimate[j] + lambda * estimate[j] / sensitivity[j] * ascent;
                    estimate[j] = updated > 0 ? updated : 0f;
                }
            }
        }
        if (hasListeners()) {
            objective = penalisedLikelihood(estimate);
        }
        return Double.NaN;
    }
}
