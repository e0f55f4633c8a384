package org.recon4j.algorithm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.recon4j.filter.FilterWindow;
import org.recon4j.geometry.ConeBeamGeometry;
import org.recon4j.geometry.VolumeGeometry;

/**
 * FDK against a plain voxel-by-voxel loop written from the class's documented formulas: the same
 * pre-weights and filter, then for every voxel and view the detector position by projection
 * from the source, bilinear interpolation with zeros beyond the panel and the distance weight.
 * The geometry has detector offsets, an off-centre volume whose slices are thinner than its
 * pixels, and a panel too short for the volume, so that voxel columns leave it at both ends.
 */
class FdkBackProjectionTest {
    @Test
    void fdkMatchesAPlainVoxelLoop() {
        double[] angles = new double[40];
        for (int v = 0; v < angles.length; v++) {
            angles[v] = 2 * Math.PI * v / angles.length + 0.2;
        }
        ConeBeamGeometry geometry = ConeBeamGeometry.circular(angles, 90, 160, 37, 16, 1.1, 1.2, 0.7, -0.9);
        VolumeGeometry volume = new VolumeGeometry(20, 18, 24, 1.3, 1.25, 0.9, 0.7, -0.4, 2.5);
        SplittableRandom random = new SplittableRandom(5);
        float[] projections = new float[geometry.projectionSize()];
        for (int i = 0; i < projections.length; i++) {
            projections[i] = (float) random.nextDouble(0, 2);
        }
        DivergentBeamFbp fdk = DivergentBeamFbp.fdk(geometry, volume, FilterWindow.HANN, 0.8, 2);
        float[] image = fdk.reconstruct(projections);
        float[] expected = plainFdk(fdk, geometry, volume, projections);
        double largest = 0;
        int offPanel = 0;
        for (int i = 0; i < image.length; i++) {
            largest = Math.max(largest, Math.abs(expected[i]));
            offPanel += expected[i] == 0 ? 1 : 0;
        }
        assertTrue(offPanel > 0, "some voxels must miss the panel in every view for this test to cover the ends");
        for (int i = 0; i < image.length; i++) {
            assertEquals(expected[i], image[i], 2e-6 * largest, "voxel " + i);
        }
    }

    private static float[] plainFdk(DivergentBeamFbp fdk, ConeBeamGeometry geometry, VolumeGeometry volume,
                                    float[] projections) {
        int columns = geometry.columns();
        int rows = geometry.rows();
        float[] filtered = new float[projections.length];
        float[] weighted = new float[columns];
        float[] work = new float[fdk.filter().paddedLength()];
        for (int view = 0; view < geometry.viewCount(); view++) {
            for (int row = 0; row < rows; row++) {
                int base = (view * rows + row) * columns;
                for (int column = 0; column < columns; column++) {
                    weighted[column] = (float) (projections[base + column] * fdk.preWeight(view, row, column));
                }
                fdk.filter().filter(weighted, 0, filtered, base, 1f, work);
            }
        }
        double sourceToAxis = geometry.sourceToAxis();
        double sourceToDetector = geometry.sourceToDetector();
        float[] image = new float[volume.voxelCount()];
        for (int z = 0; z < volume.nz(); z++) {
            for (int y = 0; y < volume.ny(); y++) {
                for (int x = 0; x < volume.nx(); x++) {
                    double sum = 0;
                    for (int view = 0; view < geometry.viewCount(); view++) {
                        double sin = Math.sin(geometry.angle(view));
                        double cos = Math.cos(geometry.angle(view));
                        double depth = sourceToAxis - volume.x(x) * sin + volume.y(y) * cos;
                        double lateral = volume.x(x) * cos + volume.y(y) * sin;
                        double magnification = sourceToDetector / depth;
                        double column = (lateral * magnification - geometry.offsetU()) / geometry.columnSpacing()
                                + (columns - 1) / 2.0;
                        double row = (volume.z(z) * magnification - geometry.offsetV()) / geometry.rowSpacing()
                                + (rows - 1) / 2.0;
                        double ratio = sourceToAxis / depth;
                        sum += ratio * ratio * bilinear(filtered, view, rows, columns, row, column);
                    }
                    image[(z * volume.ny() + y) * volume.nx() + x] = (float) sum;
                }
            }
        }
        return image;
    }

    /** Bilinear interpolation between pixel centres, zero beyond the panel. */
    private static double bilinear(float[] filtered, int view, int rows, int columns, double row, double column) {
        int top = (int) Math.floor(row);
        int left = (int) Math.floor(column);
        double down = row - top;
        double across = column - left;
        return (1 - down) * ((1 - across) * pixel(filtered, view, rows, columns, top, left)
                + across * pixel(filtered, view, rows, columns, top, left + 1))
                + down * ((1 - across) * pixel(filtered, view, rows, columns, top + 1, left)
                + across * pixel(filtered, view, rows, columns, top + 1, left + 1));
    }

    private static double pixel(float[] filtered, int view, int rows, int columns, int row, int column) {
        boolean onPanel = row >= 0 && row < rows && column >= 0 && column < columns;
        return onPanel ? filtered[(view * rows + row) * columns + column] : 0;
    }
}
