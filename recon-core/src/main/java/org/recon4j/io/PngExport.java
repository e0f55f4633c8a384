package org.recon4j.io;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.recon4j.InvalidInputException;

/**
 * Writes one slice of a volume as an 8-bit grey PNG: values at or below {@code low} are black,
 * at or above {@code high} white. Row 0 of the slice is the top row of the picture, so an
 * axial slice shows anterior at the top, as a radiology viewer does.
 */
public final class PngExport {
    private PngExport() {
    }

    public static void writeSlice(Path target, float[] volume, int nx, int ny, int slice, double low, double high)
            throws IOException {
        byte[] png = encodeSlice(volume, nx, ny, slice, low, high);
        AtomicFiles.write(target, out -> out.write(png));
    }

    /** The PNG file's bytes for one slice, as {@link #writeSlice} writes them (for reports). */
    public static byte[] encodeSlice(float[] volume, int nx, int ny, int slice, double low, double high) throws IOException {
        if (!(high > low) || !Double.isFinite(low) || !Double.isFinite(high)) {
            throw new InvalidInputException("PNG window must have finite low < high, found " + low + ", " + high);
        }
        long sliceSize = (long) nx * ny;
        if (slice < 0 || (slice + 1) * sliceSize > volume.length) {
            throw new InvalidInputException("slice " + slice + " is outside the volume of " + volume.length / sliceSize
                    + " slices");
        }
        BufferedImage image = new BufferedImage(nx, ny, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster raster = image.getRaster();
        int[] row = new int[nx];
        double scale = 255.0 / (high - low);
        for (int y = 0; y < ny; y++) {
            int offset = (int) (slice * sliceSize + (long) y * nx);
            for (int x = 0; x < nx; x++) {
                double level = (volume[offset + x] - low) * scale;
                row[x] = level <= 0 || Double.isNaN(level) ? 0 : level >= 255 ? 255 : (int) Math.round(level);
            }
            raster.setPixels(0, y, nx, 1, row);
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        if (!ImageIO.write(image, "png", bytes)) {
            throw new IOException("no PNG writer is available in this Java runtime");
        }
        return bytes.toByteArray();
    }

    /** The [min, max] of one slice, for a window that shows everything. */
    public static double[] range(float[] volume, int sliceSize, int slice) {
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (int i = slice * sliceSize; i < (slice + 1) * sliceSize; i++) {
            low = Math.min(low, volume[i]);
            high = Math.max(high, volume[i]);
        }
        return high > low ? new double[] {low, high} : new double[] {low, low + 1};
    }
}
