package org.recon4j.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import org.recon4j.InvalidInputException;
import org.recon4j.util.Checks;

/**
 * MetaImage files as ITK, RTK and 3D Slicer write them: a text header ({@code .mhd}) with the
 * data in a separate file, or header and data in one {@code .mha} file. Reads 1 to 3
 * dimensions of any scalar element type, either byte order, plain or zlib-compressed
 * ({@code CompressedData = True}); writes float32 little-endian. Sizes declared in the header
 * are checked against the data and the free heap before anything large is allocated.
 */
public final class MetaImage {
    private static final int MAX_HEADER_BYTES = 1 << 16;
    /** zlib cannot expand data more than about 1032 times; a header claiming more is lying. */
    static final long MAX_DEFLATE_RATIO = 1040;

    private MetaImage() {
    }

    /** Reads a {@code .mhd} or {@code .mha} file into float values. */
    public static FloatVolume read(Path header) throws IOException {
        if (!Files.isRegularFile(header)) {
            throw new InvalidInputException("input file " + header + " does not exist or is not a file");
        }
        HeaderText text = readHeader(header);
        Map<String, String> fields = text.fields();
        String name = header.getFileName().toString();
        String objectType = fields.getOrDefault("objecttype", "Image");
        if (!objectType.equalsIgnoreCase("Image")) {
            throw new InvalidInputException(name + ": ObjectType must be Image, found " + objectType);
        }
        int dimensions = parseInt(name, fields, "ndims");
        if (dimensions < 1 || dimensions > 3) {
            throw new InvalidInputException(name + ": NDims must be 1, 2 or 3, found " + dimensions);
        }
        int[] size = new int[dimensions];
        long[] declared = parseLongs(name, fields, "dimsize", dimensions);
        for (int axis = 0; axis < dimensions; axis++) {
            if (declared[axis] <= 0 || declared[axis] > Checks.MAX_ARRAY_LENGTH) {
                throw new InvalidInputException(name + ": DimSize must be positive, found " + declared[axis]);
            }
            size[axis] = (int) declared[axis];
        }
        int count = Checks.elementCount(name + ": DimSize", declared);
        double[] spacing = parseDoubles(name, fields, fields.containsKey("elementspacing") ? "elementspacing"
                : "elementsize", dimensions, 1.0);
        for (double s : spacing) {
            if (!(s > 0) || !Double.isFinite(s)) {
                throw new InvalidInputException(name + ": ElementSpacing must be positive, found " + s);
            }
        }
        String originKey = fields.containsKey("offset") ? "offset" : fields.containsKey("origin") ? "origin" : "position";
        double[] origin = parseDoubles(name, fields, originKey, dimensions, 0.0);
        int channels = fields.containsKey("elementnumberofchannels") ? parseInt(name, fields, "elementnumberofchannels") : 1;
        if (channels != 1) {
            throw new InvalidInputException(name + ": ElementNumberOfChannels must be 1, found " + channels);
        }
        ElementType type = ElementType.parse(name, fields.get("elementtype"));
        boolean bigEndian = parseBoolean(name, fields, fields.containsKey("elementbyteordermsb")
                ? "elementbyteordermsb" : "binarydatabyteordermsb");
        boolean compressed = parseBoolean(name, fields, "compresseddata");
        String dataFile = fields.get("elementdatafile");
        if (dataFile == null) {
            throw new InvalidInputException(name + ": the header has no ElementDataFile line");
        }
        long expectedBytes = (long) count * type.bytes;
        if (expectedBytes > Checks.MAX_ARRAY_LENGTH) {
            throw new InvalidInputException(name + ": " + expectedBytes + " data bytes; data over 2 GiB is not supported");
        }
        Checks.memoryAvailable(name + " (" + count + " elements)", 4L * count);
        ByteOrder order = bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        float[] values;
        if (dataFile.equalsIgnoreCase("LOCAL")) {
            values = readValues(header, name, text.dataStart(), type, count, order, compressed, fields);
        } else {
            if (dataFile.equalsIgnoreCase("LIST") || dataFile.contains("%") || dataFile.contains(" ")) {
                throw new InvalidInputException(name + ": ElementDataFile must name one file or LOCAL, found '"
                        + dataFile + "' (file lists and patterns are not supported)");
            }
            Path data = header.resolveSibling(dataFile);
            if (!Files.isRegularFile(data)) {
                throw new InvalidInputException(name + ": its data file " + data + " does not exist");
            }
            long skip = fields.containsKey("headersize") ? parseLong(name, fields, "headersize") : 0;
            if (skip == -1) {
                skip = compressed ? 0 : Math.max(0, Files.size(data) - expectedBytes);
            } else if (skip < 0) {
                throw new InvalidInputException(name + ": HeaderSize must be >= 0 or -1, found " + skip);
            }
            values = readValues(data, name, skip, type, count, order, compressed, fields);
        }
        return new FloatVolume(size, spacing, origin, values);
    }

