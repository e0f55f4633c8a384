package org.recon4j.algorithm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.recon4j.filter.FilterWindow;
import org.recon4j.geometry.DetectorShape;
import org.recon4j.geometry.FanBeamGeometry;
import org.recon4j.geometry.VolumeGeometry;

/**
 * Fan-beam FBP against a plain voxel-by-voxel loop written from the class's documented formulas
 * (Math.atan2 for the arc, no blocks, no zero border): the same pre-weights and filter, then for
 * every voxel and view the detector position, linear interpolation with zeros beyond the
 * detector and the distance weight. The geometry has a detector offset and an off-centre image
 * wider than the fan, so that voxels leave the detector at both ends (counted); two slices, an
 * odd row count.
 */
class FanBackProjectionTest {
    @ParameterizedTest
    @EnumSource(DetectorShape.class)
    void fanFbpMatchesAPlainVoxelLoop(DetectorShape shape) {
        double[] angles = new double[70];
        for (int v = 0; v < angles.length; v++) {
            angles[v] = 2 * Math.PI * v / angles.length + 0.3;
        }
        FanBeamGeometry geometry = FanBeamGeometry.of(angles, 80, 140, shape, 41, 1.3, 0.8);
        VolumeGeometry volume = new VolumeGeometry(35, 37, 2, 1.4, 1.3, 1, 1.5, -2.0, 0);
        SplittableRandom random = new SplittableRandom(8);
        float[] sinograms = new float[volume.nz() * geometry.sinogramSize()];
        for (int i = 0; i < sinograms.length; i++) {
            sinograms[i] = (float) random.nextDouble(0, 2);
        }
        DivergentBeamFbp fbp = DivergentBeamFbp.fan(geometry, volume, FilterWindow.SHEPP_LOGAN, 0.9, 2);
        float[] image = fbp.reconstruct(sinograms);
        int[] offDetector = new int[1];
        float[] expected = plainFanFbp(fbp, geometry, volume, sinograms, offDetector);
        double largest = 0;
        for (float value : expected) {
            largest = Math.max(largest, Math.abs(value));
        }
        int pairs = volume.voxelCount() * geometry.viewCount();
        assertTrue(offDetector[0] > pairs / 20, "voxels must leave the detector in many views for this test to cover"
                + " the ends: " + offDetector[0] + " of " + pairs);
        for (int i = 0; i < image.length; i++) {
            assertEquals(expected[i], image[i], 2e-6 * largest, shape + " voxel " + i);
        }
    }

    private static float[] plainFanFbp(DivergentBeamFbp fbp, FanBeamGeometry geometry, VolumeGeometry volume,
                                       float[] sinograms, int[] offDetector) {
        int bins = geometry.binCount();
        int views = geometry.viewCount();
        float[] filtered = new float[sinograms.length];
        float[] weighted = new float[bins];
        float[] work = new float[fbp.filter().paddedLength()];
        for (int row = 0; row < volume.nz() * views; row++) {
            int view = row % views;
            for (int bin = 0; bin < bins; bin++) {
                weighted[bin] = (float) (sinograms[row * bins + bin] * fbp.preWeight(view, 0, bin));
            }
            fbp.filter().filter(weighted, 0, filtered, row * bins, 1f, work);
        }
        boolean arc = geometry.shape() == DetectorShape.ARC;
        float[] image = new float[volume.voxelCount()];
        for (int z = 0; z < volume.nz(); z++) {
            for (int y = 0; y < volume.ny(); y++) {
                for (int x = 0; x < volume.nx(); x++) {
                    double sum = 0;
                    for (int view = 0; view < views; view++) {
                        double sin = Math.sin(geometry.angle(view));
                        double cos = Math.cos(geometry.angle(view));
                        double depth = geometry.sourceToAxis() - volume.x(x) * sin + volume.y(y) * cos;
                        double lateral = volume.x(x) * cos + volume.y(y) * sin;
                        double position = arc ? geometry.sourceToDetector() * Math.atan2(lateral, depth)
                                : geometry.sourceToDetector() * lateral / depth;
                        double bin = (position - geometry.detectorOffset()) / geometry.binSpacing() + (bins - 1) / 2.0;
                        double weight = arc ? 1 / (depth * depth + lateral * lateral)
                                : Math.pow(geometry.sourceToAxis() / depth, 2);
                        offDetector[0] += bin > -1 && bin < bins ? 0 : 1;
                        int left = (int) Math.floor(bin);
                        double fraction = bin - left;
                        int base = (z * views + view) * bins;
                        sum += weight * ((1 - fraction) * value(filtered, base, bins, left)
                                + fraction * value(filtered, base, bins, left + 1));
                    }
                    image[(z * volume.ny() + y) * volume.nx() + x] = (float) sum;
                }
            }
        }
        return image;
    }

    private static double value(float[] filtered, int base, int bins, int bin) {
        return bin >= 0 && bin < bins ? filtered[base + bin] : 0;
    }
}
