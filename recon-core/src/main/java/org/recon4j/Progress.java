package org.recon4j;

/** Receives progress of a long computation: {@code done} of {@code total} units (slices, iterations). */
@FunctionalInterface
public interface Progress {
    Progress NONE = (done, total) -> { };

    /** Called from the computing thread after each unit; must be cheap and thread-safe. */
    void update(long done, long total);
}
