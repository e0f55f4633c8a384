package org.recon4j.projector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.recon4j.InvalidInputException;
import org.recon4j.geometry.SpectGeometry;
import org.recon4j.geometry.VolumeGeometry;

/** The projector contract for the SPECT projector in its variants, and SPECT's own physics checks. */
class SpectProjectorTest {
    static final VolumeGeometry GRID = new VolumeGeometry(14, 13, 7, 4, 4, 4, 0, 0, 0);

    static SpectGeometry circular(int views, double radius) {
        return SpectGeometry.fromDicom(0, 360.0 / views, SpectGeometry.Direction.CW, views, new double[] {radius},
                20, 9, 4, 4);
    }

    static float[] cylinderMu(VolumeGeometry grid, double radius) {
        float[] mu = new float[grid.voxelCount()];
        for (int z = 0; z < grid.nz(); z++) {
            for (int y = 0; y < grid.ny(); y++) {
                for (int x = 0; x < grid.nx(); x++) {
                    if (Math.hypot(grid.x(x), grid.y(y)) <= radius) {
                        mu[(z * grid.ny() + y) * grid.nx() + x] = 0.15f;
                    }
                }
            }
        }
        return mu;
    }

    @Nested
    class Plain extends ProjectorContract {
        @Override
        protected Projector projector() {
            return new SpectProjector(circular(12, 60), GRID, null, null, null, 2);
        }
    }

    @Nested
    class AttenuationAndResponse extends ProjectorContract {
        @Override
        protected Projector projector() {
            float[] mu = cylinderMu(GRID, 22);
            boolean[] body = new boolean[mu.length];
            for (int i = 0; i < mu.length; i++) {
                body[i] = mu[i] > 0;
            }
            return new SpectProjector(circular(10, 50), GRID, mu, body, CollimatorResponse.linear(0.03, 2, 3), 3);
        }
    }

    @Nested
    class NonCircularOrbitWithOffsets extends ProjectorContract {
        @Override
        protected Projector projector() {
            double[] angles = new double[9];
            double[] radii = new double[9];
            for (int v = 0; v < 9; v++) {
                angles[v] = Math.toRadians(5 + 40 * v);
                radii[v] = 40 + 8 * Math.cos(2 * angles[v]);
            }
            SpectGeometry geometry = SpectGeometry.of(angles, radii, 21, 10, 3.5, 3, 1.2, -0.8);
            return new SpectProjector(geometry, GRID, cylinderMu(GRID, 30), null,
                    CollimatorResponse.fromCollimator(24, 1.5, 3.8, 2.5), 2);
        }
    }

    @Test
    void countsAreConservedWithoutAttenuationOrTruncation() {
        // a small source well inside the field of view: every view records all its counts
        VolumeGeometry grid = new VolumeGeometry(16, 16, 8, 4, 4, 4, 0, 0, 0);
        float[] source = new float[grid.voxelCount()];
        SplittableRandom random = new SplittableRandom(4);
        for (int z = 2; z < 6; z++) {
            for (int y = 5; y < 11; y++) {
                for (int x = 5; x < 11; x++) {
                    source[(z * 16 + y) * 16 + x] = (float) random.nextDouble(0, 10);
                }
            }
        }
        double total = 0;
        for (float value : source) {
            total += value;
        }
        SpectGeometry geometry = SpectGeometry.fromDicom(0, 30, SpectGeometry.Direction.CC, 12, new double[] {80}, 32, 16, 4, 4);
        for (CollimatorResponse response : new CollimatorResponse[] {null, CollimatorResponse.linear(0.02, 2, 4)}) {
            float[] projections = new float[geometry.projectionSize()];
            new SpectProjector(geometry, grid, null, null, response, 1).forward(source, projections);
            for (int view = 0; view < 12; view++) {
                double sum = 0;
                for (int i = view * geometry.frameSize(); i < (view + 1) * geometry.frameSize(); i++) {
                    sum += projections[i];
                }
                assertEquals(total, sum, 1e-5 * total, "view " + view);
            }
        }
    }

    @Test
    void attenuationFollowsTheExponentialLaw() {
        // one voxel at the centre of a uniform cylinder: its counts fall by exp(-mu * path) in every view
        VolumeGeometry grid = new VolumeGeometry(21, 21, 1, 4, 4, 4, 0, 0, 0);
        float[] mu = cylinderMu(grid, 200);
        float[] source = new float[grid.voxelCount()];
        source[10 * 21 + 10] = 1;
        SpectGeometry geometry = SpectGeometry.fromDicom(0, 90, SpectGeometry.Direction.CW, 4, new double[] {100}, 25, 1, 4, 4);
        float[] projections = new float[geometry.projectionSize()];
        new SpectProjector(geometry, grid, mu, null, null, 1).forward(source, projections);
        double path = 10.5 * 4; // from the centre of voxel 10 to the grid's edge, mm
        for (int view = 0; view < 4; view++) {
            double sum = 0;
            for (int m = 0; m < 25; m++) {
                sum += projections[view * 25 + m];
            }
            assertEquals(Math.exp(-0.15 * path / 10), sum, 1e-6, "view " + view);
        }
    }

    @Test
    void aCameraInsideTheBodyIsRefused() {
        InvalidInputException error = assertThrows(InvalidInputException.class,
                () -> new SpectProjector(circular(8, 10), GRID, null, null, null, 1));
        assertTrue(error.getMessage().contains("cuts through the reconstructed region"), error.getMessage());
        float[] negative = new float[GRID.voxelCount()];
        negative[3] = -0.1f;
        assertThrows(InvalidInputException.class,
                () -> new SpectProjector(circular(8, 60), GRID, negative, null, null, 1));
    }
}
