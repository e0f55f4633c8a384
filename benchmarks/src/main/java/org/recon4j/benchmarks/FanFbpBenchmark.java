package org.recon4j.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.recon4j.algorithm.DivergentBeamFbp;
import org.recon4j.filter.FilterWindow;
import org.recon4j.geometry.DetectorShape;
import org.recon4j.geometry.FanBeamGeometry;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.phantom.Phantom3D;
import org.recon4j.phantom.SheppLogan;

/**
 * Fan-beam FBP of one N x N slice of 1 mm pixels, filtering included, from 720 views over 360
 * degrees of a 2N-bin detector (flat or arc), source 2N mm from the axis and 3N mm from the
 * detector, bins of 2/3 mm at the axis (the closed-form Shepp-Logan sinogram). Voxel-view
 * updates/s = N * N * 720 / time.
 */
@State(Scope.Benchmark)
public class FanFbpBenchmark extends BenchmarkBase {
    static final int VIEWS = 720;

    @Param({"512"})
    public int size;

    @Param({"FLAT", "ARC"})
    public DetectorShape shape;

    /** Worker threads; 0 means all cores. */
    @Param({"0"})
    public int threads;

    DivergentBeamFbp fbp;
    float[] sinogram;
    VolumeGeometry grid;
    Phantom3D phantom;

    @Setup(Level.Trial)
    public void setUp() {
        FanBeamGeometry geometry = FanBeamGeometry.circular(VIEWS, 2.0 * size, 3.0 * size, shape, 2 * size, 1.0);
        grid = VolumeGeometry.slice(size, 1.0);
        phantom = SheppLogan.modified3D(size / 2.0);
        sinogram = phantom.lineIntegrals(geometry.rays(grid));
        fbp = DivergentBeamFbp.fan(geometry, grid, FilterWindow.RAM_LAK, 1, threads);
    }

    @Benchmark
    public float[] fanFbp() {
        return fbp.reconstruct(sinogram);
    }
}
