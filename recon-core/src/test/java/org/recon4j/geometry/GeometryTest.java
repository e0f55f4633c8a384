package org.recon4j.geometry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.recon4j.InvalidInputException;

class GeometryTest {
    @Test
    void voxelCentresFollowTheConventions() {
        VolumeGeometry grid = new VolumeGeometry(4, 3, 2, 0.5, 2, 3, 10, -5, 1);
        assertEquals(10 - 0.75, grid.x(0), 1e-12);
        assertEquals(10 + 0.75, grid.x(3), 1e-12);
        assertEquals(-5 - 2, grid.y(0), 1e-12);
        assertEquals(1 + 1.5, grid.z(1), 1e-12);
        assertArrayEquals(new double[] {9.25, -7, -0.5}, grid.origin(), 1e-12);
        assertEquals(24, grid.voxelCount());
    }

    @Test
    void binCentresFollowTheConventions() {
        ParallelBeamGeometry geometry = ParallelBeamGeometry.of(new double[] {0, 1}, 5, 2.0, 0.5);
        assertEquals(-3.5, geometry.binPosition(0), 1e-12);
        assertEquals(0.5, geometry.binPosition(2), 1e-12);
        assertEquals(10, geometry.sinogramSize());
    }

    @Test
    void impossibleGeometriesAreRefused() {
        assertThrows(InvalidInputException.class, () -> VolumeGeometry.slice(0, 1));
        assertThrows(InvalidInputException.class, () -> VolumeGeometry.slice(10, 0));
        assertThrows(InvalidInputException.class, () -> VolumeGeometry.slice(10, Double.NaN));
        InvalidInputException huge = assertThrows(InvalidInputException.class,
                () -> new VolumeGeometry(100000, 100000, 100000, 1, 1, 1, 0, 0, 0));
        assertTrue(huge.getMessage().contains("elements"), huge.getMessage());
        assertThrows(InvalidInputException.class, () -> ParallelBeamGeometry.of(new double[0], 10, 1, 0));
        assertThrows(InvalidInputException.class, () -> ParallelBeamGeometry.of(new double[] {Double.NaN}, 10, 1, 0));
        assertThrows(InvalidInputException.class, () -> ParallelBeamGeometry.of(new double[] {0}, 10, -1, 0));
        assertThrows(InvalidInputException.class,
                () -> ParallelBeamGeometry.of(new double[] {0}, 10, 1, Double.POSITIVE_INFINITY));
    }

    @Test
    void geometryKeepsItsOwnCopyOfTheAngles() {
        double[] angles = {0, 1};
        ParallelBeamGeometry geometry = ParallelBeamGeometry.of(angles, 3, 1, 0);
        angles[0] = 5;
        assertEquals(0, geometry.angle(0));
        assertEquals(geometry, ParallelBeamGeometry.of(new double[] {0, 1}, 3, 1, 0));
    }

    @Test
    void evenlySpacedViewsOver180Or360DegreesWeighPiOverN() {
        for (double arc : new double[] {Math.PI, 2 * Math.PI}) {
            double[] weights = AngularWeights.parallel(ParallelBeamGeometry.uniform(90, arc, 4, 1).angles());
            for (double weight : weights) {
                assertEquals(Math.PI / 90, weight, 1e-12);
            }
        }
    }

    @Test
    void weightsDoNotDependOnViewOrderOrOffset() {
        double[] shuffled = {Math.toRadians(45), Math.toRadians(-90), Math.toRadians(180), Math.toRadians(315)};
        double[] weights = AngularWeights.parallel(shuffled);
        for (double weight : weights) {
            assertEquals(Math.PI / 4, weight, 1e-12);
        }
    }

    @Test
    void viewsBesideAMissingWedgeAreNotWeightedUp() {
        double[] limited = new double[61];
        for (int v = 0; v < limited.length; v++) {
            limited[v] = Math.toRadians(v * 2.0);
        }
        double[] weights = AngularWeights.parallel(limited);
        assertEquals(Math.toRadians(2), weights[30], 1e-12);
        assertEquals(Math.toRadians(2), weights[0], 1e-12);
        assertEquals(Math.toRadians(2), weights[60], 1e-12);
    }

    @Test
    void aSingleViewWeighsPi() {
        assertArrayEquals(new double[] {Math.PI}, AngularWeights.parallel(new double[] {0.3}), 1e-12);
    }
}
