package org.recon4j.geometry;

/**
 * Rays of a stack of 2D acquisitions, one per volume slice, stored {@code p[slice][view][bin]}
 * (parallel and fan beam). A subclass says where the ray of (view, bin) runs in the slice's plane.
 */
abstract class SliceRays implements Rays {
    private final int views;
    private final int bins;
    private final VolumeGeometry volume;

    SliceRays(int views, int bins, VolumeGeometry volume) {
        this.views = views;
        this.bins = bins;
        this.volume = volume;
    }

    /** Writes a point on the ray (x, y) in out[0..1] and its unit direction (x, y) in out[3..4]. */
    abstract void inPlane(int view, int bin, double[] out);

    @Override
    public final int count() {
        return volume.nz() * views * bins;
    }

    @Override
    public final int viewCount() {
        return views;
    }

    @Override
    public final int raysPerView() {
        return volume.nz() * bins;
    }

    @Override
    public final int index(int view, int k) {
        return ((k / bins) * views + view) * bins + k % bins;
    }

    @Override
    public final void ray(int view, int k, double[] out) {
        inPlane(view, k % bins, out);
        out[2] = volume.z(k / bins);
        out[5] = 0;
    }
}
