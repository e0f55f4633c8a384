package org.recon4j.qa;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import org.recon4j.InvalidInputException;
import org.recon4j.io.FloatVolume;

/**
 * CT image quality of a water phantom, with or without inserts (AAPM TG-233; ACR CT
 * accreditation): the phantom and its inserts are found by themselves ({@link WaterPhantom});
 * CT number, noise and uniformity come from a central region and four at 12, 3, 6 and 9 o'clock
 * centred 1 cm plus their radius in from the edge, each a tenth of the phantom's radius; each
 * insert's mean from a disc of 60 % of its radius; the TTF from the edge of the highest-contrast
 * insert (or, without inserts, the phantom's own edge against air); the NPS from square regions
 * clear of the inserts; on request the slice sensitivity profile of a bead ({@link SliceSensitivity}).
 * Figures from several slices pool their pixels.
 */
public final class CtImageQuality {
    /** How far in from the phantom's edge the peripheral regions stop (mm). */
    private static final double EDGE_MARGIN_MM = 10;

    /** Which phantom to expect: inserts looked for and required, none looked for, or either. */
    public enum Phantom {
        AUTO, WATER, INSERTS
    }

    /**
     * @param firstSlice       first slice analysed (from 0); negative: the middle slice only
     * @param insertThreshold  the least difference from water (HU) of an insert
     * @param npsRoiSize       side of the NPS regions in pixels; 0: the largest power of two up to half the phantom's radius
     *                         (16 to 128) for which a region fits
     */
    public record Options(Phantom phantom, int firstSlice, int lastSlice, double insertThreshold, int npsRoiSize,
                          boolean sliceSensitivity) {
        public Options(Phantom phantom, int firstSlice, int lastSlice, double insertThreshold, int npsRoiSize) {
            this(phantom, firstSlice, lastSlice, insertThreshold, npsRoiSize, false);
        }

        public static Options defaults() {
            return new Options(Phantom.AUTO, -1, -1, 50, 0);
        }
    }

    /** A circular region: where (mm, image coordinates), its radius, mean and standard deviation (HU). */
    public record Region(String name, double xMm, double yMm, double radiusMm, double meanHu, double stdHu) {
    }

    /** An insert found: its region and its contrast against the water (HU). */
    public record Insert(int number, double xMm, double yMm, double radiusMm, double meanHu, double stdHu, double contrastHu) {
    }

    /**
     * The figures. {@code waterHu} is the central region's mean, {@code noiseHu} its standard
     * deviation, {@code uniformityHu} the peripheral mean farthest from the centre's, less it.
     */
    public record Result(@JsonProperty("centre_x_mm") double centreXMm,
                         @JsonProperty("centre_y_mm") double centreYMm, double phantomRadiusMm, int firstSlice, int lastSlice,
                         double waterHu, double noiseHu, double uniformityHu, List<Region> regions, List<Insert> inserts,
                         double mtf50LpPerMm, double mtf10LpPerMm, TaskTransferFunction.Result ttf,
                         NoisePowerSpectrum.Result nps, double pixelMm, SliceSensitivity.Result sliceSensitivity) {
    }

    private CtImageQuality() {
    }

