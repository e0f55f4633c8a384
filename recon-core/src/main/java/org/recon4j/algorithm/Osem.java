package org.recon4j.algorithm;

import java.util.Arrays;
import org.recon4j.InvalidInputException;
import org.recon4j.projector.Projector;
import org.recon4j.projector.ViewSet;
import org.recon4j.util.Checks;

/**
 * OSEM (Hudson and Larkin 1994) for emission data y with an additive term s (scatter, never
 * subtracted from the data): for each subset S, {@code x <- x / (A_S^T 1) * A_S^T (y / (A_S x + s))}.
 * MLEM is OSEM with one subset. Subsets interleave the views (subset k holds views k, k + n, ...)
 * and run in the order 0, 1, ..., n-1 as in STIR's OSMAPOSL. Sensitivities {@code A_S^T 1} are
 * computed once per subset and kept. Voxels with zero sensitivity stay 0; where
 * {@code A_S x + s} is 0 the ratio counts as 0.
 */
public final class Osem extends IterativeReconstruction {
    private final ViewSet[] subsets;
    private final float[] additive;
    private final float[][] sensitivities;
    private final float[] expected;
    private final float[] ratio;
    private final float[] correction;

    /**
     * @param counts   measured counts, non-negative
     * @param additive expected scatter (or other additive counts) per bin, or null
     * @param initial  starting image (null: 1 everywhere, as STIR starts)
     */
    public Osem(Projector projector, float[] counts, float[] additive, float[] initial, int subsetCount) {
        super(projector, counts, initial == null ? ones(projector.volume().voxelCount()) : initial);
        checkCounts(counts, additive);
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
        return subsets.length == 1 ? "MLEM" : "OSEM";
    }

    public int subsetCount() {
        return subsets.length;
    }

    @Override
    protected double step() {
        for (int s = 0; s < subsets.length; s++) {
            ViewSet subset = subsets[s];
            projector.forward(estimate, expected, subset);
            for (int i = 0; i < data.length; i++) {
                float mean = additive == null ? expected[i] : expected[i] + additive[i];
                ratio[i] = mean > 0 ? data[i] / mean : 0f;
            }
            projector.back(ratio, correction, subset);
            float[] sensitivity = sensitivities[s];
            for (int j = 0; j < estimate.length; j++) {
                estimate[j] = sensitivity[j] > 0 ? estimate[j] * correction[j] / sensitivity[j] : 0f;
            }
        }
        return hasListeners() ? residual(ratio) : Double.NaN;
    }
}
