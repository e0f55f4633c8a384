package org.recon4j.algorithm;

/** Receives an {@link IterationReport} after every iteration, on the thread that runs it. */
@FunctionalInterface
public interface IterationListener {
    void iterationDone(IterationReport report);
}
