package org.recon4j.gpu;

import org.recon4j.geometry.SpectGeometry;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.projector.CollimatorResponse;
import org.recon4j.projector.SpectProjector;

/**
 * The small attenuated SPECT case the OSEM tests share: a water-like cylinder on
 * {@link OpenClSpectProjectorTest#GRID}, 12 views at 50 mm, a linear collimator response, and an
 * activity of 1 + (i mod period) inside the body, projected by the Java projector.
 */
final class SmallSpectCase {
    final VolumeGeometry grid = OpenClSpectProjectorTest.GRID;
    final SpectGeometry geometry = OpenClSpectProjectorTest.circular(12, 50);
    final float[] mu = OpenClSpectProjectorTest.cylinderMu(22);
    final boolean[] body = OpenClSpectProjectorTest.body(mu);
    final CollimatorResponse response = CollimatorResponse.linear(0.03, 2, 3);
    final SpectProjector cpu = new SpectProjector(geometry, grid, mu, body, response, 2);
    final float[] counts;

    SmallSpectCase(int period) {
        float[] activity = new float[grid.voxelCount()];
        for (int i = 0; i < activity.length; i++) {
            activity[i] = body[i] ? 1 + (i % period) : 0;
        }
        counts = new float[cpu.projectionSize()];
        cpu.forward(activity, counts);
    }

    OpenClSpectProjector onDevice() {
        return new OpenClSpectProjector(geometry, grid, mu, body, response, OpenClTestDevice.get());
    }
}
