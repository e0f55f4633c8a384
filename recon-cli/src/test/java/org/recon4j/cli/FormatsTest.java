package org.recon4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recon4j.io.FloatVolume;
import org.recon4j.io.MetaImage;
import org.recon4j.io.VolumeFiles;

/** The same reconstruction from a TIFF projection stack as from the MetaImage sinogram; NIfTI outputs. */
class FormatsTest {
    @TempDir
    Path folder;

    private String path(String name) {
        return folder.resolve(name).toString();
    }

    /** Writes a MetaImage sinogram stack ({@code bins views rows}) as float pages, one a view. */
    private static void writeTiffStack(FloatVolume sinograms, Path target) throws IOException {
        int bins = sinograms.size(0);
        int views = sinograms.size(1);
        int rows = sinograms.size(2);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(Files.newOutputStream(target))) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            for (int view = 0; view < views; view++) {
                java.awt.image.ComponentColorModel model = new java.awt.image.ComponentColorModel(
                        java.awt.color.ColorSpace.getInstance(java.awt.color.ColorSpace.CS_GRAY), false, false,
                        java.awt.Transparency.OPAQUE, DataBuffer.TYPE_FLOAT);
                WritableRaster raster = model.createCompatibleWritableRaster(bins, rows);
                for (int row = 0; row < rows; row++) {
                    for (int bin = 0; bin < bins; bin++) {
                        raster.setSample(bin, row, 0, sinograms.data()[(row * views + view) * bins + bin]);
                    }
                }
                writer.writeToSequence(new IIOImage(new BufferedImage(model, raster, false, null), null, null), null);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
    }

    @Test
    void aTiffStackReconstructsAsItsSinogramsDo() throws IOException {
        assertEquals(0, CommandRun.of("phantom", "--size", "48", "--views", "60", "--slices", "3", "--out-image",
                path("p.mhd"), "--out-sino", path("s.mhd"), "-q").code());
        writeTiffStack(MetaImage.read(folder.resolve("s.mhd")), folder.resolve("stack.tif"));
        CommandRun fromMeta = CommandRun.of("fbp", "--in", path("s.mhd"), "--angles", "0:3:60", "--out", path("a.mhd"), "-q");
        assertEquals(0, fromMeta.code(), fromMeta.err());
        CommandRun fromTiff = CommandRun.of("fbp", "--in", path("stack.tif"), "--angles", "0:3:60", "--out",
                path("b.nii"), "-q");
        assertEquals(0, fromTiff.code(), fromTiff.err());
        FloatVolume a = MetaImage.read(folder.resolve("a.mhd"));
        FloatVolume b = VolumeFiles.read(folder.resolve("b.nii"));
        assertArrayEquals(a.size(), b.size());
        assertArrayEquals(a.data(), b.data(), "the same image, bit for bit");
        assertArrayEquals(a.origin(), b.origin(), 1e-5);
        CommandRun gz = CommandRun.of("sirt", "--in", path("s.mhd"), "--angles", "0:3:60", "--iterations", "2",
                "--out", path("c.nii.gz"), "-q");
        assertEquals(0, gz.code(), gz.err());
        assertTrue(Files.size(folder.resolve("c.nii.gz")) > 100);
        CommandRun png = CommandRun.of("fbp", "--in", path("s.mhd"), "--angles", "0:3:60", "--out", path("x.png"));
        assertEquals(Recon.EXIT_INPUT, png.code());
        assertTrue(png.err().contains("must end in .mhd, .mha, .nii or .nii.gz"), png.err());
    }
}
