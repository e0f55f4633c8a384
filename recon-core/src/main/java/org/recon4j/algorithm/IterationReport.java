package org.recon4j.algorithm;

/**
 * What an iterative method reports after each iteration: its number (from 1), the data residual
 * {@code ||b - A x||} of the estimate it produced, the seconds since the method started, and the
 * value of the objective the method minimises (NaN for methods that track none).
 */
public record IterationReport(String method, int iteration, double residualNorm, double elapsedSeconds,
                              double objective) {
    public IterationReport(String method, int iteration, double residualNorm, double elapsedSeconds) {
        this(method, iteration, residualNorm, elapsedSeconds, Double.NaN);
    }
}
