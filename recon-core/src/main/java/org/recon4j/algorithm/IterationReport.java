package org.recon4j.algorithm;

/**
 * What an iterative method reports after each iteration: its number (from 1), the data residual
 * {@code ||b - A x||} of the estimate it produced, and the seconds since the method started.
 */
public record IterationReport(String method, int iteration, double residualNorm, double elapsedSeconds) {
}