    /**
     * Writes {@code volume} as float32 little-endian. A {@code .mha} path gets one file; any
     * other (normally {@code .mhd}) gets the header there and the data beside it as {@code .raw}
     * (or {@code .zraw} when compressed). Both appear only when both are complete.
     */
    public static void write(Path header, FloatVolume volume, boolean compress) throws IOException {
        String name = header.getFileName().toString();
        boolean single = name.toLowerCase(Locale.ROOT).endsWith(".mha");
        String base = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
        Path dataPath = header.resolveSibling(base + (compress ? ".zraw" : ".raw"));
        // plain data are streamed a chunk at a time; compressed data must be complete before the
        // header, which states their size
        byte[] packed = compress ? deflate(volume.data()) : null;
        long payloadBytes = compress ? packed.length : 4L * volume.data().length;
        String text = headerText(volume.size(), volume.spacing(), volume.origin(), compress, payloadBytes,
                single ? "LOCAL" : dataPath.getFileName().toString());
        byte[] headerBytes = text.getBytes(StandardCharsets.US_ASCII);
        AtomicFiles.Content payload = out -> {
            if (compress) {
                out.write(packed);
            } else {
                writeFloats(volume.data(), out);
            }
        };
        AtomicFiles files = new AtomicFiles();
        if (single) {
            files.add(header, out -> {
                out.write(headerBytes);
                payload.writeTo(out);
            });
        } else {
            files.add(dataPath, payload).add(header, out -> out.write(headerBytes));
        }
        files.commit();
    }

    /**
     * The data file a header names ({@code ElementDataFile}), or null when the data are inside
     * the header's own file ({@code LOCAL}).
     */
    public static Path dataFileOf(Path header) throws IOException {
        String dataFile = readHeader(header).fields().get("elementdatafile");
        return dataFile.equalsIgnoreCase("LOCAL") ? null : header.resolveSibling(dataFile);
    }

    /** The data file that {@link #write} puts beside a {@code .mhd} header (null for {@code .mha}). */
    public static Path dataFileFor(Path header, boolean compress) {
        String name = header.getFileName().toString();
        if (name.toLowerCase(Locale.ROOT).endsWith(".mha")) {
            return null;
        }
        String base = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
        return header.resolveSibling(base + (compress ? ".zraw" : ".raw"));
    }

    /** The header of uncompressed float data in {@code dataFile}, for writers that place the data themselves. */
    static String headerText(int[] size, double[] spacing, double[] origin, String dataFile) {
        return headerText(size, spacing, origin, false, 0, dataFile);
    }

    private static String headerText(int[] size, double[] spacing, double[] origin, boolean compress, long payloadBytes,
                                     String dataFile) {
        StringBuilder text = new StringBuilder();
        int n = size.length;
        text.append("ObjectType = Image\n");
        text.append("NDims = ").append(n).append('\n');
        text.append("BinaryData = True\nBinaryDataByteOrderMSB = False\n");
        text.append("CompressedData = ").append(compress ? "True" : "False").append('\n');
        if (compress) {
            text.append("CompressedDataSize = ").append(payloadBytes).append('\n');
        }
        if (n == 3) {
            text.append("TransformMatrix = 1 0 0 0 1 0 0 0 1\n");
        } else if (n == 2) {
            text.append("TransformMatrix = 1 0 0 1\n");
        }
        text.append("Offset =");
        for (double value : origin) {
            text.append(' ').append(format(value));
        }
        text.append("\nElementSpacing =");
        for (double value : spacing) {
            text.append(' ').append(format(value));
        }
        text.append("\nDimSize =");
        for (int value : size) {
            text.append(' ').append(value);
        }
        text.append("\nElementType = MET_FLOAT\nElementDataFile = ").append(dataFile).append('\n');
        return text.toString();
    }

