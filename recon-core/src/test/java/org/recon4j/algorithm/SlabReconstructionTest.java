package org.recon4j.algorithm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recon4j.InvalidInputException;
import org.recon4j.Progress;
import org.recon4j.filter.FilterWindow;
import org.recon4j.geometry.ConeBeamGeometry;
import org.recon4j.geometry.DetectorShape;
import org.recon4j.geometry.FanBeamGeometry;
import org.recon4j.geometry.ParallelBeamGeometry;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.io.FloatVolume;
import org.recon4j.io.MetaImage;
import org.recon4j.io.MetaImageSlabs;

/**
 * A volume reconstructed in z-slabs and put together has the same bits as the volume
 * reconstructed whole, for every geometry: what lets one volume be split across machines. The
 * slab boundaries are uneven and the cone's volume is off-centre with a panel too short for it,
 * so that slabs start inside and outside each voxel column's walk along the detector.
 */
class SlabReconstructionTest {
    @TempDir
    Path folder;

    private static final int[][] SLABS = {{0, 3}, {3, 1}, {4, 7}, {11, 2}};

    @Test
    void coneBeamSlabsHaveTheWholeVolumesBits() {
        ConeBeamGeometry geometry = ConeBeamGeometry.circular(angles(36), 90, 160, 37, 16, 1.1, 1.2, 0.7, -0.9);
        VolumeGeometry volume = new VolumeGeometry(20, 18, 13, 1.3, 1.25, 0.9, 0.7, -0.4, 2.5);
        float[] projections = random(geometry.projectionSize(), 3);
        DivergentBeamFbp fdk = DivergentBeamFbp.fdk(geometry, volume, FilterWindow.HANN, 0.8, 2);
        float[] whole = fdk.reconstruct(projections);
        assertSlabsEqual(whole, volume, (first, count) -> fdk.reconstructSlab(projections, first, count, Progress.NONE));
    }

    @Test
    void fanBeamSlabsHaveTheWholeVolumesBits() {
        FanBeamGeometry geometry = FanBeamGeometry.circular(48, 120, 200, DetectorShape.ARC, 41, 1.5);
        VolumeGeometry volume = new VolumeGeometry(24, 22, 13, 1.2, 1.2, 2, 0.5, -0.3, 0);
        float[] sinograms = random(geometry.sinogramSize() * volume.nz(), 4);
        DivergentBeamFbp fbp = DivergentBeamFbp.fan(geometry, volume, FilterWindow.RAM_LAK, 1, 2);
        float[] whole = fbp.reconstruct(sinograms);
        assertSlabsEqual(whole, volume, (first, count) -> fbp.reconstructSlab(sinograms, first, count, Progress.NONE));
    }

    @Test
    void parallelBeamSlabsHaveTheWholeVolumesBits() {
        ParallelBeamGeometry geometry = ParallelBeamGeometry.uniform(45, Math.PI, 33, 1);
        VolumeGeometry volume = VolumeGeometry.stack(30, 13, 1);
        float[] sinograms = random(geometry.sinogramSize() * volume.nz(), 5);
        ParallelBeamFbp fbp = new ParallelBeamFbp(geometry, volume, FilterWindow.SHEPP_LOGAN, 1, 2);
        float[] whole = fbp.reconstruct(sinograms);
        assertSlabsEqual(whole, volume, (first, count) -> {
            float[] slab = new float[count * volume.sliceSize()];
            fbp.reconstructSlab(sinograms, first, count, slab, Progress.NONE);
            return slab;
        });
        assertThrows(InvalidInputException.class, () -> fbp.reconstructSlab(sinograms, 12, 2,
                new float[2 * volume.sliceSize()], Progress.NONE), "a slab past the last slice is refused");
    }

    @Test
    void slabsWrittenInAnyOrderMakeTheFileMetaImageWrites() throws Exception {
        VolumeGeometry volume = new VolumeGeometry(5, 4, 13, 1.5, 1.5, 2, 1, 2, 3);
        float[] whole = random(volume.voxelCount(), 6);
        Path header = folder.resolve("slabs.mhd");
        Path partial = MetaImageSlabs.begin(header, volume);
        assertTrue(Files.exists(partial) && !Files.exists(header), "nothing appears under the final name before commit");
        for (int index = SLABS.length - 1; index >= 0; index--) {
            int first = SLABS[index][0];
            int count = SLABS[index][1];
            MetaImageSlabs.write(partial, volume, first, Arrays.copyOfRange(whole, first * volume.sliceSize(),
                    (first + count) * volume.sliceSize()));
        }
        MetaImageSlabs.commit(header, volume);
        Path reference = folder.resolve("whole.mhd");
        MetaImage.write(reference, FloatVolume.of(volume, whole), false);
        assertArrayEquals(Files.readAllBytes(folder.resolve("whole.raw")), Files.readAllBytes(folder.resolve("slabs.raw")));
        assertEquals(Files.readString(reference, StandardCharsets.US_ASCII).replace("whole.raw", "slabs.raw"),
                Files.readString(header, StandardCharsets.US_ASCII));
        assertTrue(!Files.exists(partial), "the partial data are renamed into place");
        assertThrows(InvalidInputException.class, () -> MetaImageSlabs.begin(folder.resolve("one.mha"), volume),
                "a single-file .mha cannot take slabs at offsets");
    }

    private interface Slab {
        float[] reconstruct(int first, int count);
    }

    private static void assertSlabsEqual(float[] whole, VolumeGeometry volume, Slab slab) {
        float[] joined = new float[whole.length];
        for (int[] range : SLABS) {
            float[] part = slab.reconstruct(range[0], range[1]);
            assertEquals(range[1] * volume.sliceSize(), part.length);
            System.arraycopy(part, 0, joined, range[0] * volume.sliceSize(), part.length);
        }
        double largest = 0;
        for (float value : whole) {
            largest = Math.max(largest, Math.abs(value));
        }
        assertTrue(largest > 0, "the reconstruction is not all zero");
        for (int i = 0; i < whole.length; i++) {
            assertEquals(Float.floatToRawIntBits(whole[i]), Float.floatToRawIntBits(joined[i]), "voxel " + i);
        }
    }

    private static double[] angles(int count) {
        double[] angles = new double[count];
        for (int v = 0; v < count; v++) {
            angles[v] = 2 * Math.PI * v / count + 0.2;
        }
        return angles;
    }

    private static float[] random(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) random.nextDouble(0, 2);
        }
        return values;
    }
}
