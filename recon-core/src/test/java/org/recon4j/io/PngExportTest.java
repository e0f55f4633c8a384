package org.recon4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recon4j.InvalidInputException;

class PngExportTest {
    @TempDir
    Path folder;

    @Test
    void windowMapsLowToBlackAndHighToWhiteWithRowZeroOnTop() throws IOException {
        float[] volume = {
            -1, 0, 0.5f, // slice 0, row 0
            1, 2, 0.25f, // slice 0, row 1
            9, 9, 9, 9, 9, 9, // slice 1
        };
        Path path = folder.resolve("slice.png");
        PngExport.writeSlice(path, volume, 3, 2, 0, 0, 1);
        BufferedImage image = ImageIO.read(path.toFile());
        assertEquals(3, image.getWidth());
        assertEquals(2, image.getHeight());
        int[] grey = image.getRaster().getPixels(0, 0, 3, 2, (int[]) null);
        assertEquals(0, grey[0]);
        assertEquals(0, grey[1]);
        assertEquals(128, grey[2]);
        assertEquals(255, grey[3]);
        assertEquals(255, grey[4]);
        assertEquals(64, grey[5]);
    }

    @Test
    void aWindowMustBeOrdered() {
        assertThrows(InvalidInputException.class,
                () -> PngExport.writeSlice(folder.resolve("x.png"), new float[4], 2, 2, 0, 1, 1));
        assertThrows(InvalidInputException.class,
                () -> PngExport.writeSlice(folder.resolve("x.png"), new float[4], 2, 2, 1, 0, 1));
    }
}
