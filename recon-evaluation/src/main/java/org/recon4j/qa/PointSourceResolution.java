package org.recon4j.qa;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import org.recon4j.InvalidInputException;
import org.recon4j.io.FloatVolume;

/**
 * Reconstructed spatial resolution of point or line sources, as NEMA NU 1 and NU 2 measure it:
 * for each source, one-voxel profiles through its peak along x, y and (for points) z, and
 * their full widths at half and tenth maximum ({@link Profiles}). Sources are the local maxima
 * above a fraction of the brightest, at least a few widths apart. Line sources run along z:
 * the image is summed over the slices first, as NEMA sums along a line source.
 */
public final class PointSourceResolution {
    /** How the sources lie. */
    public enum Source {
        POINT, LINE
    }

    /**
     * One source: where its peak lies (mm, in the image's coordinates) and its widths (mm); the
     * z widths are NaN for line sources, the radial and tangential ones (about the rotation axis,
     * taken through the image's centre) for a source within two voxels of the axis.
     */
    public record Measurement(double xMm, double yMm, double zMm, @JsonProperty("fwhm_x_mm") double fwhmXMm,
                              @JsonProperty("fwhm_y_mm") double fwhmYMm, @JsonProperty("fwhm_z_mm") double fwhmZMm,
                              @JsonProperty("fwtm_x_mm") double fwtmXMm, @JsonProperty("fwtm_y_mm") double fwtmYMm,
                              @JsonProperty("fwtm_z_mm") double fwtmZMm, double fwhmRadialMm, double fwhmTangentialMm,
                              double fwtmRadialMm, double fwtmTangentialMm, double[] profileX, double[] profileY,
                              double[] profileZ) {
    }

    private PointSourceResolution() {
    }

    /**
     * @param image     a 2D or 3D reconstruction
     * @param threshold a source's peak is at least this fraction of the brightest (for example 0.3)
     * @param separation the least distance between two sources' peaks (mm)
     */
    public static List<Measurement> measure(FloatVolume image, Source source, double threshold, double separation) {
        int nx = image.size(0);
        int ny = image.size(1);
        int nz = source == Source.LINE ? 1 : image.size(2);
        float[] values = source == Source.LINE ? sumOverSlices(image) : image.data();
        List<int[]> peaks = findPeaks(values, nx, ny, nz, image, threshold, separation);
        if (peaks.isEmpty()) {
            throw new InvalidInputException("no " + (source == Source.LINE ? "line" : "point") + " source found: expected a local "
                    + "maximum above the image's background");
        }
        List<Measurement> results = new ArrayList<>();
        for (int[] peak : peaks) {
            double[] profileX = new double[nx];
            double[] profileY = new double[ny];
            double[] profileZ = new double[nz];
            for (int x = 0; x < nx; x++) {
                profileX[x] = values[index(x, peak[1], peak[2], nx, ny)];
            }
            for (int y = 0; y < ny; y++) {
                profileY[y] = values[index(peak[0], y, peak[2], nx, ny)];
            }
            for (int z = 0; z < nz; z++) {
                profileZ[z] = values[index(peak[0], peak[1], z, nx, ny)];
            }
            boolean hasZ = nz > 1;
            double[] radialWidths = radialAndTangential(values, nx, ny, peak, profileX, profileY, image.spacing(0));
            results.add(new Measurement(position(image, 0, profileX, peak[0]), position(image, 1, profileY, peak[1]),
                    hasZ ? position(image, 2, profileZ, peak[2]) : Double.NaN,
                    Profiles.fullWidth(profileX, image.spacing(0), 0.5, peak[0]), Profiles.fullWidth(profileY, image.spacing(1), 0.5, peak[1]),
                    hasZ ? Profiles.fullWidth(profileZ, image.spacing(2), 0.5, peak[2]) : Double.NaN,
                    Profiles.fullWidth(profileX, image.spacing(0), 0.1, peak[0]), Profiles.fullWidth(profileY, image.spacing(1), 0.1, peak[1]),
                    hasZ ? Profiles.fullWidth(profileZ, image.spacing(2), 0.1, peak[2]) : Double.NaN,
                    radialWidths[0], radialWidths[1], radialWidths[2], radialWidths[3],
                    profileX, profileY, hasZ ? profileZ : new double[0]));
        }
        return results;
    }

