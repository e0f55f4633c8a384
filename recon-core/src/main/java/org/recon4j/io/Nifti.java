package org.recon4j.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.recon4j.InvalidInputException;

/**
 * NIfTI-1 single files ({@code .nii}, gzip-compressed {@code .nii.gz}). NIfTI's world is RAS (x
 * towards the patient's right, y anterior, z superior), ours LPS: a point's RAS coordinates are
 * {@code (-x, -y, z)} of its LPS ones. Written as float32 with both the qform and the sform
 * set to that mapping (code 1, scanner-based), so that any reader places the volume where our
 * MetaImage of it puts it. Read: the sform when its code is set, else the qform, else the voxel
 * sizes alone; any axis-aligned orientation is accepted (axes stored in the opposite direction
 * are flipped into ours); oblique or permuted axes are refused, since our volumes hold none.
 * Data types uint8, int8, int16, uint16, int32, float32, float64, scaled by scl_slope/scl_inter.
 */
public final class Nifti {
    private static final int HEADER_BYTES = 348;
    private static final int DATA_OFFSET = 352;
    private static final short FLOAT32 = 16;
    private static final short MILLIMETRES = 2;

    private Nifti() {
    }

    /** Whether the name ends in {@code .nii} or {@code .nii.gz}. */
    public static boolean isNifti(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".nii") || name.endsWith(".nii.gz");
    }

    private static boolean compressed(Path path) {
        return path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz");
    }

    /** Writes {@code volume} (2 or 3 dimensions), whole or not at all. */
    public static void write(Path target, FloatVolume volume) throws IOException {
        if (volume.dimensions() < 2) {
            throw new InvalidInputException("NIfTI output needs a 2D or 3D image, found " + volume.dimensions() + "D");
        }
        ByteBuffer header = ByteBuffer.allocate(DATA_OFFSET).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(0, HEADER_BYTES);
        header.put(38, (byte) 'r');
        int dimensions = volume.dimensions();
        header.putShort(40, (short) dimensions);
        for (int axis = 0; axis < 7; axis++) {
            int size = volume.size(axis);
            if (size > Short.MAX_VALUE) {
                throw new InvalidInputException("NIfTI-1 holds at most 32767 voxels along an axis, found " + size);
            }
            header.putShort(42 + 2 * axis, (short) size);
        }
        header.putShort(70, FLOAT32);
        header.putShort(72, (short) 32);
        double[] spacing = {volume.spacing(0), volume.spacing(1), volume.spacing(2)};
        double[] origin = {volume.origin()[0], volume.origin()[1], dimensions > 2 ? volume.origin()[2] : 0};
        header.putFloat(76, 1f); // qfac
        for (int axis = 0; axis < 3; axis++) {
            header.putFloat(80 + 4 * axis, (float) spacing[axis]);
        }
        header.putFloat(108, DATA_OFFSET);
        header.putFloat(112, 1f); // scl_slope
        header.put(123, (byte) MILLIMETRES);
        byte[] description = "Recon4J".getBytes(StandardCharsets.US_ASCII);
        header.put(148, description);
        header.putShort(252, (short) 1); // qform: scanner-based
        header.putShort(254, (short) 1); // sform: scanner-based
        // LPS -> RAS is a half turn about z: quaternion (0, 0, 0, 1)
        header.putFloat(264, 1f);
        double[] rasOrigin = {-origin[0], -origin[1], origin[2]};
        for (int axis = 0; axis < 3; axis++) {
            header.putFloat(268 + 4 * axis, (float) rasOrigin[axis]);
        }
        double[] signs = {-1, -1, 1};
        for (int row = 0; row < 3; row++) {
            int at = 280 + 16 * row;
            for (int column = 0; column < 3; column++) {
                header.putFloat(at + 4 * column, row == column ? (float) (signs[row] * spacing[row]) : 0f);
            }
            header.putFloat(at + 12, (float) rasOrigin[row]);
        }
        header.put(344, "n+1".getBytes(StandardCharsets.US_ASCII));
        byte[] headerBytes = header.array();
        boolean gzip = compressed(target);
        new AtomicFiles().add(target, out -> {
            OutputStream stream = gzip ? new GZIPOutputStream(out, 1 << 16) : out;
            stream.write(headerBytes);
            MetaImage.writeFloats(volume.data(), stream);
            if (gzip) {
                ((GZIPOutputStream) stream).finish();
            }
        }).commit();
    }

    /** Reads a NIfTI-1 file into our (LPS, axis-aligned) layout. */
    public static FloatVolume read(Path path) throws IOException {
        String name = path.getFileName().toString();
        try (InputStream raw = Files.newInputStream(path);
             InputStream stream = new BufferedInputStream(compressed(path) ? new GZIPInputStream(raw, 1 << 16) : raw, 1 << 16)) {
            byte[] headerBytes = stream.readNBytes(HEADER_BYTES);
            if (headerBytes.length < HEADER_BYTES) {
                throw new InvalidInputException(name + ": expected a 348-byte NIfTI-1 header, found " + headerBytes.length + " bytes");
            }
            ByteBuffer header = ByteBuffer.wrap(headerBytes).order(ByteOrder.LITTLE_ENDIAN);
            if (header.getInt(0) != HEADER_BYTES) {
                header.order(ByteOrder.BIG_ENDIAN);
                if (header.getInt(0) != HEADER_BYTES) {
                    throw new InvalidInputException(name + ": not a NIfTI-1 file (sizeof_hdr is not 348)");
                }
            }
            String magic = new String(headerBytes, 344, 3, StandardCharsets.US_ASCII);
            if (!magic.equals("n+1")) {
                throw new InvalidInputException(name + ": expected the single-file NIfTI-1 magic 'n+1', found '"
                        + magic.replaceAll("[^ -~]", "?") + "'");
            }
            int dimensions = header.getShort(40);
            if (dimensions < 1 || dimensions > 7) {
                throw new InvalidInputException(name + ": dim[0] must be 1 to 7, found " + dimensions);
            }
            int[] size = new int[3];
            long count = 1;
            for (int axis = 0; axis < 7; axis++) {
                int extent = axis < dimensions ? header.getShort(42 + 2 * axis) : 1;
                if (extent < 1) {
                    throw new InvalidInputException(name + ": dim[" + (axis + 1) + "] must be >= 1, found " + extent);
                }
                if (axis >= 3 && extent > 1) {
                    throw new InvalidInputException(name + ": expected a volume of up to 3 dimensions, found "
                            + extent + " along dimension " + (axis + 1));
                }
                if (axis < 3) {
                    size[axis] = extent;
                    count *= extent;
                }
            }
            if (count > org.recon4j.util.Checks.MAX_ARRAY_LENGTH) {
                throw new InvalidInputException(name + ": " + count + " voxels are more than one array holds");
            }
            double[][] affine = affine(header, name);
            long offset = (long) header.getFloat(108);
            if (offset < HEADER_BYTES) {
                throw new InvalidInputException(name + ": vox_offset must be >= 348, found " + offset);
            }
            stream.skipNBytes(offset - HEADER_BYTES);
            float[] values = readValues(stream, header.order(), header.getShort(70), (int) count, name);
            float slope = header.getFloat(112);
            float intercept = header.getFloat(116);
            if (slope != 0 && Float.isFinite(slope) && Float.isFinite(intercept) && (slope != 1 || intercept != 0)) {
                for (int i = 0; i < values.length; i++) {
                    values[i] = values[i] * slope + intercept;
                }
            }
            return toOurLayout(values, size, affine, dimensions, name);
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new InvalidInputException(name + ": the compressed data are damaged or cut short (" + e.getMessage() + ")");
        }
    }

    /** The voxel-to-RAS affine (3 x 4) from the sform, the qform or the voxel sizes. */
    private static double[][] affine(ByteBuffer header, String name) {
        double[][] affine = new double[3][4];
        if (header.getShort(254) > 0) {
            for (int row = 0; row < 3; row++) {
                for (int column = 0; column < 4; column++) {
                    affine[row][column] = header.getFloat(280 + 16 * row + 4 * column);
                }
            }
            return affine;
        }
        double[] pixdim = {header.getFloat(80), header.getFloat(84), header.getFloat(88)};
        for (int axis = 0; axis < 3; axis++) {
            if (!(pixdim[axis] > 0) || Double.isInfinite(pixdim[axis])) {
                pixdim[axis] = 1; // NIfTI: a zero or unset pixdim means unknown; treat as 1 mm
            }
        }
        if (header.getShort(252) <= 0) {
            for (int axis = 0; axis < 3; axis++) {
                affine[axis][axis] = pixdim[axis];
            }
            return affine;
        }
        double b = header.getFloat(256);
        double c = header.getFloat(260);
        double d = header.getFloat(264);
        double a = Math.sqrt(Math.max(0, 1 - (b * b + c * c + d * d)));
        double qfac = header.getFloat(76) < 0 ? -1 : 1;
        double[][] rotation = {
            {a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c)},
            {2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b)},
            {2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b}};
        double[] scale = {pixdim[0], pixdim[1], qfac * pixdim[2]};
        for (int row = 0; row < 3; row++) {
            for (int column = 0; column < 3; column++) {
                affine[row][column] = rotation[row][column] * scale[column];
            }
            affine[row][3] = header.getFloat(268 + 4 * row);
        }
        return affine;
    }

    /** Flips the axes stored against our LPS directions, after checking the affine is axis-aligned. */
    private static FloatVolume toOurLayout(float[] values, int[] size, double[][] rasAffine, int dimensions,
                                           String name) {
        double[] signs = {-1, -1, 1};
        double[] step = new double[3];
        double[] origin = new double[3];
        for (int row = 0; row < 3; row++) {
            double largest = 0;
            for (int column = 0; column < 3; column++) {
                largest = Math.max(largest, Math.abs(rasAffine[row][column]));
            }
            for (int column = 0; column < 3; column++) {
                if (column != row && Math.abs(rasAffine[row][column]) > 1e-4 * largest) {
                    throw new InvalidInputException(name + ": expected voxel axes along the patient's axes, found an"
                            + " oblique or permuted orientation (affine row " + row + ": "
                            + java.util.Arrays.toString(rasAffine[row]) + ")");
                }
            }
            step[row] = signs[row] * rasAffine[row][row];
            origin[row] = signs[row] * rasAffine[row][3];
            if (!(Math.abs(step[row]) > 0) || Double.isInfinite(step[row])) {
                throw new InvalidInputException(name + ": the voxel size along axis " + row + " is " + step[row]);
            }
        }
        int nx = size[0];
        int ny = size[1];
        int nz = size[2];
        float[] data = values;
        if (step[0] < 0 || step[1] < 0 || step[2] < 0) {
            data = new float[values.length];
            for (int z = 0; z < nz; z++) {
                int fromZ = step[2] < 0 ? nz - 1 - z : z;
                for (int y = 0; y < ny; y++) {
                    int fromY = step[1] < 0 ? ny - 1 - y : y;
                    for (int x = 0; x < nx; x++) {
                        int fromX = step[0] < 0 ? nx - 1 - x : x;
                        data[(z * ny + y) * nx + x] = values[(fromZ * ny + fromY) * nx + fromX];
                    }
                }
            }
            for (int axis = 0; axis < 3; axis++) {
                if (step[axis] < 0) {
                    origin[axis] += step[axis] * (size[axis] - 1);
                    step[axis] = -step[axis];
                }
            }
        }
        if (dimensions <= 2 && nz == 1) {
            return new FloatVolume(new int[] {nx, ny}, new double[] {step[0], step[1]},
                    new double[] {origin[0], origin[1]}, data);
        }
        return new FloatVolume(size, step, origin, data);
    }

    private static float[] readValues(InputStream stream, ByteOrder order, short type, int count, String name)
            throws IOException {
        int bytes = switch (type) {
            case 2, 256 -> 1;
            case 4, 512 -> 2;
            case 8, 16 -> 4;
            case 64 -> 8;
            default -> throw new InvalidInputException(name + ": expected NIfTI datatype uint8, int8, int16, uint16,"
                    + " int32, float32 or float64, found code " + type);
        };
        float[] values = new float[count];
        byte[] chunk = new byte[bytes * 65536];
        int done = 0;
        while (done < count) {
            int take = Math.min(65536, count - done);
            int got = stream.readNBytes(chunk, 0, take * bytes);
            if (got < take * bytes) {
                throw new InvalidInputException(name + ": expected " + count + " voxels of " + bytes
                        + " bytes, the file ends after " + (done + got / bytes));
            }
            ByteBuffer buffer = ByteBuffer.wrap(chunk, 0, got).order(order);
            for (int i = 0; i < take; i++) {
                values[done + i] = switch (type) {
                    case 2 -> buffer.get() & 0xff;
                    case 256 -> buffer.get();
                    case 4 -> buffer.getShort();
                    case 512 -> buffer.getShort() & 0xffff;
                    case 8 -> buffer.getInt();
                    case 16 -> buffer.getFloat();
                    default -> (float) buffer.getDouble();
                };
            }
            done += take;
        }
        return values;
    }
}
