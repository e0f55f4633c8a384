package org.recon4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recon4j.InvalidInputException;

/** NIfTI-1 written and read back, headers as the format defines them, flipped axes, bad files. */
class NiftiTest {
    @TempDir
    Path folder;

    private static FloatVolume volume() {
        float[] data = new float[4 * 3 * 2];
        for (int i = 0; i < data.length; i++) {
            data[i] = i * 0.5f - 3;
        }
        return new FloatVolume(new int[] {4, 3, 2}, new double[] {1.5, 2, 3}, new double[] {-10, 20, -30}, data);
    }

    @Test
    void aVolumeRoundTripsWithItsPlacement() throws IOException {
        for (String name : new String[] {"v.nii", "v.nii.gz"}) {
            Path path = folder.resolve(name);
            VolumeFiles.write(path, volume());
            FloatVolume back = VolumeFiles.read(path);
            assertArrayEquals(volume().size(), back.size());
            assertArrayEquals(volume().spacing(), back.spacing(), 1e-6);
            assertArrayEquals(volume().origin(), back.origin(), 1e-5);
            assertArrayEquals(volume().data(), back.data());
        }
        FloatVolume slice = new FloatVolume(new int[] {2, 2}, new double[] {1, 1}, new double[] {0.5, -0.5},
                new float[] {1, 2, 3, 4});
        VolumeFiles.write(folder.resolve("s.nii"), slice);
        assertEquals(2, VolumeFiles.read(folder.resolve("s.nii")).dimensions());
    }

    @Test
    void theHeaderSaysRasWithBothFormsSet() throws IOException {
        Path path = folder.resolve("v.nii");
        Nifti.write(path, volume());
        ByteBuffer header = ByteBuffer.wrap(Files.readAllBytes(path)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(348, header.getInt(0));
        assertEquals(352f, header.getFloat(108));
        assertEquals(16, header.getShort(70), "float32");
        assertEquals(1, header.getShort(252), "qform code");
        assertEquals(1, header.getShort(254), "sform code");
        // srow: x_RAS = -x_LPS, y_RAS = -y_LPS, z_RAS = z_LPS
        assertArrayEquals(new float[] {-1.5f, 0, 0, 10}, row(header, 280));
        assertArrayEquals(new float[] {0, -2, 0, -20}, row(header, 296));
        assertArrayEquals(new float[] {0, 0, 3, -30}, row(header, 312));
        assertEquals(352 + 4 * 24, Files.size(path));
    }

    private static float[] row(ByteBuffer header, int at) {
        return new float[] {header.getFloat(at), header.getFloat(at + 4), header.getFloat(at + 8), header.getFloat(at + 12)};
    }

    /** A RAS+ file (positive x steps go to the patient's right) arrives with x and y flipped into LPS order. */
    @Test
    void axesStoredAgainstOursAreFlipped() throws IOException {
        Path path = folder.resolve("ras.nii");
        Nifti.write(path, volume());
        byte[] bytes = Files.readAllBytes(path);
        ByteBuffer header = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        header.putShort(254, (short) 0); // the qform alone: a rotation of 0, so x and y now run along R and A
        header.putFloat(264, 0f);
        Files.write(path, bytes);
        FloatVolume read = Nifti.read(path);
        // RAS origin (10, -20, -30) with +x towards R: LPS x of voxel i is -(10 + 1.5 i), so x flips.
        assertArrayEquals(new double[] {-(10 + 1.5 * 3), 20 - 2 * 2, -30}, read.origin(), 1e-5);
        assertEquals(volume().data()[0], read.data()[3 + 2 * 4], "voxel (0, 0, 0) lands at (3, 2, 0)");
    }

    @Test
    void badFilesAreRefusedInOneLine() throws IOException {
        Path path = folder.resolve("bad.nii");
        Files.write(path, new byte[100]);
        InvalidInputException shortFile = assertThrows(InvalidInputException.class, () -> Nifti.read(path));
        assertTrue(shortFile.getMessage().contains("expected a 348-byte NIfTI-1 header"), shortFile.getMessage());
        Nifti.write(path, volume());
        byte[] bytes = Files.readAllBytes(path);
        Files.write(path, java.util.Arrays.copyOf(bytes, bytes.length - 8));
        InvalidInputException truncated = assertThrows(InvalidInputException.class, () -> Nifti.read(path));
        assertTrue(truncated.getMessage().contains("the file ends after 22"), truncated.getMessage());
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putShort(70, (short) 128);
        Files.write(path, bytes);
        InvalidInputException rgb = assertThrows(InvalidInputException.class, () -> Nifti.read(path));
        assertTrue(rgb.getMessage().contains("found code 128"), rgb.getMessage());
        ByteBuffer oblique = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        oblique.putShort(70, (short) 16);
        oblique.putFloat(284, 0.5f);
        Files.write(path, bytes);
        InvalidInputException rotated = assertThrows(InvalidInputException.class, () -> Nifti.read(path));
        assertTrue(rotated.getMessage().contains("oblique or permuted"), rotated.getMessage());
        assertFalse(VolumeFiles.isWritable(folder.resolve("x.png")));
    }
}
