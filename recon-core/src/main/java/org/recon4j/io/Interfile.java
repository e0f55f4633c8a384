package org.recon4j.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.recon4j.InvalidInputException;
import org.recon4j.geometry.SpectGeometry;
import org.recon4j.util.Checks;

/**
 * Interfile as STIR reads and writes it: images ({@code .hv} + {@code .v}) and SPECT projection
 * data ({@code .hs} + {@code .s}), float or integer, either byte order; a data file whose name
 * ends in {@code .gz} is read through gzip.
 *
 * <p>Geometry mapping (checked against STIR's own simulation in {@code testdata/spect-stir-a}):
 * STIR's projection data are {@code [view][axial][tangential]}, our {@code p[view][row][column]};
 * STIR's SPECT angle is the DICOM camera angle plus 180 degrees ({@code start angle := 180}
 * means a first camera anterior), with the same direction (CW or CCW). The image grid is
 * centred on the rotation axis and axial bin k is plane k; STIR's "first pixel offset" keys
 * ({@code -nx/2 * dx}, {@code -ny/2 * dy}, 0) are written so that STIR places the image the same way.
 */
public final class Interfile {
    private static final int MAX_HEADER_BYTES = 1 << 20;

    private Interfile() {
    }

    /** SPECT projections as read: the counts {@code [view][row][column]} and their geometry. */
    public record Projections(float[] data, SpectGeometry geometry) {
    }

    /** Reads the keys of an Interfile header: lower case, without '!', spaces collapsed. */
    static Map<String, String> readKeys(Path header) throws IOException {
        if (!Files.isRegularFile(header)) {
            throw new InvalidInputException("input file " + header + " does not exist or is not a file");
        }
        if (Files.size(header) > MAX_HEADER_BYTES) {
            throw new InvalidInputException(header.getFileName() + ": an Interfile header over 1 MiB; is this a header?");
        }
        byte[] bytes = Files.readAllBytes(header);
        for (byte b : bytes) {
            if (b == 0) {
                throw new InvalidInputException(header.getFileName() + ": expected a text Interfile header, found binary data");
            }
        }
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        if (!text.stripLeading().toUpperCase(Locale.ROOT).startsWith("!INTERFILE")) {
            throw new InvalidInputException(header.getFileName() + ": an Interfile header starts with '!INTERFILE :=', found '"
                    + abbreviate(text.strip().lines().findFirst().orElse("")) + "'");
        }
        Map<String, String> keys = new LinkedHashMap<>();
        for (String line : text.split("\\r?\\n")) {
            int separator = line.indexOf(":=");
            if (separator < 0) {
                continue;
            }
            String key = line.substring(0, separator).replace("!", "").trim().toLowerCase(Locale.ROOT)
                    .replaceAll("\\s+", " ").replace(" [", "[").replace("[ ", "[").replace(" ]", "]");
            keys.put(key, line.substring(separator + 2).trim());
        }
        return keys;
    }

    private static String abbreviate(String text) {
        String printable = text.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() > 60 ? printable.substring(0, 60) + "..." : printable;
    }

    private static String required(Map<String, String> keys, String key, Path header) {
        String value = keys.get(key);
        if (value == null || value.isEmpty()) {
            throw new InvalidInputException(header.getFileName() + ": the header has no '" + key + "' key");
        }
        return value;
    }

