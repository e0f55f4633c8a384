package org.recon4j.regularisation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.recon4j.InvalidInputException;
import org.recon4j.geometry.VolumeGeometry;

class TotalVariationTest {
    private static float[] random(int size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[size];
        for (int j = 0; j < size; j++) {
            values[j] = (float) random.nextDouble(-1, 1);
        }
        return values;
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int j = 0; j < a.length; j++) {
            sum += (double) a[j] * b[j];
        }
        return sum;
    }

    /** An nx x ny x nz image, 0 left of column nx/2 and {@code height} from it on. */
    private static float[] step(int nx, int ny, int nz, float height) {
        float[] image = new float[nx * ny * nz];
        for (int j = 0; j < image.length; j++) {
            image[j] = j % nx >= nx / 2 ? height : 0f;
        }
        return image;
    }

    @Test
    void theAdjointGradientIsTheTransposeIn2dAnd3d() {
        for (int nz : new int[] {1, 5}) {
            TotalVariation tv = new TotalVariation(new VolumeGeometry(7, 6, nz, 1, 1, 1, 0, 0, 0));
            int n = tv.voxelCount();
            float[] image = random(n, 1);
            float[] px = random(n, 2);
            float[] py = random(n, 3);
            float[] pz = nz > 1 ? random(n, 4) : null;
            float[] gx = new float[n];
            float[] gy = new float[n];
            float[] gz = nz > 1 ? new float[n] : null;
            tv.gradient(image, gx, gy, gz);
            float[] adjoint = new float[n];
            tv.adjointGradient(px, py, pz, adjoint);
            double left = dot(gx, px) + dot(gy, py) + (pz != null ? dot(gz, pz) : 0);
            double right = dot(image, adjoint);
            assertEquals(left, right, 1e-5 * Math.abs(left), "nz = " + nz);
            assertEquals(nz > 1 ? 3 : 2, tv.dimensions());
        }
    }

    @Test
    void theValueOfAStepIsItsHeightTimesTheBoundary() {
        assertEquals(8 * 0.5, new TotalVariation(VolumeGeometry.slice(8, 1)).value(step(8, 8, 1, 0.5f)), 1e-6);
        assertEquals(4 * 8 * 2.0, new TotalVariation(new VolumeGeometry(8, 8, 4, 1, 1, 1, 0, 0, 0)).value(step(8, 8, 4, 2f)), 1e-5);
        float[] constant = new float[64];
        java.util.Arrays.fill(constant, 3f);
        assertEquals(0, new TotalVariation(VolumeGeometry.slice(8, 1)).value(constant));
    }

    /**
     * The ROF problem of a two-level image has a closed form: each flat region moves towards the
     * other by lambda times the boundary length over its area (here lambda 8 / 32), as long as
     * the levels do not cross.
     */
    @Test
    void theProximalMapOfAStepMatchesTheClosedForm() {
        TotalVariation tv = new TotalVariation(VolumeGeometry.slice(8, 1));
        TotalVariationProximal proximal = new TotalVariationProximal(tv, true, 400);
        float[] result = new float[64];
        proximal.apply(step(8, 8, 1, 1f), 0.4, result);
        for (int j = 0; j < 64; j++) {
            assertEquals(j % 8 >= 4 ? 0.9 : 0.1, result[j], 1e-3, "voxel " + j);
        }
    }

    @Test
    void theProximalPointBeatsItsNeighboursAndNonNegativityHolds() {
        VolumeGeometry grid = new VolumeGeometry(12, 10, 3, 1, 1, 1, 0, 0, 0);
        TotalVariation tv = new TotalVariation(grid);
        float[] input = random(tv.voxelCount(), 7);
        double lambda = 0.3;
        float[] result = new float[input.length];
        new TotalVariationProximal(tv, true, 300).apply(input, lambda, result);
        double best = rof(tv, input, result, lambda);
        SplittableRandom random = new SplittableRandom(9);
        for (int trial = 0; trial < 20; trial++) {
            float[] neighbour = result.clone();
            for (int j = 0; j < neighbour.length; j++) {
                neighbour[j] = Math.max(0f, neighbour[j] + (float) random.nextDouble(-1e-2, 1e-2));
            }
            assertTrue(rof(tv, input, neighbour, lambda) >= best - 1e-6, "trial " + trial);
        }
        for (float value : result) {
            assertTrue(value >= 0);
        }
        assertTrue(tv.value(result) < 0.5 * tv.value(input), "denoising lowers the variation");
    }

    @Test
    void lambdaZeroIsTheIdentityAndNegativeIsRefused() {
        TotalVariation tv = new TotalVariation(VolumeGeometry.slice(6, 1));
        float[] input = random(36, 3);
        float[] result = new float[36];
        new TotalVariationProximal(tv, false, 5).apply(input, 0, result);
        assertEquals(0, java.util.Arrays.compare(input, result));
        assertThrows(InvalidInputException.class, () -> new TotalVariationProximal(tv, false, 5).apply(input, -1, result));
        assertThrows(InvalidInputException.class, () -> new TotalVariationProximal(tv, false, 5).apply(input, Double.NaN, result));
    }

    private static double rof(TotalVariation tv, float[] input, float[] u, double lambda) {
        double sum = 0;
        for (int j = 0; j < u.length; j++) {
            double d = u[j] - input[j];
            sum += d * d;
        }
        return 0.5 * sum + lambda * tv.value(u);
    }
}
