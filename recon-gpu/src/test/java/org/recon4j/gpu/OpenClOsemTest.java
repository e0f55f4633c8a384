package org.recon4j.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.recon4j.algorithm.Osem;
import org.recon4j.geometry.SpectGeometry;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.metric.ImageMetrics;

/** OSEM wholly on the device: recon-core's images, with only view lists sent between sub-iterations. */
class OpenClOsemTest {
    @Test
    void deviceOsemGivesRecon4jsImageAndKeepsItsDataOnTheDevice() {
        SmallSpectCase spect = new SmallSpectCase(7);
        VolumeGeometry grid = spect.grid;
        SpectGeometry geometry = spect.geometry;
        float[] counts = spect.counts;
        float[] scatter = new float[counts.length];
        for (int i = 0; i < scatter.length; i++) {
            scatter[i] = 0.1f * counts[i] + 0.05f;
        }
        float[] reference = new Osem(spect.cpu, counts, scatter, null, 4).run(3);
        try (OpenClSpectProjector projector = spect.onDevice()) {
            OpenClOsem osem = new OpenClOsem(projector, counts, scatter, 4);
            DeviceStatistics before = osem.statistics();
            int[] heard = {0};
            float[] image = osem.run(3, iteration -> heard[0] = iteration);
            DeviceStatistics after = osem.statistics();
            assertEquals(3, heard[0]);
            assertEquals(0, ImageMetrics.maxRelativeDifference(reference, image), 1e-4, "OSEM 4 subsets x 3 with scatter");
            long moved = after.bytesToDevice() - before.bytesToDevice();
            long viewLists = 3L * 4 * 4 * geometry.viewCount();
            assertEquals(4L * grid.voxelCount() + viewLists, moved, "the initial image and the view lists only");
            long fetched = after.bytesFromDevice() - before.bytesFromDevice();
            if (DeviceQueue.worksInJavaArrays(projector.device())) {
                assertEquals(0, fetched, "nothing: the device wrote into the Java arrays");
            } else {
                // per sub-iteration, what the launches wrote: axial sums of the subset's 3 views, the
                // projections twice (forward, ratios), the back-projection and the estimate
                long axialSums = 4L * 3 * projector.kernel().columnCount * geometry.rows();
                long perSubIteration = axialSums + 2 * 4L * projector.projectionSize() + 2 * 4L * grid.voxelCount();
                assertEquals(3 * 4 * perSubIteration, fetched, "every written array, mirrored");
            }
            assertTrue(after.launches() - before.launches() == 3 * 4 * 5, after.toString());
        }
    }
}
