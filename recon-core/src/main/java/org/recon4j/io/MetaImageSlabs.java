package org.recon4j.io;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;
import org.recon4j.InvalidInputException;
import org.recon4j.geometry.VolumeGeometry;

/**
 * A MetaImage volume written a slab of slices at a time, possibly by several processes sharing
 * the folder: {@link #begin} makes the data file at full size under a hidden name, each
 * {@link #write} puts a slab at its own offset, and {@link #commit} renames the data into place
 * and then writes the header, so a reader never finds a header over incomplete data.
 */
public final class MetaImageSlabs {
    private MetaImageSlabs() {
    }

    /** The hidden data file that slabs of {@code header}'s volume are written into. */
    public static Path partialData(Path header) {
        Path data = dataFile(header);
        return data.resolveSibling("." + data.getFileName() + ".partial");
    }

    /** Creates the hidden data file at the volume's full size (sparse where the file system allows). */
    public static Path begin(Path header, VolumeGeometry grid) throws IOException {
        dataFile(header);
        Path partial = partialData(header);
        try (RandomAccessFile file = new RandomAccessFile(partial.toFile(), "rw")) {
            file.setLength(4L * grid.voxelCount());
        }
        return partial;
    }

    /** Writes {@code slab} (whole slices from {@code firstSlice}) at its place in the partial data. */
    public static void write(Path partial, VolumeGeometry grid, int firstSlice, float[] slab) throws IOException {
        if (slab.length % grid.sliceSize() != 0 || firstSlice < 0
                || firstSlice + slab.length / grid.sliceSize() > grid.nz()) {
            throw new InvalidInputException(String.format("a slab of %d values from slice %d does not fit a volume of "
                    + "%d slices of %d x %d", slab.length, firstSlice, grid.nz(), grid.nx(), grid.ny()));
        }
        ByteBuffer bytes = ByteBuffer.allocate(4 * slab.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(slab);
        try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
            long position = 4L * firstSlice * grid.sliceSize();
            while (bytes.hasRemaining()) {
                position += channel.write(bytes, position);
            }
            channel.force(false);
        }
    }

    /** Renames the data into place, then writes the header; the volume appears whole. */
    public static void commit(Path header, VolumeGeometry grid) throws IOException {
        Path data = dataFile(header);
        Files.move(partialData(header), data, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        // the header MetaImage.write gives the same volume (FloatVolume.of): 2 dimensions for one slice
        int dimensions = grid.nz() == 1 ? 2 : 3;
        String text = MetaImage.headerText(Arrays.copyOf(new int[] {grid.nx(), grid.ny(), grid.nz()}, dimensions),
                Arrays.copyOf(new double[] {grid.dx(), grid.dy(), grid.dz()}, dimensions),
                Arrays.copyOf(grid.origin(), dimensions), data.getFileName().toString());
        AtomicFiles.write(header, out -> out.write(text.getBytes(StandardCharsets.US_ASCII)));
    }

    /** Removes the partial data of a slab write that will not finish. */
    public static void abandon(Path header) throws IOException {
        Files.deleteIfExists(partialData(header));
    }

    private static Path dataFile(Path header) {
        String name = header.getFileName().toString();
        if (!name.toLowerCase(Locale.ROOT).endsWith(".mhd")) {
            throw new InvalidInputException("a volume written in slabs needs a .mhd header beside its .raw data, found "
                    + header);
        }
        return header.resolveSibling(name.substring(0, name.length() - 4) + ".raw");
    }
}
