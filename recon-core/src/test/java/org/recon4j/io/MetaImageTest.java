package org.recon4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.recon4j.InvalidInputException;

class MetaImageTest {
    @TempDir
    Path folder;

    private static FloatVolume sample() {
        float[] data = new float[4 * 3 * 2];
        for (int i = 0; i < data.length; i++) {
            data[i] = i * 0.5f - 3;
        }
        return new FloatVolume(new int[] {4, 3, 2}, new double[] {0.5, 1.25, 2}, new double[] {-1, 2.5, 10}, data);
    }

    @ParameterizedTest
    @ValueSource(strings = {"image.mhd", "image.mha"})
    void roundTripsPlainAndCompressed(String name) throws IOException {
        for (boolean compress : new boolean[] {false, true}) {
            Path path = folder.resolve(compress + name);
            MetaImage.write(path, sample(), compress);
            FloatVolume read = MetaImage.read(path);
            assertArrayEquals(sample().size(), read.size());
            assertArrayEquals(sample().spacing(), read.spacing(), 0);
            assertArrayEquals(sample().origin(), read.origin(), 0);
            assertArrayEquals(sample().data(), read.data(), 0);
        }
        try (var listing = Files.list(folder)) {
            assertTrue(listing.noneMatch(p -> p.toString().endsWith(".partial")), "no temporary file is left");
        }
    }

    private Path header(String name, String text) throws IOException {
        Path path = folder.resolve(name);
        Files.writeString(path, text, StandardCharsets.US_ASCII);
        return path;
    }

    private Path raw(String name, byte[] bytes) throws IOException {
        Path path = folder.resolve(name);
        Files.write(path, bytes);
        return path;
    }

    @Test
    void readsOtherElementTypesAndByteOrders() throws IOException {
        ByteBuffer shorts = ByteBuffer.allocate(6).order(ByteOrder.BIG_ENDIAN);
        shorts.putShort((short) -2).putShort((short) 300).putShort((short) 7);
        raw("s.raw", shorts.array());
        Path path = header("s.mhd", "ObjectType = Image\nNDims = 1\nDimSize = 3\nElementType = MET_SHORT\n"
                + "ElementByteOrderMSB = True\nElementDataFile = s.raw\n");
        assertArrayEquals(new float[] {-2, 300, 7}, MetaImage.read(path).data(), 0);

        ByteBuffer doubles = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putDouble(1.5).putDouble(-2);
        raw("d.raw", doubles.array());
        path = header("d.mhd", "NDims = 2\nDimSize = 2 1\nElementSpacing = 0.5 0.5\nElementType = MET_DOUBLE\n"
                + "ElementDataFile = d.raw\n");
        assertArrayEquals(new float[] {1.5f, -2f}, MetaImage.read(path).data(), 0);

        raw("u.raw", new byte[] {(byte) 255, 1});
        path = header("u.mhd", "NDims = 1\nDimSize = 2\nElementType = MET_UCHAR\nElementDataFile = u.raw\n");
        assertArrayEquals(new float[] {255, 1}, MetaImage.read(path).data(), 0);
    }

    @Test
    void readsCompressedDataAsItkWritesIt() throws IOException {
        ByteBuffer floats = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putFloat(1).putFloat(2).putFloat(3);
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        try (DeflaterOutputStream deflate = new DeflaterOutputStream(packed)) {
            deflate.write(floats.array());
        }
        raw("c.zraw", packed.toByteArray());
        Path path = header("c.mhd", "ObjectType = Image\nNDims = 1\nBinaryData = True\nCompressedData = True\n"
                + "CompressedDataSize = " + packed.size() + "\nDimSize = 3\nElementType = MET_FLOAT\n"
                + "ElementDataFile = c.zraw\n");
        assertArrayEquals(new float[] {1, 2, 3}, MetaImage.read(path).data(), 0);
    }

    private String refusal(Path path) {
        InvalidInputException error = assertThrows(InvalidInputException.class, () -> MetaImage.read(path));
        assertTrue(!error.getMessage().contains("\n"), "one line: " + error.getMessage());
        return error.getMessage();
    }

