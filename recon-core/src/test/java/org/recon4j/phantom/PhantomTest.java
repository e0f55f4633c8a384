package org.recon4j.phantom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.recon4j.geometry.ParallelBeamGeometry;
import org.recon4j.geometry.VolumeGeometry;

class PhantomTest {
    /** Integral of a point function along a line by the midpoint rule with a fine step. */
    private static double numericLineIntegral(java.util.function.DoubleUnaryOperator valueAlong, double half, int steps) {
        double step = 2 * half / steps;
        double sum = 0;
        for (int i = 0; i < steps; i++) {
            sum += valueAlong.applyAsDouble(-half + (i + 0.5) * step);
        }
        return sum * step;
    }

    @Test
    void ellipseLineIntegralsMatchNumericIntegration() {
        Ellipse ellipse = new Ellipse(1.5, 30, 12, 8, -5, Math.toRadians(25));
        SplittableRandom random = new SplittableRandom(7);
        for (int trial = 0; trial < 20; trial++) {
            double theta = random.nextDouble(0, 2 * Math.PI);
            double t = random.nextDouble(-35, 35);
            double cos = Math.cos(theta);
            double sin = Math.sin(theta);
            double numeric = numericLineIntegral(s -> ellipse.contains(t * cos - s * sin, t * sin + s * cos)
                    ? ellipse.value() : 0, 60, 200_000);
            assertEquals(numeric, ellipse.lineIntegral(theta, t), 2e-3, "theta " + theta + " t " + t);
        }
    }

    @Test
    void ellipsoidChordsMatchNumericIntegration() {
        Ellipsoid ellipsoid = new Ellipsoid(2, 20, 10, 15, 3, -4, 5, Math.toRadians(-30));
        SplittableRandom random = new SplittableRandom(11);
        for (int trial = 0; trial < 20; trial++) {
            double[] point = {random.nextDouble(-8, 8), random.nextDouble(-8, 8), random.nextDouble(-5, 12)};
            double[] direction = {random.nextGaussian(), random.nextGaussian(), random.nextGaussian()};
            double norm = Math.sqrt(direction[0] * direction[0] + direction[1] * direction[1] + direction[2] * direction[2]);
            double numeric = numericLineIntegral(s -> ellipsoid.contains(point[0] + s * direction[0] / norm,
                    point[1] + s * direction[1] / norm, point[2] + s * direction[2] / norm) ? ellipsoid.value() : 0,
                    60, 200_000);
            double exact = new Phantom3D(java.util.List.of(ellipsoid)).lineIntegral(point[0], point[1], point[2],
                    direction[0], direction[1], direction[2]);
            assertEquals(numeric, exact, 2e-3);
        }
    }

    @Test
    void everyViewOfTheSinogramHoldsThePhantomsMass() {
        Phantom2D phantom = SheppLogan.modified2D(64);
        double mass = 0;
        for (Ellipse ellipse : phantom.ellipses()) {
            mass += ellipse.value() * Math.PI * ellipse.semiAxisU() * ellipse.semiAxisV();
        }
        ParallelBeamGeometry geometry = ParallelBeamGeometry.uniform(12, Math.PI, 2000, 0.1);
        float[] sinogram = phantom.sinogram(geometry);
        for (int view = 0; view < 12; view++) {
            double sum = 0;
            for (int bin = 0; bin < 2000; bin++) {
                sum += sinogram[view * 2000 + bin] * 0.1;
            }
            assertEquals(mass, sum, 1e-3 * mass, "view " + view);
        }
    }

    @Test
    void modifiedSheppLoganHasToftsValuesAndLooksAsInPrint() {
        Phantom2D phantom = SheppLogan.modified2D(1);
        assertEquals(0.2, phantom.value(0, 0.2), 1e-12, "brain");
        assertEquals(1.0, phantom.value(0, 0.9), 1e-12, "skull, below the centre in print");
        assertEquals(0.0, phantom.value(0.22, 0), 1e-12, "right ventricle");
        assertEquals(0.3, phantom.value(0, -0.35), 1e-12, "the large upper ellipse lies toward -y: top rows");
        assertEquals(0.3, phantom.value(0, 0.606), 1e-12, "the small ellipses lie toward +y: bottom rows");
        assertEquals(0.0, phantom.value(0, 0.95), 1e-12);
    }

    @Test
    void threeDimensionalPhantomMatchesTheTwoDimensionalOneWhereTheyAgree() {
        Phantom3D phantom = SheppLogan.modified3D(1);
        assertEquals(0.2, phantom.value(0, 0.2, 0), 1e-12);
        assertEquals(1.0, phantom.value(0, 0.9, 0), 1e-12);
        assertEquals(0.0, phantom.value(0, 0, 0.9), 1e-12);
        VolumeGeometry slab = new VolumeGeometry(1, 1, 3, 1, 1, 0.5, 0, 0, 0);
        ParallelBeamGeometry geometry = ParallelBeamGeometry.of(new double[] {0.4}, 1, 1, 0.05);
        float[] sinograms = phantom.parallelSinograms(geometry, slab);
        for (int slice = 0; slice < 3; slice++) {
            double t = 0.05;
            double z = slab.z(slice);
            double numeric = numericLineIntegral(s -> phantom.value(t * Math.cos(0.4) - s * Math.sin(0.4),
                    t * Math.sin(0.4) + s * Math.cos(0.4), z), 1.2, 400_000);
            assertEquals(numeric, sinograms[slice], 1e-4, "slice at z = " + z);
        }
    }

    @Test
    void pixelAveragesConvergeToTheArea() {
        Phantom2D disc = new Phantom2D(java.util.List.of(new Ellipse(1, 10, 10, 0, 0, 0)));
        float[] image = disc.image(VolumeGeometry.slice(32, 1), 8);
        double area = 0;
        for (float value : image) {
            area += value;
        }
        assertEquals(Math.PI * 100, area, 0.5);
        assertTrue(image[16 * 32 + 16] == 1f);
    }
}
