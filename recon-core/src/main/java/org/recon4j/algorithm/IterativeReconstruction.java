package org.recon4j.algorithm;

import java.util.ArrayList;
import java.util.List;
import org.recon4j.InvalidInputException;
import org.recon4j.projector.Projector;
import org.recon4j.util.Checks;

/**
 * What SIRT, OS-SART and CGLS share: the projector, the measured data b, the estimate x, the
 * listeners, optional non-negativity and cancellation. A subclass allocates its buffers once
 * and implements one {@link #step()}. Not for use from several threads at once.
 */
public abstract class IterativeReconstruction {
    protected final Projector projector;
    protected final float[] data;
    protected final float[] estimate;
    private final List<IterationListener> listeners = new ArrayList<>();
    private final long startNanos = System.nanoTime();
    private int iterations;
    private volatile boolean cancelled;

    protected IterativeReconstruction(Projector projector, float[] data, float[] initial) {
        if (projector == null) {
            throw new InvalidInputException("an iterative method needs a projector");
        }
        this.projector = projector;
        Checks.length("projection data", data, projector.projectionSize());
        Checks.allFinite("projection data", data);
        this.data = data;
        int voxels = projector.volume().voxelCount();
        Checks.memoryAvailable("the iterative method's buffers", 16L * voxels + 8L * data.length);
        if (initial == null) {
            this.estimate = new float[voxels];
        } else {
            Checks.length("initial estimate", initial, voxels);
            Checks.allFinite("initial estimate", initial);
            this.estimate = initial.clone();
        }
    }

    /** Short name for reports, e.g. "SIRT". */
    public abstract String name();

    /** One iteration; returns the residual norm of the new estimate (NaN where not tracked). */
    protected abstract double step();

    /** The objective the method minimises at the current estimate; NaN for methods that track none. */
    public double objective() {
        return Double.NaN;
    }

    public final IterativeReconstruction addListener(IterationListener listener) {
        listeners.add(listener);
        return this;
    }

    protected final boolean hasListeners() {
        return !listeners.isEmpty();
    }

    /** Runs one iteration and tells the listeners. */
    public final IterationReport iterate() {
        double residual = step();
        iterations++;
        IterationReport report = new IterationReport(name(), iterations, residual,
                (System.nanoTime() - startNanos) / 1e9, objective());
        for (IterationListener listener : listeners) {
            listener.iterationDone(report);
        }
        return report;
    }

    /** Runs up to {@code count} iterations, fewer if {@link #cancel()} is called meanwhile. */
    public final float[] run(int count) {
        if (count < 0) {
            throw new InvalidInputException("iteration count must be >= 0, found " + count);
        }
        for (int i = 0; i < count && !cancelled; i++) {
            iterate();
        }
        return estimate();
    }

    /** Asks a running {@link #run} to stop after the iteration in progress. Safe from any thread. */
    public final void cancel() {
        cancelled = true;
    }

    public final boolean isCancelled() {
        return cancelled;
    }

    public final int iterations() {
        return iterations;
    }

    /** A copy of the current estimate. */
    public final float[] estimate() {
        return estimate.clone();
    }

    /** {@code out = b - A x} for the current estimate; returns its norm. */
    protected final double residual(float[] out) {
        projector.forward(estimate, out);
        double sum = 0;
        for (int i = 0; i < out.length; i++) {
            float r = data[i] - out[i];
            out[i] = r;
            sum += (double) r * r;
        }
        return Math.sqrt(sum);
    }

    /** R = 1 / (A 1): the inverse ray sums, 0 for rays that miss the volume. */
    protected final float[] inverseRowSums() {
        return inverseRowSums(null);
    }

    /** C = 1 / (A_S^T 1): the inverse voxel sums over the views in {@code views}, 0 where none passes. */
    protected final float[] inverseColumnSums(org.recon4j.projector.ViewSet views) {
        float[] rayOnes = new float[data.length];
        java.util.Arrays.fill(rayOnes, 1f);
        float[] sums = new float[projector.volume().voxelCount()];
        projector.back(rayOnes, sums, views);
        invertPositive(sums);
        return sums;
    }

    /**
     * The voxels every view sees: where each single view's back-projection of ones is positive.
     * Costs one back-projection in all, whatever the geometry.
     */
    public static boolean[] seenByEveryView(Projector projector) {
        int voxels = projector.volume().voxelCount();
        int views = projector.viewCount();
        int[] seen = new int[voxels];
        float[] rayOnes = new float[projector.projectionSize()];
        java.util.Arrays.fill(rayOnes, 1f);
        float[] single = new float[voxels];
        for (int view = 0; view < views; view++) {
            projector.back(rayOnes, single, org.recon4j.projector.ViewSet.of(views, view));
            for (int j = 0; j < voxels; j++) {
                if (single[j] > 0) {
                    seen[j]++;
                }
            }
        }
        boolean[] support = new boolean[voxels];
        for (int j = 0; j < voxels; j++) {
            support[j] = seen[j] == views;
        }
        return support;
    }

    /**
     * R = 1 / (A m): the inverse ray sums through the support m only (everywhere when null), 0 for
     * rays that miss it.
     */
    protected final float[] inverseRowSums(boolean[] support) {
        float[] inside = new float[projector.volume().voxelCount()];
        for (int j = 0; j < inside.length; j++) {
            inside[j] = support == null || support[j] ? 1f : 0f;
        }
        float[] sums = new float[data.length];
        projector.forward(inside, sums);
        invertPositive(sums);
        return sums;
    }

    /** The voxels every view sees, with the estimate set to 0 outside them. */
    protected final boolean[] restrictToFieldOfView() {
        boolean[] support = seenByEveryView(projector);
        restrict(estimate, support);
        return support;
    }

    /** Sets the voxels outside {@code support} to 0. */
    protected static void restrict(float[] values, boolean[] support) {
        for (int j = 0; j < values.length; j++) {
            if (!support[j]) {
                values[j] = 0;
            }
        }
    }

    /** {@code 1 / values} where values are meaningfully positive, else 0 (rays or voxels the geometry misses). */
    protected static void invertPositive(float[] values) {
        float largest = 0;
        for (float value : values) {
            largest = Math.max(largest, value);
        }
        float floor = largest * 1e-6f;
        for (int i = 0; i < values.length; i++) {
            values[i] = values[i] > floor ? 1f / values[i] : 0f;
        }
    }

    protected static void clampNegative(float[] values) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] < 0) {
                values[i] = 0;
            }
        }
    }
}
