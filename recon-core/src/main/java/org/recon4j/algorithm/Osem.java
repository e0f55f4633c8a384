package org.recon4j.algorithm;

import java.util.Arrays;
import org.recon4j.InvalidInputException;
import org.recon4j.projector.Projector;
import org.recon4j.projector.ViewSet;
import org.recon4j.regularisation.Prior;
import org.recon4j.util.Checks;

/**
 * OSEM (Hudson and Larkin 1994) for emission data y with an additive term s (scatter, never
 * subtracted from the data): for each subset S, {@code x <- x / (A_S^T 1) * A_S^T (y / (A_S x + s))}.
 * MLEM is OSEM with one subset. Subsets interleave the views (subset k holds views k, k + n, ...)
 * and run in the order 0, 1, ..., n-1 as in STIR's OSMAPOSL. Sensitivities {@code A_S^T 1} are
 * computed once per subset and kept. Voxels with zero sensitivity stay 0; where
 * {@code A_S x + s} is 0 the ratio counts as 0.
 *
 * <p>With a prior it is Green's one-step-late MAP-EM (OSL, as STIR's OSMAPOSL): the sensitivity
 * gains {@code (beta / S) dR/dx} at the current estimate, each subset carrying its share of the
 * penalty. Where that would bring the denominator below a thousandth of the sensitivity (a large
 * beta on a steep edge, where OSL has no fixed point) it is held there, so the image stays finite
 * and non-negative.
 */
public final class Osem extends IterativeReconstruction {
    private final ViewSet[] subsets;
    private final float[] additive;
    private final float[][] sensitivities;
    private final float[] expected;
    private final float[] ratio;
    private final float[] correction;
    private final Prior prior;
    private final double beta;
    private final float[] priorGradient;

    /**
     * @param counts   measured counts, non-negative
     * @param additive expected scatter (or other additive counts) per bin, or null
     * @param initial  starting image (null: 1 everywhere, as STIR starts)
     */
    public Osem(Projector projector, float[] counts, float[] additive, float[] initial, int subsetCount) {
        this(projector, counts, additive, initial, subsetCount, null, 0);
    }

    /**
     * OSEM-OSL: OSEM with the one-step-late penalty {@code beta R(x)}.
     *
     * @param prior the penalty, or null (then beta must be 0)
     */
    public Osem(Projector projector, float[] counts, float[] additive, float[] initial, int subsetCount, Prior prior,
                double beta) {
        super(projector, counts, initial == null ? ones(projector.volume().voxelCount()) : initial);
        checkCounts(counts, additive);
        if (!(beta >= 0) || Double.isInfinite(beta)) {
            throw new InvalidInputException("the prior's beta must be finite and >= 0, found " + beta);
        }
        if (beta > 0 && prior == null) {
            throw new InvalidInputException("a beta of " + beta + " needs a prior");
        }
        this.prior = beta > 0 ? prior : null;
        this.beta = beta;
        for (float value : estimate) {
            if (value < 0) {
                throw new InvalidInputException("the initial image of OSEM must be >= 0, found " + value);
            }
        }
        this.additive = additive;
        this.subsets = ViewSet.interleaved(projector.viewCount(), subsetCount, false);
        int voxels = projector.volume().voxelCount();
        Checks.memoryAvailable("OSEM sensitivity images", 4L * voxels * subsets.length);
        this.sensitivities = new float[subsets.length][];
        float[] rayOnes = new float[counts.length];
        Arrays.fill(rayOnes, 1f);
        for (int s = 0; s < subsets.length; s++) {
            sensitivities[s] = new float[voxels];
            projector.back(rayOnes, sensitivities[s], subsets[s]);
        }
        expected = new float[counts.length];
        ratio = new float[counts.length];
        correction = new float[voxels];
        priorGradient = this.prior == null ? null : new float[voxels];
    }

    /** The checks on OSEM's data that every implementation makes: counts and additive term >= 0. */
    public static void checkCounts(float[] counts, float[] additive) {
        for (int i = 0; i < counts.length; i++) {
            if (!(counts[i] >= 0) || counts[i] == Float.POSITIVE_INFINITY) {
                throw new InvalidInputException("emission counts must be finite and >= 0, found " + counts[i]
                        + " at index " + i);
            }
        }
        if (additive != null) {
            Checks.length("additive term", additive, counts.length);
            Checks.allFinite("additive term", additive);
            for (float value : additive) {
                if (value < 0) {
                    throw new InvalidInputException("the additive (scatter) term must be >= 0, found " + value);
                }
            }
        }
    }

    /** {@code ratio = y / (A x + s)} from the projections {@code A x}, 0 where the mean is 0. */
    static void countsOverMean(float[] counts, float[] projected, float[] additive, float[] ratio) {
        for (int i = 0; i < counts.length; i++) {
            float mean = additive == null ? projected[i] : projected[i] + additive[i];
            ratio[i] = mean > 0 ? counts[i] / mean : 0f;
        }
    }

    /** MLEM: OSEM with one subset. */
    public static Osem mlem(Projector projector, float[] counts, float[] additive, float[] initial) {
        return new Osem(projector, counts, additive, initial, 1);
    }

    private static float[] ones(int count) {
        float[] values = new float[count];
        Arrays.fill(values, 1f);
        return values;
    }

    @Override
    public String name() {
        return (subsets.length == 1 ? "MLEM" : "OSEM") + (prior == null ? "" : "-OSL");
    }

    public int subsetCount() {
        return subsets.length;
    }

    @Override
    protected double step() {
        for (int s = 0; s < subsets.length; s++) {
            ViewSet subset = subsets[s];
            projector.forward(estimate, expected, subset);
            countsOverMean(data, expected, additive, ratio);
            projector.back(ratio, correction, subset);
            float[] sensitivity = sensitivities[s];
            if (priorGradient == null) {
                for (int j = 0; j < estimate.length; j++) {
                    estimate[j] = sensitivity[j] > 0 ? estimate[j] * correction[j] / sensitivity[j] : 0f;
                }
                continue;
            }
            prior.gradient(estimate, priorGradient);
            float share = (float) (beta / subsets.length);
            for (int j = 0; j < estimate.length; j++) {
                float plain = sensitivity[j];
                float denominator = Math.max(plain + share * priorGradient[j], 1e-3f * plain);
                estimate[j] = plain > 0 ? estimate[j] * correction[j] / denominator : 0f;
            }
        }
        return hasListeners() ? residual(ratio) : Double.NaN;
    }
}
