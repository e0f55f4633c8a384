package org.recon4j.hdf5;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.recon4j.InvalidInputException;
import org.recon4j.io.FloatVolume;

/**
 * A parallel-beam scan in Data Exchange HDF5 (the APS format TomoPy and most synchrotrons
 * write): {@code /exchange/data} (views x rows x columns of counts), the flat fields
 * {@code /exchange/data_white} and dark fields {@code /exchange/data_dark} (frames x rows x
 * columns, each averaged over its frames), and {@code /exchange/theta} (degrees). The counts become
 * line integrals {@code -ln((data - dark) / (white - dark))}, the ratio held at 1e-6 at the least
 * (dead or saturated pixels would otherwise give infinities), as sinograms
 * {@code bins views rows} in our layout with unit spacing (the format carries no pixel size).
 */
public final class DataExchange {
    /** The smallest transmission taken; below it the ratio is noise or a dead pixel. */
    private static final double SMALLEST_TRANSMISSION = 1e-6;

    /** The scan: its sinograms (line integrals) and each view's angle in degrees. */
    public record Scan(FloatVolume sinograms, double[] thetaDegrees) {
    }

    private DataExchange() {
    }

    public static boolean isHdf5(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".h5") || name.endsWith(".hdf5") || name.endsWith(".hdf");
    }

    public static Scan read(Path path) {
        String name = path.getFileName().toString();
        if (!Files.isRegularFile(path)) {
            throw new InvalidInputException(name + ": expected an HDF5 file, found none");
        }
        try (HdfFile file = new HdfFile(path)) {
            Stack data = stack(file, "/exchange/data", name);
            Stack white = stack(file, "/exchange/data_white", name);
            Stack dark = stack(file, "/exchange/data_dark", name);
            double[] theta = vector(file, "/exchange/theta", name);
            if (theta.length != data.frames()) {
                throw new InvalidInputException(String.format("%s: /exchange/theta holds %d angles, /exchange/data %d views",
                        name, theta.length, data.frames()));
            }
            for (Stack field : new Stack[] {white, dark}) {
                if (field.rows() != data.rows() || field.columns() != data.columns()) {
                    throw new InvalidInputException(String.format("%s: %s frames are %d x %d, the projections %d x %d",
                            name, field.path(), field.rows(), field.columns(), data.rows(), data.columns()));
                }
            }
            return new Scan(lineIntegrals(data, white.mean(), dark.mean()), theta);
        } catch (HdfException | IllegalArgumentException | IllegalStateException | IndexOutOfBoundsException
                 | java.nio.BufferUnderflowException | UnsupportedOperationException | NegativeArraySizeException e) {
            // jHDF reports a damaged or unusual file in many ways; each is the file's fault, said in one line
            throw new InvalidInputException(name + ": the HDF5 file could not be read (" + e + ")");
        }
    }

    /** -ln((data - dark) / (white - dark)) as sinograms: row r of every view is slice r's sinogram. */
    private static FloatVolume lineIntegrals(Stack data, double[] white, double[] dark) {
        int views = data.frames();
        int rows = data.rows();
        int bins = data.columns();
        int frame = rows * bins;
        float[] out = new float[views * frame];
        for (int view = 0; view < views; view++) {
            for (int row = 0; row < rows; row++) {
                for (int bin = 0; bin < bins; bin++) {
                    int pixel = row * bins + bin;
                    double open = white[pixel] - dark[pixel];
                    double transmission = open > 0 ? (data.values()[view * frame + pixel] - dark[pixel]) / open : 1;
                    out[(row * views + view) * bins + bin] = (float) -Math.log(Math.max(transmission, SMALLEST_TRANSMISSION));
                }
            }
        }
        return rows == 1 ? FloatVolume.of(out, bins, views) : FloatVolume.of(out, bins, views, rows);
    }

    /** A dataset of frames x rows x columns, flattened. */
    private record Stack(String path, int frames, int rows, int columns, double[] values) {
        /** Each pixel's mean over the frames. */
        double[] mean() {
            int frame = rows * columns;
            double[] mean = new double[frame];
            for (int f = 0; f < frames; f++) {
                for (int pixel = 0; pixel < frame; pixel++) {
                    mean[pixel] += values[f * frame + pixel];
                }
            }
            for (int pixel = 0; pixel < frame; pixel++) {
                mean[pixel] /= frames;
            }
            return mean;
        }
    }

    private static Dataset dataset(HdfFile file, String path, String name) {
        Node node;
        try {
            node = file.getByPath(path);
        } catch (HdfException e) {
            throw new InvalidInputException(name + ": expected Data Exchange's " + path + ", found none");
        }
        if (!(node instanceof Dataset dataset)) {
            throw new InvalidInputException(name + ": expected " + path + " to be a dataset, found a group");
        }
        return dataset;
    }

    private static Stack stack(HdfFile file, String path, String name) {
        Dataset dataset = dataset(file, path, name);
        int[] dimensions = dataset.getDimensions();
        if (dimensions.length != 3 || dimensions[0] < 1 || dimensions[1] < 1 || dimensions[2] < 1) {
            throw new InvalidInputException(name + ": expected " + path + " of frames x rows x columns, found "
                    + java.util.Arrays.toString(dimensions));
        }
        long count = (long) dimensions[0] * dimensions[1] * dimensions[2];
        if (count > org.recon4j.util.Checks.MAX_ARRAY_LENGTH) {
            throw new InvalidInputException(name + ": " + path + " holds " + count + " values, more than one array holds");
        }
        return new Stack(path, dimensions[0], dimensions[1], dimensions[2], numbers(dataset.getDataFlat(), path, name));
    }

    private static double[] vector(HdfFile file, String path, String name) {
        Dataset dataset = dataset(file, path, name);
        if (dataset.getDimensions().length != 1) {
            throw new InvalidInputException(name + ": expected " + path + " to be a list, found dimensions "
                    + java.util.Arrays.toString(dataset.getDimensions()));
        }
        double[] values = numbers(dataset.getDataFlat(), path, name);
        for (double value : values) {
            if (!Double.isFinite(value)) {
                throw new InvalidInputException(name + ": " + path + " holds the non-finite value " + value);
            }
        }
        return values;
    }

    /** Any primitive numeric array jHDF returns, as doubles. */
    private static double[] numbers(Object flat, String path, String name) {
        if (flat == null || !flat.getClass().isArray() || !flat.getClass().getComponentType().isPrimitive()
                || flat instanceof boolean[] || flat instanceof char[]) {
            throw new InvalidInputException(name + ": expected numbers in " + path + ", found "
                    + (flat == null ? "nothing" : flat.getClass().getSimpleName()));
        }
        int length = Array.getLength(flat);
        double[] values = new double[length];
        if (flat instanceof int[] ints) {
            for (int i = 0; i < length; i++) {
                values[i] = ints[i];
            }
        } else if (flat instanceof short[] shorts) {
            for (int i = 0; i < length; i++) {
                values[i] = shorts[i];
            }
        } else if (flat instanceof float[] floats) {
            for (int i = 0; i < length; i++) {
                values[i] = floats[i];
            }
        } else if (flat instanceof double[] doubles) {
            System.arraycopy(doubles, 0, values, 0, length);
        } else {
            for (int i = 0; i < length; i++) {
                values[i] = ((Number) Array.get(flat, i)).doubleValue();
            }
        }
        return values;
    }
}
