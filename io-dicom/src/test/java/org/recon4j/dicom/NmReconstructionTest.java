package org.recon4j.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recon4j.InvalidInputException;
import org.recon4j.io.FloatVolume;

/** An NM reconstruction written by us reads back with its grid and its values to the 16-bit step. */
class NmReconstructionTest {
    @TempDir
    Path folder;

    @Test
    void writtenReconstructionReadsBack() throws Exception {
        float[] voxels = new float[20 * 14 * 6];
        for (int i = 0; i < voxels.length; i++) {
            voxels[i] = (float) (1000 * Math.sin(i * 0.37) * Math.sin(i * 0.37));
        }
        FloatVolume volume = new FloatVolume(new int[] {20, 14, 6}, new double[] {4.5, 4.5, 3.5},
                new double[] {-42.75, -29.25, 10}, voxels);
        Path file = folder.resolve("recon.dcm");
        NmReconstructionWriter.write(file, volume, DicomStudy.anonymous(), "round trip");
        FloatVolume read = NmReconstruction.read(file);
        assertArrayEquals(volume.size(), read.size());
        assertArrayEquals(volume.spacing(), read.spacing(), 1e-6);
        assertArrayEquals(volume.origin(), read.origin(), 1e-6);
        double step = 1000.0 / 65535 * 1.01;
        for (int i = 0; i < voxels.length; i++) {
            assertEquals(voxels[i], read.data()[i], step, "voxel " + i);
        }
    }

    @Test
    void projectionsAreNotAReconstruction() throws Exception {
        Path projections = folder.resolve("nm.dcm");
        java.nio.file.Files.write(projections, org.recon4j.testdata.ReferenceData.bytes("dicom-synthetic/nm_tomo.dcm"));
        InvalidInputException failure = assertThrows(InvalidInputException.class, () -> NmReconstruction.read(projections));
        assertTrue(failure.getMessage().contains("expected an NM reconstruction"), failure.getMessage());
    }
}
