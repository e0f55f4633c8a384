package org.recon4j.util;

/**
 * 32.32 fixed point for detector coordinates that move linearly from voxel to voxel: one integer
 * add a step, the bin is the upper 32 bits and the interpolation weight the lower, exact to 2^-32
 * bins and faster than float-to-int conversion. Shared by the parallel-beam, FDK and helical loops; internal to Recon4J.
 */
public final class FixedPoint {
    /** The fixed-point value of 1. */
    public static final double ONE = 4294967296.0;
    /** The weight of one unit of the lower half: {@code (float) (value & FRACTION_BITS) * FRACTION_UNIT} is in [0, 1). */
    public static final float FRACTION_UNIT = (float) (1.0 / ONE);
    /** The mask of the lower half: the fraction of a unit. */
    public static final long FRACTION_BITS = 0xffffffffL;

    private FixedPoint() {
    }
}
