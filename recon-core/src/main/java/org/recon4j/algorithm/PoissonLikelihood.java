package org.recon4j.algorithm;

import org.recon4j.projector.Projector;

/**
 * The Poisson log-likelihood of emission counts y given an image x, with the additive term s:
 * {@code L(x) = sum_i y_i log(ybar_i) - ybar_i}, {@code ybar = A x + s} (the constant
 * {@code -log y_i!} left out), and its gradient {@code A^T (y / ybar) - A^T 1}. Bins whose mean
 * is 0 add nothing (their counts must then be 0 for a finite likelihood; such bins are skipped).
 */
public final class PoissonLikelihood {
    private final Projector projector;
    private final float[] counts;
    private final float[] additive;
    private final float[] mean;

    public PoissonLikelihood(Projector projector, float[] counts, float[] additive) {
        this.projector = projector;
        this.counts = counts;
        this.additive = additive;
        this.mean = new float[counts.length];
    }

    public double value(float[] image) {
        expected(image);
        double sum = 0;
        for (int i = 0; i < counts.length; i++) {
            double m = mean[i];
            if (m > 0) {
                sum += counts[i] * Math.log(m) - m;
            }
        }
        return sum;
    }

    /** Writes {@code A^T (y / ybar) - A^T 1} into {@code gradient}. */
    public void gradient(float[] image, float[] gradient) {
        expected(image);
        for (int i = 0; i < counts.length; i++) {
            float m = mean[i];
            mean[i] = m > 0 ? counts[i] / m - 1f : 0f;
        }
        projector.back(mean, gradient);
    }

    private void expected(float[] image) {
        projector.forward(image, mean);
        if (additive != null) {
            for (int i = 0; i < mean.length; i++) {
                mean[i] += additive[i];
            }
        }
    }
}
