package org.recon4j.projector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.phantom.SheppLogan;

/**
 * The contract every projector pair meets, CPU or GPU: {@code back} is the adjoint of
 * {@code forward} to 1e-5 relative (sums in double, seeded random and structured inputs, the
 * operator norm from a power method), linearity, view subsets that add up, and reproducible
 * bits. A subclass supplies the projector; geometry-specific checks (known ray sums, detector
 * offsets) live beside it.
 */
public abstract class ProjectorContract {
    /** The adjointness bound of issue 3: |<Ax,y> - <x,A'y>| / (|A| |x| |y|). */
    protected static final double ADJOINT_TOLERANCE = 1e-5;

    protected abstract Projector projector();

    protected static float[] random(int length, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = (float) random.nextDouble(-1, 1);
        }
        return values;
    }

    protected static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }

    protected static double norm(float[] a) {
        return Math.sqrt(dot(a, a));
    }

    /** The operator norm |A| = sqrt(largest eigenvalue of A'A), by 30 power iterations. */
    protected static double operatorNorm(Projector projector) {
        float[] x = random(projector.volume().voxelCount(), 99);
        float[] y = new float[projector.projectionSize()];
        double estimate = 0;
        for (int iteration = 0; iteration < 30; iteration++) {
            double length = norm(x);
            for (int i = 0; i < x.length; i++) {
                x[i] /= (float) length;
            }
            projector.forward(x, y);
            projector.back(y, x);
            estimate = Math.sqrt(norm(x));
        }
        return estimate;
    }

    private static double adjointMismatch(Projector projector, float[] x, float[] y, double operatorNorm) {
        float[] ax = new float[projector.projectionSize()];
        float[] aty = new float[projector.volume().voxelCount()];
        projector.forward(x, ax);
        projector.back(y, aty);
        double left = dot(ax, y);
        double right = dot(x, aty);
        return Math.abs(left - right) / (operatorNorm * norm(x) * norm(y));
    }

    @Test
    void backIsTheAdjointOfForward() {
        Projector projector = projector();
        double operatorNorm = operatorNorm(projector);
        assertTrue(operatorNorm > 0);
        for (long seed = 1; seed <= 3; seed++) {
            float[] x = random(projector.volume().voxelCount(), seed);
            float[] y = random(projector.projectionSize(), seed + 100);
            double mismatch = adjointMismatch(projector, x, y, operatorNorm);
            assertTrue(mismatch <= ADJOINT_TOLERANCE, "random inputs, seed " + seed + ": " + mismatch);
        }
        VolumeGeometry grid = projector.volume();
        float[] phantom = SheppLogan.modified3D(Math.min(grid.nx() * grid.dx(), grid.ny() * grid.dy()) / 2)
                .image(grid, 1);
        float[] ones = new float[projector.projectionSize()];
        java.util.Arrays.fill(ones, 1f);
        double mismatch = adjointMismatch(projector, phantom, ones, operatorNorm);
        assertTrue(mismatch <= ADJOINT_TOLERANCE, "phantom and ones: " + mismatch);
    }

    @Test
    void theRatioOfTheTwoInnerProductsIsOne() {
        // a back-projector off by a constant factor passes a loose adjointness test; not this one
        Projector projector = projector();
        float[] x = random(projector.volume().voxelCount(), 5);
        float[] ax = new float[projector.projectionSize()];
        float[] atax = new float[x.length];
        projector.forward(x, ax);
        projector.back(ax, atax);
        assertEquals(1.0, dot(ax, ax) / dot(x, atax), 1e-5);
    }

    @Test
    void forwardIsLinear() {
        Projector projector = projector();
        int voxels = projector.volume().voxelCount();
        float[] x = random(voxels, 11);
        float[] z = random(voxels, 12);
        float[] combined = new float[voxels];
        for (int i = 0; i < voxels; i++) {
            combined[i] = 2 * x[i] - 3 * z[i];
        }
        float[] ax = new float[projector.projectionSize()];
        float[] az = new float[ax.length];
        float[] ac = new float[ax.length];
        projector.forward(x, ax);
        projector.forward(z, az);
        projector.forward(combined, ac);
        double scale = norm(ac) / Math.sqrt(ac.length) + 1e-12;
        for (int i = 0; i < ac.length; i++) {
            assertEquals(2 * ax[i] - 3 * az[i], ac[i], 1e-4 * scale + 1e-5 * Math.abs(ac[i]), "ray " + i);
        }
    }

    @Test
    void subsetsAddUpToTheWhole() {
        Projector projector = projector();
        float[] x = random(projector.volume().voxelCount(), 21);
        float[] y = random(projector.projectionSize(), 22);
        float[] full = new float[projector.projectionSize()];
        projector.forward(x, full);
        ViewSet[] subsets = ViewSet.interleaved(projector.viewCount(), Math.min(3, projector.viewCount()));
        float[] pieces = new float[full.length];
        float[] summed = new float[x.length];
        float[] part = new float[x.length];
        for (ViewSet subset : subsets) {
            projector.forward(x, pieces, subset);
            projector.back(y, part, subset);
            for (int i = 0; i < summed.length; i++) {
                summed[i] += part[i];
            }
        }
        assertArrayEquals(full, pieces, "forward over subsets fills the same values");
        float[] whole = new float[x.length];
        projector.back(y, whole);
        double scale = norm(whole) / Math.sqrt(whole.length);
        for (int i = 0; i < whole.length; i++) {
            assertEquals(whole[i], summed[i], 1e-4 * scale, "voxel " + i);
        }
    }

    @Test
    void resultsAreReproducible() {
        Projector projector = projector();
        float[] x = random(projector.volume().voxelCount(), 31);
        float[] y = random(projector.projectionSize(), 32);
        float[] first = new float[y.length];
        float[] second = new float[y.length];
        projector.forward(x, first);
        projector.forward(x, second);
        assertArrayEquals(first, second);
        float[] back = new float[x.length];
        float[] again = new float[x.length];
        projector.back(y, back);
        projector.back(y, again);
        assertArrayEquals(back, again);
    }
}
