package org.recon4j.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.recon4j.Progress;
import org.recon4j.filter.FilterWindow;
import org.recon4j.geometry.DetectorShape;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.helical.FocalSpots;
import org.recon4j.helical.HelicalGeometry;
import org.recon4j.helical.MultiRowDetector;
import org.recon4j.helical.WeightedFbp;
import org.recon4j.metric.ImageMetrics;

/**
 * Helical weighted FBP with the back-projection on the OpenCL device against recon-core's
 * {@link WeightedFbp} (1e-4 of the image's largest value), pitch 1 with an axial flying focal
 * spot, the table moving toward -z.
 */
class OpenClWeightedFbpTest {
    @Test
    void agreesWithTheCpu() {
        MultiRowDetector detector = new MultiRowDetector(DetectorShape.ARC, 64, 8, 2.0, 2.0, 31.3, 3.5, 500);
        int perTurn = 240;
        int views = 3 * perTurn;
        double[] beta = new double[views];
        double[] z = new double[views];
        double width = 8 * 2.0 * 250 / 500;
        for (int i = 0; i < views; i++) {
            beta[i] = 0.2 + 2 * Math.PI * i / perTurn;
            z[i] = -width * (i - views / 2.0) / perTurn;
        }
        FocalSpots spots = new FocalSpots(new double[2], new double[] {-0.25, 0.25}, new double[2]);
        HelicalGeometry geometry = new HelicalGeometry(detector, 250, beta, z, spots, perTurn);
        float[] projections = new float[views * 8 * 64];
        for (int view = 0; view < views; view++) {
            for (int row = 0; row < 8; row++) {
                for (int channel = 0; channel < 64; channel++) {
                    double u = (channel - 31.3) / 30;
                    projections[(view * 8 + row) * 64 + channel] = (float) (Math.max(0, 1 - u * u)
                            * (1 + 0.2 * Math.sin(0.05 * view + row) + 0.3 * Math.cos(3 * u + 0.01 * view)));
                }
            }
        }
        VolumeGeometry grid = new VolumeGeometry(40, 36, 6, 1.5, 1.5, 1.0, 0.7, -0.4, 0.2);
        float[] cpu = new WeightedFbp(geometry, grid, FilterWindow.HANN, 1, WeightedFbp.DEFAULT_Q, 2)
                .reconstruct(projections, Progress.NONE);
        float[] gpu = OpenClWeightedFbp.reconstruct(geometry, grid, FilterWindow.HANN, 1, WeightedFbp.DEFAULT_Q,
                OpenClTestDevice.get(), projections, Progress.NONE);
        assertEquals(0, ImageMetrics.maxRelativeDifference(cpu, gpu), 1e-4);
    }
}
