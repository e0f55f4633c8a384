package org.recon4j.algorithm;

import java.util.function.BiConsumer;
import org.recon4j.InvalidInputException;
import org.recon4j.projector.Projector;

/**
 * The largest singular value of a linear operator K, from the power method on {@code K^T K}
 * (a fixed start, so the same bits every run). It approaches the norm from below; callers that
 * need an upper bound for a step size add a margin.
 */
public final class OperatorNorm {
    /** Iterations of the power method: enough for 1e-3 relative accuracy on the projectors. */
    public static final int DEFAULT_ITERATIONS = 30;

    private OperatorNorm() {
    }

    /** {@code ||A||} of a projector. */
    public static double of(Projector projector) {
        float[] projections = new float[projector.projectionSize()];
        return estimate(projector.volume().voxelCount(), (x, out) -> {
            projector.forward(x, projections);
            projector.back(projections, out);
        }, DEFAULT_ITERATIONS);
    }

    /**
     * {@code sqrt} of the largest eigenvalue of the symmetric positive semi-definite {@code normal}
     * operator ({@code out = K^T K x}) acting on vectors of {@code size} values.
     */
    public static double estimate(int size, BiConsumer<float[], float[]> normal, int iterations) {
        float[] vector = new float[size];
        float[] image = new float[size];
        // A smooth, non-symmetric start: it overlaps the leading singular vector of every projector we have.
        for (int j = 0; j < size; j++) {
            vector[j] = 1f + 0.5f * (float) Math.sin(0.7 * j);
        }
        normalise(vector);
        double eigenvalue = 0;
        for (int k = 0; k < iterations; k++) {
            normal.accept(vector, image);
            eigenvalue = dot(vector, image);
            double length = Math.sqrt(dot(image, image));
            if (!(length > 0) || Double.isInfinite(length)) {
                throw new InvalidInputException("the operator norm estimate failed: the power method found "
                        + (length == 0 ? "a zero operator" : "the non-finite value " + length)
                        + " (is the data's geometry empty or the projector broken?)");
            }
            for (int j = 0; j < size; j++) {
                vector[j] = (float) (image[j] / length);
            }
        }
        if (!(eigenvalue > 0) || Double.isInfinite(eigenvalue)) {
            throw new InvalidInputException("the operator norm estimate failed: the power method found " + eigenvalue);
        }
        return Math.sqrt(eigenvalue);
    }

    private static void normalise(float[] vector) {
        double length = Math.sqrt(dot(vector, vector));
        for (int j = 0; j < vector.length; j++) {
            vector[j] = (float) (vector[j] / length);
        }
    }

    static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int j = 0; j < a.length; j++) {
            sum += (double) a[j] * b[j];
        }
        return sum;
    }
}