    private static int integer(Map<String, String> keys, String key, Path header) {
        String value = required(keys, key, header);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(header.getFileName() + ": '" + key + "' must be an integer, found '"
                    + abbreviate(value) + "'");
        }
    }

    private static double number(Map<String, String> keys, String key, Path header, double fallback) {
        String value = keys.get(key);
        if (value == null || value.isEmpty()) {
            if (Double.isNaN(fallback)) {
                throw new InvalidInputException(header.getFileName() + ": the header has no '" + key + "' key");
            }
            return fallback;
        }
        try {
            double parsed = Double.parseDouble(value);
            if (!Double.isFinite(parsed)) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new InvalidInputException(header.getFileName() + ": '" + key + "' must be a number, found '"
                    + abbreviate(value) + "'");
        }
    }

    private static double spacing(Map<String, String> keys, int axis, Path header) {
        double value = number(keys, "scaling factor (mm/pixel)[" + axis + "]", header, 1.0);
        if (!(value > 0)) {
            throw new InvalidInputException(header.getFileName() + ": scaling factor [" + axis + "] must be positive, found " + value);
        }
        return value;
    }

    /** Reads an image ({@code .hv}): sizes x, y, z; spacing in mm; origin from STIR's first pixel offsets. */
    public static FloatVolume readImage(Path header) throws IOException {
        Map<String, String> keys = readKeys(header);
        int dimensions = keys.containsKey("number of dimensions") ? integer(keys, "number of dimensions", header) : 3;
        if (dimensions < 2 || dimensions > 3) {
            throw new InvalidInputException(header.getFileName() + ": 'number of dimensions' must be 2 or 3, found " + dimensions);
        }
        int[] size = new int[3];
        double[] spacing = new double[3];
        double[] origin = new double[3];
        for (int axis = 1; axis <= 3; axis++) {
            size[axis - 1] = axis <= dimensions ? integer(keys, "matrix size[" + axis + "]", header) : 1;
            if (size[axis - 1] <= 0) {
                throw new InvalidInputException(header.getFileName() + ": matrix size [" + axis + "] must be positive, found "
                        + size[axis - 1]);
            }
            spacing[axis - 1] = spacing(keys, axis, header);
            origin[axis - 1] = number(keys, "first pixel offset (mm)[" + axis + "]", header, 0);
        }
        int count = Checks.elementCount(header.getFileName() + ": matrix size", size[0], size[1], size[2]);
        float[] data = readData(header, keys, count);
        return new FloatVolume(size, spacing, origin, data);
    }

    /** Reads SPECT projection data ({@code .hs}) and the acquisition geometry in its header. */
    public static Projections readProjections(Path header) throws IOException {
        Map<String, String> keys = readKeys(header);
        int views = integer(keys, "number of projections", header);
        int columns = integer(keys, "matrix size[1]", header);
        int rows = integer(keys, "matrix size[2]", header);
        if (views <= 0 || columns <= 0 || rows <= 0) {
            throw new InvalidInputException(String.format("%s: projections, matrix size [1] and [2] must be positive, found %d, %d, %d",
                    header.getFileName(), views, columns, rows));
        }
        int count = Checks.elementCount(header.getFileName() + ": projections", views, rows, columns);
        double extent = number(keys, "extent of rotation", header, Double.NaN);
        double start = number(keys, "start angle", header, 0);
        SpectGeometry.Direction direction = SpectGeometry.Direction.parse(keys.getOrDefault("direction of rotation", "CCW"));
        String orbit = keys.getOrDefault("orbit", "circular").toLowerCase(Locale.ROOT);
        double[] radii;
        if (orbit.startsWith("non")) {
            radii = parseList(required(keys, "radii", header), header, "radii");
            if (radii.length != views) {
                throw new InvalidInputException(header.getFileName() + ": 'radii' must list " + views + " values (one a view), found "
                        + radii.length);
            }
        } else {
            radii = new double[] {number(keys, keys.containsKey("radius") ? "radius" : "radii", header, Double.NaN)};
        }
        SpectGeometry geometry = SpectGeometry.fromDicom(start - 180, extent / views, direction, views, radii, columns, rows,
                spacing(keys, 1, header), spacing(keys, 2, header));
        return new Projections(readData(header, keys, count), geometry);
    }

    private static double[] parseList(String text, Path header, String key) {
        String inner = text.replace("{", "").replace("}", "").trim();
        String[] parts = inner.split("\\s*,\\s*");
        double[] values = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                values[i] = Double.parseDouble(parts[i]);
            } catch (NumberFormatException e) {
                throw new InvalidInputException(header.getFileName() + ": '" + key + "' must be a list {a, b, ...} of numbers, found '"
                        + abbreviate(parts[i]) + "'");
            }
        }
        return values;
    }

    private static float[] readData(Path header, Map<String, String> keys, int count) throws IOException {
        String name = required(keys, "name of data file", header);
        Path file = header.resolveSibling(name);
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(header.getFileName() + ": its data file " + file + " does not exist");
        }
        String format = keys.getOrDefault("number format", "float").toLowerCase(Locale.ROOT);
        int bytes = keys.containsKey("number of bytes per pixel") ? integer(keys, "number of bytes per pixel", header) : 4;
        boolean isFloat = format.contains("float");
        boolean signed = format.contains("signed") && !format.contains("unsigned");
        if (isFloat ? bytes != 4 && bytes != 8 : bytes != 1 && bytes != 2 && bytes != 4) {
            throw new InvalidInputException(header.getFileName() + ": unsupported number format '" + format + "' with "
                    + bytes + " bytes per pixel");
        }
        String orderText = keys.getOrDefault("imagedata byte order", "BIGENDIAN").toUpperCase(Locale.ROOT);
        ByteOrder order = orderText.startsWith("LITTLE") ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        long offset = keys.containsKey("data offset in bytes[1]") ? (long) number(keys, "data offset in bytes[1]", header, 0) : 0;
        if (offset < 0) {
            throw new InvalidInputException(header.getFileName() + ": 'data offset in bytes' must be >= 0, found " + offset);
        }
        long expected = (long) count * bytes;
        if (expected > Checks.MAX_ARRAY_LENGTH) {
            throw new InvalidInputException(header.getFileName() + ": " + expected
                    + " data bytes; data files over 2 GiB are not supported");
        }
        Checks.memoryAvailable(header.getFileName() + " (" + count + " values)", expected + 4L * count);
        byte[] raw = new byte[(int) expected];
        boolean gzip = name.toLowerCase(Locale.ROOT).endsWith(".gz");
        if (gzip && expected > MetaImage.MAX_DEFLATE_RATIO * Files.size(file) + 1024) {
            throw new InvalidInputException(String.format(
                    "%s: the header declares %d data bytes but the %d-byte gzip file %s cannot hold them",
                    header.getFileName(), expected, Files.size(file), file.getFileName()));
        }
        if (!gzip) {
            long available = Files.size(file) - offset;
            if (available < expected) {
                throw new InvalidInputException(String.format("%s: the header declares %d data bytes but %s holds only %d (truncated file?)",
                        header.getFileName(), expected, file.getFileName(), Math.max(0, available)));
            }
        }
        try (InputStream in = gzip ? new GZIPInputStream(Files.newInputStream(file), 1 << 16) : Files.newInputStream(file)) {
            in.skipNBytes(offset);
            int read = in.readNBytes(raw, 0, raw.length);
            if (read < raw.length) {
                throw new InvalidInputException(String.format("%s: the header declares %d data bytes but %s holds only %d (truncated file?)",
                        header.getFileName(), expected, file.getFileName(), read));
            }
        } catch (java.io.EOFException | java.util.zip.ZipException e) {
            throw new InvalidInputException(header.getFileName() + ": its data file " + file.getFileName()
                    + " is truncated or not valid gzip", e);
        }
        ByteBuffer buffer = ByteBuffer.wrap(raw).order(order);
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            if (isFloat) {
                values[i] = bytes == 4 ? buffer.getFloat(4 * i) : (float) buffer.getDouble(8 * i);
            } else if (bytes == 1) {
                values[i] = signed ? raw[i] : raw[i] & 0xff;
            } else if (bytes == 2) {
                short value = buffer.getShort(2 * i);
                values[i] = signed ? value : value & 0xffff;
            } else {
                int value = buffer.getInt(4 * i);
                values[i] = signed ? value : value & 0xffffffffL;
            }
        }
        return values;
    }

    /** Writes an image as STIR does ({@code name.hv} + {@code name.v}, float little-endian). */
    public static void writeImage(Path header, FloatVolume image) throws IOException {
        String base = baseName(header);
        Path dataPath = header.resolveSibling(base + ".v");
        StringBuilder text = new StringBuilder();
        text.append("!INTERFILE  :=\n!imaging modality := NM\n!version of keys := STIR6.0\n");
        text.append("name of data file := ").append(dataPath.getFileName()).append('\n');
        text.append("!GENERAL DATA :=\n!GENERAL IMAGE DATA :=\n!type of data := Tomographic\n");
        text.append("imagedata byte order := LITTLEENDIAN\n!SPECT STUDY (General) :=\nprocess status := Reconstructed\n");
        text.append("!number format := float\n!number of bytes per pixel := 4\nnumber of dimensions := 3\n");
        String[] labels = {"x", "y", "z"};
        for (int axis = 0; axis < 3; axis++) {
            text.append("matrix axis label [").append(axis + 1).append("] := ").append(labels[axis]).append('\n');
            text.append("!matrix size [").append(axis + 1).append("] := ").append(image.size(axis)).append('\n');
            text.append("scaling factor (mm/pixel) [").append(axis + 1).append("] := ").append(image.spacing(axis)).append('\n');
        }
        text.append("first pixel offset (mm) [1] := ").append(-image.size(0) / 2 * image.spacing(0)).append('\n');
        text.append("first pixel offset (mm) [2] := ").append(-image.size(1) / 2 * image.spacing(1)).append('\n');
        text.append("first pixel offset (mm) [3] := 0\nnumber of time frames := 1\n!END OF INTERFILE :=\n");
        writePair(header, dataPath, text.toString(), image.data());
    }

    /** Writes SPECT projections as STIR does ({@code name.hs} + {@code name.s}). */
    public static void writeProjections(Path header, float[] data, SpectGeometry geometry, double stepDegrees,
                                        SpectGeometry.Direction direction) throws IOException {
        Checks.length("projections", data, geometry.projectionSize());
        String base = baseName(header);
        Path dataPath = header.resolveSibling(base + ".s");
        double start = Math.toDegrees(geometry.angle(0)) + 180;
        StringBuilder text = new StringBuilder();
        text.append("!INTERFILE  :=\n!imaging modality := NM\nname of data file := ").append(dataPath.getFileName()).append('\n');
        text.append("!version of keys := 3.3\n!GENERAL DATA :=\n!GENERAL IMAGE DATA :=\n!type of data := Tomographic\n");
        text.append("imagedata byte order := LITTLEENDIAN\n!SPECT STUDY (General) :=\n!number format := float\n");
        text.append("!number of bytes per pixel := 4\n!number of projections := ").append(geometry.viewCount()).append('\n');
        text.append("!extent of rotation := ").append(stepDegrees * geometry.viewCount()).append('\n');
        text.append("process status := acquired\n!SPECT STUDY (acquired data):=\n");
        text.append("!direction of rotation := ").append(direction == SpectGeometry.Direction.CW ? "CW" : "CCW").append('\n');
        text.append("start angle := ").append(((start % 360) + 360) % 360).append('\n');
        boolean circular = true;
        for (int v = 1; v < geometry.viewCount(); v++) {
            circular &= geometry.radius(v) == geometry.radius(0);
        }
        if (circular) {
            text.append("orbit := Circular\nRadius := ").append(geometry.radius(0)).append('\n');
        } else {
            text.append("orbit := Non-circular\nRadii := {");
            for (int v = 0; v < geometry.viewCount(); v++) {
                text.append(v == 0 ? "" : ", ").append(geometry.radius(v));
            }
            text.append("}\n");
        }
        text.append("!matrix size [1] := ").append(geometry.columns()).append('\n');
        text.append("!scaling factor (mm/pixel) [1] := ").append(geometry.columnSpacing()).append('\n');
        text.append("!matrix size [2] := ").append(geometry.rows()).append('\n');
        text.append("!scaling factor (mm/pixel) [2] := ").append(geometry.rowSpacing()).append('\n');
        text.append("!END OF INTERFILE :=\n");
        writePair(header, dataPath, text.toString(), data);
    }

    private static String baseName(Path header) {
        String name = header.getFileName().toString();
        return name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
    }

    private static void writePair(Path header, Path dataPath, String text, float[] data) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(data);
        byte[] payload = buffer.array();
        byte[] headerBytes = text.getBytes(StandardCharsets.US_ASCII);
        new AtomicFiles().add(dataPath, out -> out.write(payload)).add(header, out -> out.write(headerBytes)).commit();
    }
}