    private static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? String.valueOf((long) value) : String.valueOf(value);
    }

    /** Float32 little-endian, a chunk at a time: no second copy of a large image. */
    static void writeFloats(float[] data, java.io.OutputStream out) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(4 * Math.min(data.length, CHUNK_ELEMENTS)).order(ByteOrder.LITTLE_ENDIAN);
        for (int start = 0; start < data.length; start += CHUNK_ELEMENTS) {
            int count = Math.min(CHUNK_ELEMENTS, data.length - start);
            chunk.clear();
            chunk.asFloatBuffer().put(data, start, count);
            out.write(chunk.array(), 0, 4 * count);
        }
    }

    private static byte[] deflate(float[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.max(64, data.length));
        try (DeflaterOutputStream deflate = new DeflaterOutputStream(bytes, new Deflater(Deflater.BEST_SPEED), 1 << 16)) {
            writeFloats(data, deflate);
        }
        return bytes.toByteArray();
    }

    private record HeaderText(Map<String, String> fields, long dataStart) {
    }

    /** Reads "Key = Value" lines up to and including ElementDataFile, which must come last. */
    private static HeaderText readHeader(Path header) throws IOException {
        String name = header.getFileName().toString();
        Map<String, String> fields = new LinkedHashMap<>();
        long position = 0;
        try (InputStream in = Files.newInputStream(header)) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            while (true) {
                int next = in.read();
                if (next != -1) {
                    position++;
                }
                if (position > MAX_HEADER_BYTES) {
                    throw new InvalidInputException(name + ": no ElementDataFile line in the first "
                            + MAX_HEADER_BYTES + " bytes; is this a MetaImage header?");
                }
                if (next == '\n' || next == -1) {
                    String text = line.toString(StandardCharsets.ISO_8859_1).strip();
                    line.reset();
                    if (!text.isEmpty()) {
                        int equals = text.indexOf('=');
                        if (equals <= 0) {
                            throw new InvalidInputException(name + ": expected 'Key = Value' header lines, found '"
                                    + abbreviate(text) + "'");
                        }
                        String key = text.substring(0, equals).strip().toLowerCase(Locale.ROOT);
                        fields.put(key, text.substring(equals + 1).strip());
                        if (key.equals("elementdatafile")) {
                            return new HeaderText(fields, position);
                        }
                    }
                    if (next == -1) {
                        throw new InvalidInputException(name + ": the header ends without an ElementDataFile line");
                    }
                } else if (next == 0) {
                    throw new InvalidInputException(name + ": expected a text MetaImage header, found binary data");
                } else {
                    line.write(next);
                }
            }
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("input file " + header + " does not exist", e);
        }
    }

    private static String abbreviate(String text) {
        String printable = text.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() > 60 ? printable.substring(0, 60) + "..." : printable;
    }

    /** Elements decoded per chunk: the raw bytes never take more than a few MiB at once. */
    private static final int CHUNK_ELEMENTS = 1 << 20;

    /**
     * Streams {@code count} elements from {@code file} at {@code start} (through zlib when
     * compressed) into floats, a chunk at a time, so that a large image costs its float array only.
     */
    private static float[] readValues(Path file, String name, long start, ElementType type, int count, ByteOrder order,
                                      boolean compressed, Map<String, String> fields) throws IOException {
        long expectedBytes = (long) count * type.bytes;
        long available = Files.size(file) - start;
        long length = available;
        if (!compressed) {
            if (available < expectedBytes) {
                throw new InvalidInputException(String.format(
                        "%s: the header declares %d data bytes but %s holds only %d (truncated file?)",
                        name, expectedBytes, file.getFileName(), Math.max(0, available)));
            }
            if (available > expectedBytes) {
                throw new InvalidInputException(String.format(
                        "%s: the header declares %d data bytes but %s holds %d; DimSize or ElementType is wrong",
                        name, expectedBytes, file.getFileName(), available));
            }
        } else {
            if (fields.containsKey("compresseddatasize")) {
                length = parseLong(name, fields, "compresseddatasize");
                if (length <= 0 || length > available) {
                    throw new InvalidInputException(String.format(
                            "%s: CompressedDataSize is %d but %s holds %d compressed bytes", name, length,
                            file.getFileName(), available));
                }
            }
            if (expectedBytes > MAX_DEFLATE_RATIO * length + 1024) {
                throw new InvalidInputException(String.format(
                        "%s: the header declares %d data bytes but %d compressed bytes cannot hold more than %d",
                        name, expectedBytes, length, MAX_DEFLATE_RATIO * length + 1024));
            }
        }
        float[] values = new float[count];
        try (InputStream raw = Files.newInputStream(file)) {
            raw.skipNBytes(start);
            InputStream bounded = new java.io.BufferedInputStream(new BoundedStream(raw, length), 1 << 16);
            InputStream in = compressed ? new java.util.zip.InflaterInputStream(bounded, new Inflater(), 1 << 16) : bounded;
            byte[] chunk = new byte[type.bytes * Math.min(count, CHUNK_ELEMENTS)];
            for (int done = 0; done < count; ) {
                int elements = Math.min(CHUNK_ELEMENTS, count - done);
                int bytes = elements * type.bytes;
                int got = in.readNBytes(chunk, 0, bytes);
                if (got < bytes) {
                    throw new InvalidInputException(String.format(
                            "%s: the data end after %d of the %d bytes the header declares (truncated?)",
                            name, (long) done * type.bytes + got, expectedBytes));
                }
                type.decodeInto(chunk, elements, order, values, done);
                done += elements;
            }
            if (compressed && in.read() >= 0) {
                throw new InvalidInputException(name + ": the compressed data hold more than the " + expectedBytes
                        + " bytes the header declares");
            }
        } catch (java.util.zip.ZipException e) {
            throw new InvalidInputException(name + ": the compressed data is not valid zlib: " + e.getMessage(), e);
        } catch (java.io.EOFException e) {
            throw new InvalidInputException(name + ": the compressed data end early (truncated?)", e);
        }
        return values;
    }

    /** Reads at most {@code remaining} bytes of another stream. */
    private static final class BoundedStream extends java.io.FilterInputStream {
        private long remaining;

        BoundedStream(InputStream in, long remaining) {
            super(in);
            this.remaining = remaining;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int value = super.read();
            if (value >= 0) {
                remaining--;
            }
            return value;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int count = super.read(buffer, offset, (int) Math.min(length, remaining));
            if (count > 0) {
                remaining -= count;
            }
            return count;
        }
    }

    private static String required(String name, Map<String, String> fields, String key) {
        String value = fields.get(key);
        if (value == null || value.isEmpty()) {
            throw new InvalidInputException(name + ": the header has no " + displayKey(key) + " line");
        }
        return value;
    }

    private static String displayKey(String key) {
        return switch (key) {
            case "ndims" -> "NDims";
            case "dimsize" -> "DimSize";
            case "headersize" -> "HeaderSize";
            case "compresseddatasize" -> "CompressedDataSize";
            case "elementnumberofchannels" -> "ElementNumberOfChannels";
            default -> key;
        };
    }

    private static long parseLong(String name, Map<String, String> fields, String key) {
        String value = required(name, fields, key);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(name + ": " + displayKey(key) + " must be an integer, found '"
                    + abbreviate(value) + "'");
        }
    }

    private static int parseInt(String name, Map<String, String> fields, String key) {
        long value = parseLong(name, fields, key);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new InvalidInputException(name + ": " + displayKey(key) + " is out of range, found " + value);
        }
        return (int) value;
    }

    private static long[] parseLongs(String name, Map<String, String> fields, String key, int count) {
        String[] parts = required(name, fields, key).split("\\s+");
        if (parts.length != count) {
            throw new InvalidInputException(name + ": " + displayKey(key) + " must have " + count
                    + " values (NDims), found " + parts.length);
        }
        long[] values = new long[count];
        for (int i = 0; i < count; i++) {
            try {
                values[i] = Long.parseLong(parts[i]);
            } catch (NumberFormatException e) {
                throw new InvalidInputException(name + ": " + displayKey(key) + " must be integers, found '"
                        + abbreviate(parts[i]) + "'");
            }
        }
        return values;
    }

    private static double[] parseDoubles(String name, Map<String, String> fields, String key, int count, double fallback) {
        double[] values = new double[count];
        java.util.Arrays.fill(values, fallback);
        String text = fields.get(key);
        if (text == null) {
            return values;
        }
        String[] parts = text.split("\\s+");
        if (parts.length < count) {
            throw new InvalidInputException(name + ": " + key + " must have " + count + " values, found " + parts.length);
        }
        for (int i = 0; i < count; i++) {
            try {
                values[i] = Double.parseDouble(parts[i]);
            } catch (NumberFormatException e) {
                throw new InvalidInputException(name + ": " + key + " must be numbers, found '" + abbreviate(parts[i]) + "'");
            }
            if (!Double.isFinite(values[i])) {
                throw new InvalidInputException(name + ": " + key + " must be finite, found " + parts[i]);
            }
        }
        return values;
    }

    private static boolean parseBoolean(String name, Map<String, String> fields, String key) {
        String value = fields.get(key);
        if (value == null) {
            return false;
        }
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw new InvalidInputException(name + ": " + key + " must be True or False, found '" + abbreviate(value) + "'");
    }

    /** The scalar element types of MetaImage and how each becomes float. */
    private enum ElementType {
        MET_UCHAR(1), MET_CHAR(1), MET_USHORT(2), MET_SHORT(2), MET_UINT(4), MET_INT(4),
        MET_ULONG(8), MET_LONG(8), MET_FLOAT(4), MET_DOUBLE(8);

        final int bytes;

        ElementType(int bytes) {
            this.bytes = bytes;
        }

        static ElementType parse(String name, String text) {
            if (text == null) {
                throw new InvalidInputException(name + ": the header has no ElementType line");
            }
            String key = text.toUpperCase(Locale.ROOT);
            if (key.equals("MET_LONG_LONG")) {
                return MET_LONG;
            }
            if (key.equals("MET_ULONG_LONG")) {
                return MET_ULONG;
            }
            for (ElementType type : values()) {
                if (type.name().equals(key)) {
                    return type;
                }
            }
            throw new InvalidInputException(name + ": ElementType must be a scalar MET_ type such as MET_FLOAT, found '"
                    + abbreviate(text) + "'");
        }

        /** Decodes {@code count} elements of {@code raw} into {@code values[offset ..]}. */
        void decodeInto(byte[] raw, int count, ByteOrder order, float[] values, int offset) {
            ByteBuffer buffer = ByteBuffer.wrap(raw).order(order);
            switch (this) {
                case MET_FLOAT -> buffer.asFloatBuffer().get(values, offset, count);
                case MET_UCHAR -> {
                    for (int i = 0; i < count; i++) {
                        values[offset + i] = raw[i] & 0xff;
                    }
                }
                case MET_CHAR -> {
                    for (int i = 0; i < count; i++) {
                        values[offset + i] = raw[i];
                    }
                }
                case MET_USHORT -> {
                    for (int i = 0; i < count; i++) {
                        values[offset + i] = buffer.getShort(2 * i) & 0xffff;
                    }
                }
                case MET_SHORT -> {
                    for (int i = 0; i < count; i++) {
                        values[offset + i] = buffer.getShort(2 * i);
                    }
                }
                case MET_UINT -> {
                    for (int i = 0; i < count; i++) {
                        values[offset + i] = buffer.getInt(4 * i) & 0xffffffffL;
                    }
                }
                case MET_INT -> {
                    for (int i = 0; i < count; i++) {
                        values[offset + i] = buffer.getInt(4 * i);
                    }
                }
                case MET_ULONG, MET_LONG -> {
                    for (int i = 0; i < count; i++) {
                        values[offset + i] = buffer.getLong(8 * i);
                    }
                }
                case MET_DOUBLE -> {
                    for (int i = 0; i < count; i++) {
                        values[offset + i] = (float) buffer.getDouble(8 * i);
                    }
                }
                default -> throw new IllegalStateException(name());
            }
        }
    }
}
