package org.recon4j.io;

import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.recon4j.InvalidInputException;

/**
 * A multi-page TIFF of projections, one page per view (the JDK's own TIFF reader): width x
 * height x pages, read as a volume with unit spacing, since TIFF carries no geometry (it comes
 * from the command line). Grey pages of 8, 16 or 32-bit integers or 32-bit floats; every page
 * must have the first page's size.
 */
public final class TiffStack {
    private TiffStack() {
    }

    public static boolean isTiff(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".tif") || name.endsWith(".tiff");
    }

    public static FloatVolume read(Path path) throws IOException {
        String name = path.getFileName().toString();
        if (!Files.isRegularFile(path)) {
            throw new InvalidInputException(name + ": expected a TIFF file, found none");
        }
        try (ImageInputStream stream = ImageIO.createImageInputStream(path.toFile())) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(stream);
            if (!readers.hasNext()) {
                throw new InvalidInputException(name + ": expected a TIFF image, found a file no image reader knows");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(stream, false, true);
                int pages = reader.getNumImages(true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                long count = (long) width * height * pages;
                if (count > org.recon4j.util.Checks.MAX_ARRAY_LENGTH) {
                    throw new InvalidInputException(name + ": " + count + " values are more than one array holds");
                }
                float[] data = new float[(int) count];
                for (int page = 0; page < pages; page++) {
                    Raster raster = reader.canReadRaster() ? reader.readRaster(page, null) : reader.read(page).getRaster();
                    if (raster.getWidth() != width || raster.getHeight() != height) {
                        throw new InvalidInputException(String.format("%s: page %d is %d x %d, the first page %d x %d",
                                name, page + 1, raster.getWidth(), raster.getHeight(), width, height));
                    }
                    if (raster.getNumBands() != 1) {
                        throw new InvalidInputException(name + ": expected grey pages of one sample, found "
                                + raster.getNumBands() + " samples per pixel on page " + (page + 1));
                    }
                    float[] pageValues = raster.getSamples(raster.getMinX(), raster.getMinY(), width, height, 0,
                            (float[]) null);
                    System.arraycopy(pageValues, 0, data, page * width * height, width * height);
                }
                return FloatVolume.of(data, width, height, pages);
            } catch (javax.imageio.IIOException | java.io.EOFException | RuntimeException e) {
                if (e instanceof InvalidInputException invalid) {
                    throw invalid;
                }
                // the JDK's TIFF decoder reports damaged files in many ways; each is the file's fault
                throw new InvalidInputException(name + ": the TIFF could not be read (" + e + ")");
            } finally {
                reader.dispose();
            }
        }
    }

    /**
     * Projections of one page per view turned into sinograms ({@code bins views rows}): row r of
     * every page becomes slice r's sinogram.
     */
    public static FloatVolume asSinograms(FloatVolume stack) {
        int bins = stack.size(0);
        int rows = stack.size(1);
        int views = stack.size(2);
        float[] in = stack.data();
        float[] out = new float[in.length];
        for (int view = 0; view < views; view++) {
            for (int row = 0; row < rows; row++) {
                System.arraycopy(in, (view * rows + row) * bins, out, (row * views + view) * bins, bins);
            }
        }
        return rows == 1 ? FloatVolume.of(out, bins, views) : FloatVolume.of(out, bins, views, rows);
    }
}
