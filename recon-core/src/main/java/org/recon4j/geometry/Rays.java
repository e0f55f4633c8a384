package org.recon4j.geometry;

/**
 * The rays of an acquisition, one per projection value, in the order the projection array
 * stores them. Ray-driven projectors consume only this, so a new geometry needs no new kernel.
 */
public interface Rays {
    /** Number of rays: the length of the projection array. */
    int count();

    int viewCount();

    /** Rays that belong to each view. */
    int raysPerView();

    /** Index in the projection array of ray {@code k} (0 to raysPerView - 1) of {@code view}. */
    int index(int view, int k);

    /**
     * Writes ray {@code k} of {@code view}: a point on it (x, y, z in mm; for a divergent beam
     * the source) in {@code out[0..2]} and its unit direction, toward the detector, in
     * {@code out[3..5]}.
     */
    void ray(int view, int k, double[] out);
}