    public static Result measure(FloatVolume hu, Options options) {
        int nx = hu.size(0);
        int ny = hu.size(1);
        int nz = hu.size(2);
        double pixel = hu.spacing(0);
        if (Math.abs(hu.spacing(1) - pixel) > 1e-3 * pixel) {
            throw new InvalidInputException(String.format("expected square pixels, found %.4f x %.4f mm", pixel, hu.spacing(1)));
        }
        int first = options.firstSlice() < 0 ? nz / 2 : options.firstSlice();
        int last = options.firstSlice() < 0 ? nz / 2 : options.lastSlice();
        if (first > last || last >= nz) {
            throw new InvalidInputException("expected slices within 0.." + (nz - 1) + ", found " + first + ".." + last);
        }
        List<double[]> slices = new ArrayList<>();
        double[] mean = new double[nx * ny];
        for (int z = first; z <= last; z++) {
            double[] slice = new double[nx * ny];
            for (int i = 0; i < slice.length; i++) {
                slice[i] = hu.data()[z * nx * ny + i];
                mean[i] += slice[i] / (last - first + 1);
            }
            slices.add(slice);
        }
        double insertThreshold = options.phantom() == Phantom.WATER ? 0 : options.insertThreshold();
        int minimumInsertArea = (int) Math.max(12, Math.PI * Math.pow(2 / pixel, 2));
        WaterPhantom phantom = WaterPhantom.find(mean, nx, ny, insertThreshold, minimumInsertArea);
        if (options.phantom() == Phantom.INSERTS && phantom.inserts().isEmpty()) {
            throw new InvalidInputException(String.format("no inserts found: looked for round regions of at least %d pixels inside"
                    + " the phantom differing from its water (%.1f HU) by more than %.0f HU", minimumInsertArea,
                    phantom.waterHu(), options.insertThreshold()));
        }
        boolean[] excluded = insertMask(phantom, nx, ny, 2);
        double roiRadius = Math.max(3, 0.1 * phantom.radius());
        double offset = Math.max(phantom.radius() - EDGE_MARGIN_MM / pixel - roiRadius, 2.5 * roiRadius);
        String[] names = {"centre", "12 o'clock", "3 o'clock", "6 o'clock", "9 o'clock"};
        double[][] shifts = {{0, 0}, {0, -offset}, {offset, 0}, {0, offset}, {-offset, 0}};
        List<Region> regions = new ArrayList<>();
        for (int k = 0; k < names.length; k++) {
            regions.add(region(names[k], slices, nx, ny, phantom.centreX() + shifts[k][0], phantom.centreY() + shifts[k][1],
                    roiRadius, excluded, hu));
        }
        double water = regions.get(0).meanHu();
        double uniformity = 0;
        for (Region peripheral : regions.subList(1, regions.size())) {
            double difference = peripheral.meanHu() - water;
            uniformity = Math.abs(difference) > Math.abs(uniformity) ? difference : uniformity;
        }
        List<Insert> inserts = new ArrayList<>();
        int strongest = -1;
        for (int k = 0; k < phantom.inserts().size(); k++) {
            WaterPhantom.Insert found = phantom.inserts().get(k);
            Region inside = region("insert " + (k + 1), slices, nx, ny, found.centreX(), found.centreY(), 0.6 * found.radius(),
                    new boolean[nx * ny], hu);
            inserts.add(new Insert(k + 1, inside.xMm(), inside.yMm(), found.radius() * pixel, inside.meanHu(), inside.stdHu(),
                    inside.meanHu() - water));
            if (strongest < 0 || Math.abs(inside.meanHu() - water) > Math.abs(inserts.get(strongest).contrastHu())) {
                strongest = k;
            }
        }
        TaskTransferFunction.Result ttf = strongest >= 0
                ? insertTtf(phantom.inserts().get(strongest), inserts.get(strongest), phantom.waterHu(), slices, nx, pixel)
                : edgeTtf(phantom, slices, nx, ny, pixel);
        NoisePowerSpectrum.Result nps = noisePowerSpectrum(phantom, slices, nx, ny, pixel, options.npsRoiSize());
        double[] origin = hu.origin();
        return new Result(origin[0] + phantom.centreX() * pixel, origin[1] + phantom.centreY() * pixel, phantom.radius() * pixel,
                first, last, water, regions.get(0).stdHu(), uniformity, regions, inserts, ttf.mtf50LpPerMm(),
                ttf.mtf10LpPerMm(), ttf, nps, pixel, options.sliceSensitivity() ? SliceSensitivity.measure(hu, water) : null);
    }

    private static TaskTransferFunction.Result insertTtf(WaterPhantom.Insert insert, Insert figures, double water,
                                                         List<double[]> slices, int nx, double pixel) {
        if (insert.radius() < 3) {
            throw new InvalidInputException(String.format("the highest-contrast insert is %.1f pixels in radius; its edge needs "
                    + "at least 3 pixels to measure the TTF", insert.radius()));
        }
        double[] centre = refinedCentre(slices, nx, insert.centreX(), insert.centreY(), insert.radius(), water);
        double reach = Math.min(0.9 * insert.radius(), 15 / pixel);
        return TaskTransferFunction.measure(String.format("insert %d (%.0f HU)", figures.number(), figures.meanHu()),
                slices, nx, centre[0], centre[1], insert.radius(), reach, pixel);
    }

    private static TaskTransferFunction.Result edgeTtf(WaterPhantom phantom, List<double[]> slices, int nx, int ny, double pixel) {
        double border = Math.min(Math.min(phantom.centreX(), nx - 1 - phantom.centreX()),
                Math.min(phantom.centreY(), ny - 1 - phantom.centreY()));
        double reach = Math.min(Math.min(0.5 * phantom.radius(), 15 / pixel), border - phantom.radius() - 1);
        if (reach < 3) {
            throw new InvalidInputException("the phantom's edge lies within 4 pixels of the image's: expected air around it to "
                    + "measure the TTF from its edge");
        }
        return TaskTransferFunction.measure("phantom edge (water to air)", slices, nx, phantom.centreX(), phantom.centreY(),
                phantom.radius(), reach, pixel);
    }

    /** The centroid of the insert's contrast over a disc a little larger than it: the thresholded centre shifts with noise. */
    private static double[] refinedCentre(List<double[]> slices, int nx, double centreX, double centreY, double radius,
                                          double water) {
        double sign = 0;
        for (double[] slice : slices) {
            sign += slice[(int) Math.round(centreY) * nx + (int) Math.round(centreX)] - water;
        }
        sign = Math.signum(sign);
        double mass = 0;
        double sumX = 0;
        double sumY = 0;
        for (double[] slice : slices) {
            for (int i = 0; i < slice.length; i++) {
                int x = i % nx;
                int y = i / nx;
                if (Math.hypot(x - centreX, y - centreY) <= radius + 2) {
                    double weight = Math.max(0, sign * (slice[i] - water));
                    mass += weight;
                    sumX += weight * x;
                    sumY += weight * y;
                }
            }
        }
        return mass > 0 ? new double[] {sumX / mass, sumY / mass} : new double[] {centreX, centreY};
    }

