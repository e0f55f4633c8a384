package org.recon4j.projector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.recon4j.geometry.ConeBeamGeometry;
import org.recon4j.geometry.DetectorShape;
import org.recon4j.geometry.FanBeamGeometry;
import org.recon4j.geometry.ParallelBeamGeometry;
import org.recon4j.geometry.Rays;
import org.recon4j.geometry.VolumeGeometry;

/**
 * Joseph's forward projection, whose walk takes untested loops inside the grid and an in-plane
 * loop for rays within one slice, against a plain walk that tests every voxel of every plane
 * (written from the class's description). Rays graze and cross the grid's edges: detectors wider
 * than the off-centre grids, and a cone whose outer rows leave through the top and bottom.
 */
class JosephWalkTest {
    static Stream<Arguments> geometries() {
        VolumeGeometry plane = JosephProjectorTest.GRID_2D;
        VolumeGeometry block = JosephProjectorTest.GRID_3D;
        double[] angles = new double[9];
        for (int v = 0; v < angles.length; v++) {
            angles[v] = 0.37 * v + 0.05;
        }
        return Stream.of(
                Arguments.of("parallel 2D", ParallelBeamGeometry.of(angles, 41, 0.8, 0.3).rays(plane), plane),
                Arguments.of("parallel stack", ParallelBeamGeometry.of(angles, 33, 0.9, -0.2).rays(block), block),
                Arguments.of("fan arc", FanBeamGeometry.of(angles, 60, 110, DetectorShape.ARC, 51, 1.5, 0.4).rays(plane),
                        plane),
                Arguments.of("fan flat", FanBeamGeometry.of(angles, 60, 110, DetectorShape.FLAT, 51, 1.5, 0).rays(plane),
                        plane),
                Arguments.of("cone", ConeBeamGeometry.circular(angles, 50, 90, 37, 31, 1.3, 1.1, 0.4, -0.7).rays(),
                        block),
                Arguments.of("random lines", new RandomLines(block), block));
    }

    /**
     * Lines through random points of a box a little larger than the grid: a quarter with random
     * directions, a quarter level in z (at slice centres and between them), a quarter along a
     * grid axis, a quarter level in z and at 45 degrees, through voxel faces and corners.
     */
    private record RandomLines(VolumeGeometry volume) implements Rays {
        private static final int COUNT = 4000;

        @Override
        public int count() {
            return COUNT;
        }

        @Override
        public int viewCount() {
            return 1;
        }

        @Override
        public int raysPerView() {
            return COUNT;
        }

        @Override
        public int index(int view, int k) {
            return k;
        }

        @Override
        public void ray(int view, int k, double[] out) {
            SplittableRandom random = new SplittableRandom(k);
            int slice = random.nextInt(-1, volume.nz() + 1);
            out[0] = volume.x(0) + random.nextDouble(-2, volume.nx() + 1) * volume.dx();
            out[1] = volume.y(0) + random.nextDouble(-2, volume.ny() + 1) * volume.dy();
            out[2] = volume.z(0) + (k % 8 < 4 ? slice : random.nextDouble(-2, volume.nz() + 1)) * volume.dz();
            double azimuth = random.nextDouble(0, 2 * Math.PI);
            double[] direction = switch (k % 4) {
                case 0 -> new double[] {random.nextDouble(-1, 1), random.nextDouble(-1, 1), random.nextDouble(-1, 1)};
                case 1 -> new double[] {Math.cos(azimuth), Math.sin(azimuth), 0};
                case 2 -> new double[] {k % 3 == 0 ? 1 : 0, k % 3 == 1 ? -1 : 0, k % 3 == 2 ? 1 : 0};
                default -> new double[] {1, k % 8 < 4 ? 1 : -1, 0};
            };
            double norm = Math.sqrt(direction[0] * direction[0] + direction[1] * direction[1]
                    + direction[2] * direction[2]);
            for (int axis = 0; axis < 3; axis++) {
                out[3 + axis] = direction[axis] / norm;
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("geometries")
    void forwardMatchesAPlainWalk(String name, Rays rays, VolumeGeometry volume) {
        SplittableRandom random = new SplittableRandom(6);
        float[] image = new float[volume.voxelCount()];
        for (int i = 0; i < image.length; i++) {
            image[i] = (float) random.nextDouble(-1, 2);
        }
        float[] projections = new float[rays.count()];
        new JosephProjector(rays, volume, 2).forward(image, projections);
        double[] ray = new double[6];
        int crossing = 0;
        for (int view = 0; view < rays.viewCount(); view++) {
            for (int k = 0; k < rays.raysPerView(); k++) {
                rays.ray(view, k, ray);
                double expected = plainWalk(ray, image, volume);
                crossing += expected != 0 ? 1 : 0;
                assertEquals(expected, projections[rays.index(view, k)], 1e-5 * (1 + Math.abs(expected)),
                        name + ", view " + view + ", ray " + k);
            }
        }
        assertEquals(true, crossing > rays.count() / 3, name + ": many rays must cross the grid, " + crossing);
    }

    /** Joseph's line integral, every voxel of every plane of the main axis tested against the grid. */
    private static double plainWalk(double[] ray, float[] image, VolumeGeometry volume) {
        int[] size = {volume.nx(), volume.ny(), volume.nz()};
        int[] stride = {1, volume.nx(), volume.nx() * volume.ny()};
        double[] origin = volume.origin();
        double[] spacing = {volume.dx(), volume.dy(), volume.dz()};
        int main = JosephProjector.mainAxis(ray);
        int a = main == 0 ? 1 : 0;
        int b = main == 2 ? 1 : 2;
        double sum = 0;
        for (int i = 0; i < size[main]; i++) {
            double t = (origin[main] + i * spacing[main] - ray[main]) / ray[3 + main];
            double fa = (ray[a] + t * ray[3 + a] - origin[a]) / spacing[a];
            double fb = (ray[b] + t * ray[3 + b] - origin[b]) / spacing[b];
            int ia = (int) Math.floor(fa);
            int ib = (int) Math.floor(fb);
            for (int da = 0; da < 2; da++) {
                for (int db = 0; db < 2; db++) {
                    int ja = ia + da;
                    int jb = ib + db;
                    if (ja >= 0 && ja < size[a] && jb >= 0 && jb < size[b]) {
                        double weight = (da == 0 ? 1 - (fa - ia) : fa - ia) * (db == 0 ? 1 - (fb - ib) : fb - ib);
                        sum += weight * image[i * stride[main] + ja * stride[a] + jb * stride[b]];
                    }
                }
            }
        }
        return sum * spacing[main] / Math.abs(ray[3 + main]);
    }
}