    @Test
    void badFilesAreRefusedWithWhatWasExpectedAndFound() throws IOException {
        raw("eight.raw", new byte[8]);
        String base = "NDims = 2\nElementType = MET_FLOAT\n";
        assertTrue(refusal(header("short.mhd", base + "DimSize = 2 2\nElementDataFile = eight.raw\n"))
                .contains("declares 16 data bytes but eight.raw holds only 8"));
        assertTrue(refusal(header("long.mhd", base + "DimSize = 1 1\nElementDataFile = eight.raw\n"))
                .contains("holds 8"));
        assertTrue(refusal(header("count.mhd", base + "DimSize = 2\nElementDataFile = eight.raw\n"))
                .contains("DimSize must have 2 values (NDims), found 1"));
        assertTrue(refusal(header("negative.mhd", base + "DimSize = 2 -1\nElementDataFile = eight.raw\n"))
                .contains("DimSize must be positive, found -1"));
        assertTrue(refusal(header("huge.mhd", base + "DimSize = 100000 100000\nElementDataFile = eight.raw\n"))
                .contains("elements"));
        assertTrue(refusal(header("memory.mhd", base + "DimSize = 40000 40000\nElementDataFile = eight.raw\n"))
                .matches(".*(heap|holds only|2 GiB).*"));
        assertTrue(refusal(header("type.mhd", "NDims = 1\nDimSize = 2\nElementType = MET_FLOAT_ARRAY\n"
                + "ElementDataFile = eight.raw\n")).contains("found 'MET_FLOAT_ARRAY'"));
        assertTrue(refusal(header("dims.mhd", "NDims = 5\nDimSize = 1 1 1 1 2\nElementType = MET_FLOAT\n"
                + "ElementDataFile = eight.raw\n")).contains("NDims must be 1, 2 or 3, found 5"));
        assertTrue(refusal(header("nodata.mhd", base + "DimSize = 2 1\n")).contains("without an ElementDataFile"));
        assertTrue(refusal(header("missing.mhd", base + "DimSize = 2 1\nElementDataFile = gone.raw\n"))
                .contains("does not exist"));
        assertTrue(refusal(header("text.mhd", "this is not a header\n")).contains("expected 'Key = Value'"));
        assertTrue(refusal(raw("binary.mhd", new byte[] {1, 0, 2, 3})).contains("binary"));
        assertTrue(refusal(folder.resolve("absent.mhd")).contains("does not exist"));
        raw("junk.zraw", new byte[] {1, 2, 3, 4, 5});
        assertTrue(refusal(header("zlib.mhd", base + "CompressedData = True\nDimSize = 2 1\n"
                + "ElementDataFile = junk.zraw\n")).contains("not valid zlib"));
    }

    @Test
    void truncatedCompressedDataIsRefused() throws IOException {
        MetaImage.write(folder.resolve("whole.mha"), sample(), true);
        byte[] bytes = Files.readAllBytes(folder.resolve("whole.mha"));
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int cut = text.indexOf("ElementDataFile = LOCAL\n") + "ElementDataFile = LOCAL\n".length() + 10;
        Path truncated = raw("cut.mha", java.util.Arrays.copyOf(bytes, cut));
        assertTrue(refusal(truncated).contains("CompressedDataSize"), refusal(truncated));
    }

    @Test
    void aFailedWriteLeavesNoFileBehind() {
        Path missingFolder = folder.resolve("no/such/folder/out.mhd");
        assertThrows(InvalidInputException.class, () -> MetaImage.write(missingFolder, sample(), false));
        assertTrue(!Files.exists(missingFolder));
    }

    @Test
    void existingOutputIsReplacedWhole() throws IOException {
        Path path = folder.resolve("again.mhd");
        MetaImage.write(path, sample(), false);
        FloatVolume small = FloatVolume.of(new float[] {7}, 1);
        MetaImage.write(path, small, false);
        assertArrayEquals(new float[] {7}, MetaImage.read(path).data(), 0);
        assertEquals(4, Files.size(folder.resolve("again.raw")));
    }
}