    private static boolean[] insertMask(WaterPhantom phantom, int nx, int ny, int margin) {
        boolean[] mask = new boolean[nx * ny];
        for (WaterPhantom.Insert insert : phantom.inserts()) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    if (Math.hypot(x - insert.centreX(), y - insert.centreY()) <= insert.radius() + margin) {
                        mask[y * nx + x] = true;
                    }
                }
            }
        }
        return mask;
    }

    private static Region region(String name, List<double[]> slices, int nx, int ny, double centreX, double centreY,
                                 double radius, boolean[] excluded, FloatVolume hu) {
        if (centreX - radius < 0 || centreY - radius < 0 || centreX + radius > nx - 1 || centreY + radius > ny - 1) {
            throw new InvalidInputException(String.format("the %s region (centre %.1f, %.1f, radius %.1f pixels) lies outside "
                    + "the %d x %d image", name, centreX, centreY, radius, nx, ny));
        }
        int total = 0;
        List<Integer> pixels = new ArrayList<>();
        for (int y = (int) Math.floor(centreY - radius); y <= Math.ceil(centreY + radius); y++) {
            for (int x = (int) Math.floor(centreX - radius); x <= Math.ceil(centreX + radius); x++) {
                if (Math.hypot(x - centreX, y - centreY) <= radius) {
                    total++;
                    if (!excluded[y * nx + x]) {
                        pixels.add(y * nx + x);
                    }
                }
            }
        }
        if (pixels.size() < Math.max(3, total / 2)) {
            throw new InvalidInputException(String.format("the %s region falls on an insert: %d of its %d pixels are clear; "
                    + "expected water there", name, pixels.size(), total));
        }
        double sum = 0;
        double deviation = 0;
        for (double[] slice : slices) {
            double sliceSum = 0;
            for (int pixel : pixels) {
                sliceSum += slice[pixel];
            }
            double sliceMean = sliceSum / pixels.size();
            double squares = 0;
            for (int pixel : pixels) {
                squares += (slice[pixel] - sliceMean) * (slice[pixel] - sliceMean);
            }
            sum += sliceSum;
            deviation += Math.sqrt(squares / (pixels.size() - 1)) / slices.size();
        }
        double[] origin = hu.origin();
        return new Region(name, origin[0] + centreX * hu.spacing(0), origin[1] + centreY * hu.spacing(1), radius * hu.spacing(0),
                sum / (pixels.size() * slices.size()), deviation);
    }

    /**
     * The NPS over square regions on a grid centred on the phantom (half-overlapping), inside 1 cm
     * of its edge and clear of the inserts: of the requested side, or else the largest power of two
     * up to half the phantom's radius (at most 128) for which some region fits, down to 16.
     */
    private static NoisePowerSpectrum.Result noisePowerSpectrum(WaterPhantom phantom, List<double[]> slices, int nx, int ny,
                                                                double pixel, int requestedSize) {
        boolean[] excluded = insertMask(phantom, nx, ny, 3);
        double limit = phantom.radius() - EDGE_MARGIN_MM / pixel;
        int size = 16;
        while (size * 2 <= Math.min(128, 0.5 * phantom.radius())) {
            size *= 2;
        }
        int smallest = 16;
        if (requestedSize > 0) {
            size = requestedSize;
            smallest = requestedSize;
        }
        for (; size >= smallest; size /= 2) {
            List<int[]> corners = regions(phantom, nx, ny, size, limit, excluded);
            if (!corners.isEmpty()) {
                return NoisePowerSpectrum.measure(slices, nx, corners, size, pixel);
            }
        }
        throw new InvalidInputException(String.format("no room for a %d x %d noise region inside the phantom, 1 cm from its "
                + "edge and clear of its inserts%s", smallest, smallest, requestedSize > 0 ? "; give a smaller --nps-roi" : ""));
    }

    private static List<int[]> regions(WaterPhantom phantom, int nx, int ny, int size, double limit, boolean[] excluded) {
        List<int[]> corners = new ArrayList<>();
        int step = Math.max(1, size / 2);
        int startX = (int) Math.round(phantom.centreX() - size / 2.0) % step;
        int startY = (int) Math.round(phantom.centreY() - size / 2.0) % step;
        for (int y = startY; y + size <= ny; y += step) {
            for (int x = startX; x + size <= nx; x += step) {
                if (clear(x, y, size, nx, phantom, limit, excluded)) {
                    corners.add(new int[] {x, y});
                }
            }
        }
        return corners;
    }

    private static boolean clear(int x0, int y0, int size, int nx, WaterPhantom phantom, double limit, boolean[] excluded) {
        for (int y = y0; y < y0 + size; y++) {
            for (int x = x0; x < x0 + size; x++) {
                if (excluded[y * nx + x] || Math.hypot(x - phantom.centreX(), y - phantom.centreY()) > limit) {
                    return false;
                }
            }
        }
        return true;
    }
}