    /**
     * FWHM and FWTM {radial, tangential, radial, tangential} from profiles along the direction
     * from the image's centre to the source and across it (square pixels), sampled every voxel by cubic
     * interpolation through the source's refined peak; NaN within two voxels of the centre.
     */
    private static double[] radialAndTangential(float[] values, int nx, int ny, int[] peak, double[] profileX,
                                                double[] profileY, double voxel) {
        double px = Profiles.parabolicPeak(profileX, peak[0])[0];
        double py = Profiles.parabolicPeak(profileY, peak[1])[0];
        double rx = px - (nx - 1) / 2.0;
        double ry = py - (ny - 1) / 2.0;
        double distance = Math.hypot(rx, ry);
        if (distance < 2) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        }
        double[][] directions = {{rx / distance, ry / distance}, {-ry / distance, rx / distance}};
        double[] widths = new double[4];
        int slice = peak[2] * nx * ny;
        for (int d = 0; d < 2; d++) {
            int reach = Math.max(nx, ny);
            double[] profile = new double[2 * reach + 1];
            for (int k = -reach; k <= reach; k++) {
                profile[k + reach] = bicubic(values, slice, nx, ny, px + k * directions[d][0], py + k * directions[d][1]);
            }
            widths[d] = Profiles.fullWidth(profile, voxel, 0.5, reach);
            widths[d + 2] = Profiles.fullWidth(profile, voxel, 0.1, reach);
        }
        return widths;
    }

    /**
     * The slice's value at a point (pixels) by Keys' cubic convolution (a = -0.5), 0 outside the
     * image: bilinear interpolation would widen a source a few voxels wide by some percent.
     */
    private static double bicubic(float[] values, int slice, int nx, int ny, double x, double y) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        double sum = 0;
        for (int dy = -1; dy <= 2; dy++) {
            double wy = keys(y - (y0 + dy));
            for (int dx = -1; dx <= 2; dx++) {
                int xx = x0 + dx;
                int yy = y0 + dy;
                if (xx >= 0 && yy >= 0 && xx < nx && yy < ny) {
                    sum += keys(x - xx) * wy * values[slice + yy * nx + xx];
                }
            }
        }
        return sum;
    }

    private static double keys(double distance) {
        double t = Math.abs(distance);
        if (t <= 1) {
            return (1.5 * t - 2.5) * t * t + 1;
        }
        return t < 2 ? ((-0.5 * t + 2.5) * t - 4) * t + 2 : 0;
    }

    private static double position(FloatVolume image, int axis, double[] profile, int peak) {
        double origin = axis < image.origin().length ? image.origin()[axis] : 0;
        return origin + Profiles.parabolicPeak(profile, peak)[0] * image.spacing(axis);
    }

    private static int index(int x, int y, int z, int nx, int ny) {
        return (z * ny + y) * nx + x;
    }

    private static float[] sumOverSlices(FloatVolume image) {
        int sliceSize = image.size(0) * image.size(1);
        float[] sum = new float[sliceSize];
        for (int z = 0; z < image.size(2); z++) {
            for (int i = 0; i < sliceSize; i++) {
                sum[i] += image.data()[z * sliceSize + i];
            }
        }
        return sum;
    }

    /** Local maxima (each neighbour no higher) above the threshold, brightest first, none within {@code separation} of a brighter one. */
    private static List<int[]> findPeaks(float[] values, int nx, int ny, int nz, FloatVolume image, double threshold,
                                         double separation) {
        float maximum = Float.NEGATIVE_INFINITY;
        for (float value : values) {
            if (!Float.isFinite(value)) {
                throw new InvalidInputException("the image holds a value that is not a finite number");
            }
            maximum = Math.max(maximum, value);
        }
        if (!(maximum > 0)) {
            throw new InvalidInputException("no point source found: the image holds no positive value");
        }
        List<int[]> candidates = new ArrayList<>();
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    float value = values[index(x, y, z, nx, ny)];
                    if (value >= threshold * maximum && isLocalMaximum(values, x, y, z, nx, ny, nz)) {
                        candidates.add(new int[] {x, y, z});
                    }
                }
            }
        }
        candidates.sort((a, b) -> Float.compare(values[index(b[0], b[1], b[2], nx, ny)], values[index(a[0], a[1], a[2], nx, ny)]));
        List<int[]> accepted = new ArrayList<>();
        for (int[] candidate : candidates) {
            boolean apart = true;
            for (int[] peak : accepted) {
                double squared = 0;
                for (int axis = 0; axis < 3; axis++) {
                    double difference = (candidate[axis] - peak[axis]) * image.spacing(axis);
                    squared += difference * difference;
                }
                apart &= squared >= separation * separation;
            }
            if (apart) {
                accepted.add(candidate);
            }
        }
        return accepted;
    }

    private static boolean isLocalMaximum(float[] values, int x, int y, int z, int nx, int ny, int nz) {
        float value = values[index(x, y, z, nx, ny)];
        for (int dz = -1; dz <= 1; dz++) {
            for (int dy = -1; dy <= 1; dy++) {
                for (int dx = -1; dx <= 1; dx++) {
                    int xx = x + dx;
                    int yy = y + dy;
                    int zz = z + dz;
                    if ((dx != 0 || dy != 0 || dz != 0) && xx >= 0 && yy >= 0 && zz >= 0 && xx < nx && yy < ny && zz < nz
                            && values[index(xx, yy, zz, nx, ny)] > value) {
                        return false;
                    }
                }
            }
        }
        return true;
    }
}
