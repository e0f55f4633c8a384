package org.recon4j.spect;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.io.FloatVolume;
import org.recon4j.io.Interfile;
import org.recon4j.testdata.ReferenceData;

/**
 * The STIR SPECT case of {@code testdata/spect-stir-a}, unpacked into a folder: its headers are
 * used as they are, so the test reads exactly what STIR wrote. ROIs and reference numbers are
 * those of the data's README.
 */
final class StirCase {
    static final String FOLDER = "spect-stir-a/";
    static final int SIZE = 128;
    static final double VOXEL = 4.42;
    /** The grid, centred on the rotation axis: x = (c - 63.5) * 4.42 mm, likewise y and z. */
    static final VolumeGeometry GRID = new VolumeGeometry(SIZE, SIZE, SIZE, VOXEL, VOXEL, VOXEL, 0, 0, 0);

    private StirCase() {
    }

    static Path unpack(Path folder, String... headers) throws IOException {
        for (String header : headers) {
            Files.write(folder.resolve(header), ReferenceData.bytes(FOLDER + header));
            String data = header.replace(".hv", ".v").replace(".hs", ".s");
            try (InputStream in = new GZIPInputStream(
                    new java.io.ByteArrayInputStream(ReferenceData.bytes(FOLDER + data + ".gz")))) {
                Files.write(folder.resolve(data), in.readAllBytes());
            }
        }
        return folder;
    }

    static float[] image(Path folder, String header) throws IOException {
        FloatVolume volume = Interfile.readImage(folder.resolve(header));
        return volume.data();
    }

    /** Voxels whose centres lie within {@code radius} mm of (x, y, z). */
    static boolean[] sphere(double x, double y, double z, double radius) {
        boolean[] mask = new boolean[GRID.voxelCount()];
        for (int k = 0; k < SIZE; k++) {
            for (int j = 0; j < SIZE; j++) {
                for (int i = 0; i < SIZE; i++) {
                    double dx = GRID.x(i) - x;
                    double dy = GRID.y(j) - y;
                    double dz = GRID.z(k) - z;
                    mask[(k * SIZE + j) * SIZE + i] = dx * dx + dy * dy + dz * dz <= radius * radius;
                }
            }
        }
        return mask;
    }

    /** The background ROI: r <= 80 mm from the axis, -70 <= z <= -30 mm. */
    static boolean[] background() {
        boolean[] mask = new boolean[GRID.voxelCount()];
        for (int k = 0; k < SIZE; k++) {
            for (int j = 0; j < SIZE; j++) {
                for (int i = 0; i < SIZE; i++) {
                    double z = GRID.z(k);
                    mask[(k * SIZE + j) * SIZE + i] = Math.hypot(GRID.x(i), GRID.y(j)) <= 80 && z >= -70 && z <= -30;
                }
            }
        }
        return mask;
    }

    static double mean(float[] image, boolean[] mask) {
        double sum = 0;
        int count = 0;
        for (int i = 0; i < image.length; i++) {
            if (mask[i]) {
                sum += image[i];
                count++;
            }
        }
        return sum / count;
    }

    static int count(boolean[] mask) {
        int count = 0;
        for (boolean inside : mask) {
            count += inside ? 1 : 0;
        }
        return count;
    }
}
