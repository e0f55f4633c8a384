package org.recon4j.algorithm;

import org.recon4j.projector.Projector;
import org.recon4j.regularisation.TotalVariation;
import org.recon4j.regularisation.TotalVariationProximal;

/**
 * TV-regularised least squares, {@code min_x 0.5 ||A x - b||^2 + alpha TV(x)} (optionally x >= 0),
 * by monotone FISTA (MFISTA, Beck and Teboulle 2009, IEEE TIP 18:2419): an accelerated proximal
 * gradient step of length 1/L with L an upper bound of {@code ||A||^2}, the proximal map of TV
 * by warm-started dual iterations ({@link TotalVariationProximal}), and a new iterate kept only
 * when it lowers the objective. The monotone variant is used because the inner proximal map is
 * inexact: plain FISTA's objective can then rise, MFISTA's never does. The projections of the
 * iterates are combined linearly rather than recomputed, so an iteration costs one forward and
 * one back-projection. Not for use from several threads at once.
 */
public final class Fista extends IterativeReconstruction {
    /** Dual iterations of the TV proximal map per outer iteration (warm-started). */
    public static final int DEFAULT_INNER_ITERATIONS = 20;
    /** The power method approaches ||A||^2 from below; the step uses this much more. */
    private static final double LIPSCHITZ_MARGIN = 1.05;

    private final TvObjective objective;
    private final double lipschitz;
    private final TotalVariationProximal proximal;
    private final float[] previous;
    private final float[] candidate;
    private final float[] extrapolated;
    private final float[] gradient;
    private final float[] projectedCurrent;
    private final float[] projectedPrevious;
    private final float[] projectedCandidate;
    private final float[] projectedExtrapolated;
    private double momentum = 1;
    private double currentObjective;

    public Fista(Projector projector, float[] data, float[] initial, double alpha, boolean nonNegative,
                 int innerIterations) {
        super(projector, data, initial);
        TotalVariation tv = new TotalVariation(projector.volume());
        this.objective = new TvObjective(data, alpha, tv);
        this.proximal = new TotalVariationProximal(tv, nonNegative, innerIterations);
        double norm = OperatorNorm.of(projector);
        this.lipschitz = LIPSCHITZ_MARGIN * norm * norm;
        int voxels = estimate.length;
        previous = new float[voxels];
        candidate = new float[voxels];
        extrapolated = estimate.clone();
        gradient = new float[voxels];
        projectedCurrent = new float[data.length];
        projector.forward(estimate, projectedCurrent);
        projectedPrevious = new float[data.length];
        projectedCandidate = new float[data.length];
        projectedExtrapolated = projectedCurrent.clone();
        currentObjective = objective.value(estimate, objective.squaredResidual(projectedCurrent));
    }

    public Fista(Projector projector, float[] data, double alpha, boolean nonNegative) {
        this(projector, data, null, alpha, nonNegative, DEFAULT_INNER_ITERATIONS);
    }

    @Override
    public String name() {
        return "TV-FISTA";
    }

    /** The step's Lipschitz constant L (an upper bound of ||A||^2). */
    public double lipschitz() {
        return lipschitz;
    }

    @Override
    public double objective() {
        return currentObjective;
    }

    @Override
    protected double step() {
        // The gradient of the data term at y: A^T (A y - b).
        for (int i = 0; i < data.length; i++) {
            projectedExtrapolated[i] -= data[i];
        }
        projector.back(projectedExtrapolated, gradient);
        float stepLength = (float) (1 / lipschitz);
        for (int j = 0; j < candidate.length; j++) {
            candidate[j] = extrapolated[j] - stepLength * gradient[j];
        }
        proximal.apply(candidate, objective.alpha() / lipschitz, candidate);
        projector.forward(candidate, projectedCandidate);
        double candidateObjective = objective.value(candidate, objective.squaredResidual(projectedCandidate));

        System.arraycopy(estimate, 0, previous, 0, estimate.length);
        System.arraycopy(projectedCurrent, 0, projectedPrevious, 0, projectedCurrent.length);
        if (candidateObjective <= currentObjective) {
            System.arraycopy(candidate, 0, estimate, 0, estimate.length);
            System.arraycopy(projectedCandidate, 0, projectedCurrent, 0, projectedCurrent.length);
            currentObjective = candidateObjective;
        }
        double next = (1 + Math.sqrt(1 + 4 * momentum * momentum)) / 2;
        float towardsCandidate = (float) (momentum / next);
        float alongStep = (float) ((momentum - 1) / next);
        extrapolate(estimate, candidate, previous, towardsCandidate, alongStep, extrapolated);
        extrapolate(projectedCurrent, projectedCandidate, projectedPrevious, towardsCandidate, alongStep,
                projectedExtrapolated);
        momentum = next;
        return Math.sqrt(objective.squaredResidual(projectedCurrent));
    }

    /** y = x + a (z - x) + b (x - x_previous), the same combination for images and their projections. */
    private static void extrapolate(float[] current, float[] candidate, float[] previous, float a, float b,
                                    float[] out) {
        for (int j = 0; j < out.length; j++) {
            float x = current[j];
            out[j] = x + a * (candidate[j] - x) + b * (x - previous[j]);
        }
    }
}
