package org.recon4j.helical;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.recon4j.InvalidInputException;
import org.recon4j.Progress;
import org.recon4j.filter.FilterWindow;
import org.recon4j.filter.RampFilter;
import org.recon4j.util.Checks;
import org.recon4j.util.Parallel;

/**
 * Fan-to-parallel rebinning of helical projections with the flying focal spot's positions
 * interleaved (Stierstorfer et al. 2004, Phys Med Biol 49:2209; Flohr et al. 2005, Med Phys
 * 32:2536), then ramp filtering along each rebinned row.
 *
 * <ol>
 * <li>Azimuthal: for each parallel angle theta and each focal position's channel, the views of
 *     that focal position are interpolated linearly in angle at the source angle whose ray of that
 *     channel has direction theta. The ray of each (focal position, channel) is exact, shifts
 *     included, so its offset {@code t} is known.</li>
 * <li>Radial: the channels of the focal positions that share an axial shift are merged by their
 *     {@code t} (an in-plane flying focal spot puts them half a channel apart) and resampled onto
 *     an even grid of {@code t}, as fine as the merged sampling.</li>
 * <li>Rows: focal positions with different axial shifts see the rows at heights shifted by
 *     {@code dz (D / R - 1)} as seen from the focal centre; their rows are merged by that height
 *     and resampled onto an even grid as fine as the merged rows.</li>
 * </ol>
 */
final class ParallelRebinning {
    private final HelicalGeometry geometry;
    private final MultiRowDetector detector;
    private final int focalCount;
    /** theta - beta of each (focal position, channel)'s ray. */
    private final double[][] rayAngle;
    /** The signed distance t of each (focal position, channel)'s ray from the axis. */
    private final double[][] rayOffset;
    /** The in-plane distance from each (focal position, channel)'s source to its detector element. */
    private final double[][] rayLength;
    /** Focal positions grouped by axial shift. */
    private final int[][] groups;
    private final double angleStep;
    private final int anglesPerHalfTurn;
    private final double firstAngle;
    private final int views;
    private final double binSpacing;
    private final double firstBin;
    private final int bins;
    private final double rowSpacing;
    private final double firstRow;
    private final int rows;
    /** Per group: the merged (focal, channel) entries in order of t, and each fine bin's lower entry and weight. */
    private final int[][] entryFocal;
    private final int[][] entryChannel;
    private final int[][] binEntry;
    private final float[][] binWeight;
    /** Per fine row: the lower merged (group, detector row) and the weight of the upper one. */
    private final int[] rowLowerGroup;
    private final int[] rowLowerRow;
    private final int[] rowUpperGroup;
    private final int[] rowUpperRow;
    private final float[] rowWeight;

    ParallelRebinning(HelicalGeometry geometry) {
        geometry.requireEvenViews();
        this.geometry = geometry;
        this.detector = geometry.detector();
        FocalSpots spots = geometry.focalSpots();
        this.focalCount = spots.count();
        if (detector.rows() < 2) {
            throw new InvalidInputException("helical reconstruction needs at least 2 detector rows, found " + detector.rows());
        }
        if (geometry.viewCount() < 2 * focalCount) {
            throw new InvalidInputException("a flying focal spot of " + focalCount + " positions needs at least "
                    + 2 * focalCount + " views, found " + geometry.viewCount());
        }
        int channels = detector.channels();
        rayAngle = new double[focalCount][channels];
        rayOffset = new double[focalCount][channels];
        rayLength = new double[focalCount][channels];
        double radius = geometry.sourceToIsocentre();
        for (int focal = 0; focal < focalCount; focal++) {
            double sourceRadius = radius + spots.radialShift()[focal];
            double shift = spots.angularShift()[focal];
            double sourceX = sourceRadius * Math.sin(shift);
            double sourceY = -sourceRadius * Math.cos(shift);
            for (int channel = 0; channel < channels; channel++) {
                double[] element = detector.channelPosition(channel, radius);
                double dx = element[0] - sourceX;
                double dy = element[1] - sourceY;
                double theta = Math.atan2(-dx, dy);
                rayAngle[focal][channel] = theta;
                rayOffset[focal][channel] = sourceX * Math.cos(theta) + sourceY * Math.sin(theta);
                rayLength[focal][channel] = Math.hypot(dx, dy);
            }
        }
        groups = groupByAxialShift(spots.axialShift());

        double step = geometry.angleStep();
        double focalStep = focalCount * Math.abs(step);
        anglesPerHalfTurn = Math.max(1, (int) Math.round(Math.PI / focalStep));
        angleStep = Math.PI / anglesPerHalfTurn;
        double low = Double.NEGATIVE_INFINITY;
        double high = Double.POSITIVE_INFINITY;
        for (int focal = 0; focal < focalCount; focal++) {
            int last = focal + focalCount * ((geometry.viewCount() - 1 - focal) / focalCount);
            double first = fittedAngle(focal);
            double end = fittedAngle(last);
            for (int channel = 0; channel < channels; channel++) {
                low = Math.max(low, Math.min(first, end) + rayAngle[focal][channel]);
                high = Math.min(high, Math.max(first, end) + rayAngle[focal][channel]);
            }
        }
        if (!(high - low >= Math.PI)) {
            throw new InvalidInputException(String.format(Locale.ROOT,
                    "the views cover %.1f degrees of parallel directions; at least 180 are needed",
                    Math.toDegrees(Math.max(0, high - low))));
        }
        firstAngle = low;
        views = (int) Math.floor((high - low) / angleStep + 1e-9) + 1;

        int positionsPerGroup = focalCount / groups.length;
        binSpacing = detector.channelPitch() * radius / detector.sourceToDetector() / positionsPerGroup;
        double lowT = Double.NEGATIVE_INFINITY;
        double highT = Double.POSITIVE_INFINITY;
        entryFocal = new int[groups.length][];
        entryChannel = new int[groups.length][];
        double[][] entryOffset = new double[groups.length][];
        for (int g = 0; g < groups.length; g++) {
            mergeByOffset(g, entryOffset);
            lowT = Math.max(lowT, entryOffset[g][0]);
            highT = Math.min(highT, entryOffset[g][entryOffset[g].length - 1]);
        }
        bins = (int) Math.floor((highT - lowT) / binSpacing + 1e-9) + 1;
        firstBin = lowT;
        binEntry = new int[groups.length][bins];
        binWeight = new float[groups.length][bins];
        for (int g = 0; g < groups.length; g++) {
            bracket(entryOffset[g], firstBin, binSpacing, binEntry[g], binWeight[g]);
        }

        double[] groupShift = new double[groups.length];
        for (int g = 0; g < groups.length; g++) {
            groupShift[g] = spots.axialShift()[groups[g][0]]
                    * (detector.sourceToDetector() / radius - 1);
        }
        int detectorRows = detector.rows();
        int merged = groups.length * detectorRows;
        double[] heights = new double[merged];
        Integer[] order = new Integer[merged];
        double lowV = Double.NEGATIVE_INFINITY;
        double highV = Double.POSITIVE_INFINITY;
        for (int g = 0; g < groups.length; g++) {
            for (int row = 0; row < detectorRows; row++) {
                heights[g * detectorRows + row] = detector.rowHeight(row) + groupShift[g];
                order[g * detectorRows + row] = g * detectorRows + row;
            }
            lowV = Math.max(lowV, detector.rowHeight(0) + groupShift[g]);
            highV = Math.min(highV, detector.rowHeight(detectorRows - 1) + groupShift[g]);
        }
        Arrays.sort(order, Comparator.comparingDouble(index -> heights[index]));
        double[] sortedHeights = new double[merged];
        for (int i = 0; i < merged; i++) {
            sortedHeights[i] = heights[order[i]];
        }
        rowSpacing = detector.rowPitch() / groups.length;
        firstRow = lowV;
        rows = (int) Math.floor((highV - lowV) / rowSpacing + 1e-9) + 1;
        int[] lower = new int[rows];
        rowWeight = new float[rows];
        bracket(sortedHeights, firstRow, rowSpacing, lower, rowWeight);
        rowLowerGroup = new int[rows];
        rowLowerRow = new int[rows];
        rowUpperGroup = new int[rows];
        rowUpperRow = new int[rows];
        for (int r = 0; r < rows; r++) {
            int a = order[lower[r]];
            int b = order[Math.min(lower[r] + 1, merged - 1)];
            rowLowerGroup[r] = a / detectorRows;
            rowLowerRow[r] = a % detectorRows;
            rowUpperGroup[r] = b / detectorRows;
            rowUpperRow[r] = b % detectorRows;
        }
    }

    /** The angle of view {@code view} on the straight line through the first and last views. */
    private double fittedAngle(int view) {
        return geometry.sourceAngles()[0] + view * geometry.angleStep();
    }

    private static int[][] groupByAxialShift(double[] axialShift) {
        List<List<Integer>> found = new ArrayList<>();
        List<Double> shifts = new ArrayList<>();
        for (int focal = 0; focal < axialShift.length; focal++) {
            int match = -1;
            for (int g = 0; g < shifts.size(); g++) {
                if (Math.abs(shifts.get(g) - axialShift[focal]) < 1e-4) {
                    match = g;
                }
            }
            if (match < 0) {
                shifts.add(axialShift[focal]);
                found.add(new ArrayList<>());
                match = found.size() - 1;
            }
            found.get(match).add(focal);
        }
        int size = found.get(0).size();
        for (List<Integer> group : found) {
            if (group.size() != size) {
                throw new InvalidInputException("the flying focal spot's positions do not pair up: " + found.size()
                        + " axial positions with different numbers of in-plane positions");
            }
        }
        return found.stream().map(group -> group.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
    }

    /** Orders the (focal position, channel) entries of group {@code g} by their ray's offset t. */
    private void mergeByOffset(int g, double[][] entryOffset) {
        int channels = detector.channels();
        int count = groups[g].length * channels;
        Integer[] order = new Integer[count];
        double[] offsets = new double[count];
        for (int i = 0; i < groups[g].length; i++) {
            for (int channel = 0; channel < channels; channel++) {
                offsets[i * channels + channel] = rayOffset[groups[g][i]][channel];
                order[i * channels + channel] = i * channels + channel;
            }
        }
        Arrays.sort(order, Comparator.comparingDouble(index -> offsets[index]));
        entryFocal[g] = new int[count];
        entryChannel[g] = new int[count];
        entryOffset[g] = new double[count];
        for (int e = 0; e < count; e++) {
            entryFocal[g][e] = groups[g][order[e] / channels];
            entryChannel[g][e] = order[e] % channels;
            entryOffset[g][e] = offsets[order[e]];
        }
    }

    /**
     * For each point {@code first + i * spacing}, the index of the last sorted position at or
     * below it and the linear weight of the next one.
     */
    private static void bracket(double[] sorted, double first, double spacing, int[] lower, float[] weight) {
        int at = 0;
        for (int i = 0; i < lower.length; i++) {
            double position = first + i * spacing;
            while (at < sorted.length - 2 && sorted[at + 1] <= position) {
                at++;
            }
            double gap = sorted[at + 1] - sorted[at];
            double w = gap > 0 ? (position - sorted[at]) / gap : 0;
            lower[i] = at;
            weight[i] = (float) Math.min(1, Math.max(0, w));
        }
    }

    int views() {
        return views;
    }

    /**
     * The parallel views whose central ray's source lies within [zLow, zHigh] (all of them for an
     * axial scan), as {first, count}.
     */
    int[] viewsWithin(double zLow, double zHigh) {
        int channel = (int) Math.round(detector.centralChannel());
        channel = Math.min(Math.max(channel, 0), detector.channels() - 1);
        int first = -1;
        int last = -1;
        for (int view = 0; view < views; view++) {
            double z = sourceZ(firstAngle + view * angleStep - rayAngle[0][channel]);
            if (z >= zLow && z <= zHigh) {
                first = first < 0 ? view : first;
                last = view;
            }
        }
        if (first < 0) {
            return new int[] {0, 0};
        }
        first = Math.max(0, first - 1);
        last = Math.min(views - 1, last + 1);
        return new int[] {first, last - first + 1};
    }

    /** The focal centre's z at source angle {@code beta}, interpolated between the views. */
    private double sourceZ(double beta) {
        double position = (beta - geometry.sourceAngles()[0]) / geometry.angleStep();
        int last = geometry.viewCount() - 1;
        int k = Math.min(Math.max((int) Math.floor(position), 0), last - 1);
        double w = Math.min(1, Math.max(0, position - k));
        return (1 - w) * geometry.sourceZ()[k] + w * geometry.sourceZ()[k + 1];
    }

    /**
     * Rebins and filters {@code data} ({@code [view][row][channel]}, line integrals) with the
     * ramp filter of {@code window} and {@code cutoff}, keeping the parallel views whose source
     * lies within [zLow, zHigh]; the filtered values carry the angular step of the
     * back-projection and the redundancy weight W of parameter {@code q} of their row.
     */
    ParallelProjections rebin(float[] data, FilterWindow window, double cutoff, double q, int threads, Progress progress,
                              double zLow, double zHigh) {
        int[] selected = viewsWithin(zLow, zHigh);
        int firstView = selected[0];
        int count = selected[1];
        int channels = detector.channels();
        int detectorRows = detector.rows();
        Checks.length("helical projections", data, (long) geometry.viewCount() * detectorRows * channels);
        Checks.memoryAvailable("rebinned projections", 4L * count * bins * (rows + 1));
        RampFilter filter = new RampFilter(bins, binSpacing, window, cutoff);
        float[] values = new float[Checks.elementCount("rebinned projections", count, bins, rows)];
        float[] sourceZ = new float[count * bins];
        float[] lengths = new float[bins];
        float[] rowWeights = new float[rows];
        double middle = (rows - 1) * 0.5;
        for (int r = 0; r < rows; r++) {
            rowWeights[r] = (float) WeightedFbp.weight((r - middle) / middle, q);
        }
        for (int n = 0; n < bins; n++) {
            int e = binEntry[0][n];
            double w = binWeight[0][n];
            lengths[n] = (float) ((1 - w) * rayLength[entryFocal[0][e]][entryChannel[0][e]]
                    + w * rayLength[entryFocal[0][e + 1]][entryChannel[0][e + 1]]);
        }
        java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
        try (Parallel parallel = new Parallel(threads)) {
            parallel.forEachRange(count, (start, end) -> {
                Work work = new Work(channels, detectorRows, filter.paddedLength());
                for (int view = start; view < end; view++) {
                    rebinView(firstView + view, view, data, filter, rowWeights, work, values, sourceZ);
                    progress.update(done.incrementAndGet(), count);
                }
            });
        }
        return new ParallelProjections(firstAngle, angleStep, firstView, count, anglesPerHalfTurn,
                firstBin, binSpacing, bins, firstRow, rowSpacing, rows, values, rowWeights, sourceZ, lengths,
                geometry.sourceToIsocentre());
    }

    /** One thread's buffers. */
    private final class Work {
        final float[][] focalValues;
        final double[][] focalZ;
        final float[][] groupRows;
        final float[] line;
        final float[] filterBuffer;

        Work(int channels, int detectorRows, int padded) {
            focalValues = new float[focalCount][detectorRows * channels];
            focalZ = new double[focalCount][channels];
            groupRows = new float[groups.length][detectorRows * bins];
            line = new float[bins];
            filterBuffer = new float[padded];
        }
    }

    /** Rebins parallel view {@code view} of the whole scan into slot {@code slot} of the output. */
    private void rebinView(int view, int slot, float[] data, RampFilter filter, float[] rowWeights, Work work,
                           float[] values, float[] sourceZ) {
        int channels = detector.channels();
        int detectorRows = detector.rows();
        double theta = firstAngle + view * angleStep;
        double[] angles = geometry.sourceAngles();
        double[] zs = geometry.sourceZ();
        double step = geometry.angleStep() * focalCount;
        int total = geometry.viewCount();
        for (int focal = 0; focal < focalCount; focal++) {
            int count = (total - 1 - focal) / focalCount + 1;
            float[] out = work.focalValues[focal];
            double first = angles[0] + focal * geometry.angleStep();
            for (int channel = 0; channel < channels; channel++) {
                double position = (theta - rayAngle[focal][channel] - first) / step;
                int k = Math.min(Math.max((int) Math.floor(position), 0), count - 2);
                float w = (float) Math.min(1, Math.max(0, position - k));
                int a = focal + focalCount * k;
                int b = a + focalCount;
                work.focalZ[focal][channel] = (1 - w) * zs[a] + w * zs[b];
                for (int row = 0; row < detectorRows; row++) {
                    out[row * channels + channel] = (1 - w) * data[(a * detectorRows + row) * channels + channel]
                            + w * data[(b * detectorRows + row) * channels + channel];
                }
            }
        }
        Arrays.fill(sourceZ, slot * bins, (slot + 1) * bins, 0f);
        for (int g = 0; g < groups.length; g++) {
            float[] rowsOut = work.groupRows[g];
            int[] focals = entryFocal[g];
            int[] channelOf = entryChannel[g];
            for (int n = 0; n < bins; n++) {
                int e = binEntry[g][n];
                float w = binWeight[g][n];
                float[] lowerValues = work.focalValues[focals[e]];
                float[] upperValues = work.focalValues[focals[e + 1]];
                int lowerChannel = channelOf[e];
                int upperChannel = channelOf[e + 1];
                for (int row = 0; row < detectorRows; row++) {
                    rowsOut[row * bins + n] = (1 - w) * lowerValues[row * channels + lowerChannel]
                            + w * upperValues[row * channels + upperChannel];
                }
                double z = (1 - w) * work.focalZ[focals[e]][lowerChannel] + w * work.focalZ[focals[e + 1]][upperChannel];
                sourceZ[slot * bins + n] += (float) (z / groups.length);
            }
        }
        float[] line = work.line;
        for (int r = 0; r < rows; r++) {
            float w = rowWeight[r];
            float[] lowerRows = work.groupRows[rowLowerGroup[r]];
            float[] upperRows = work.groupRows[rowUpperGroup[r]];
            int lowerOffset = rowLowerRow[r] * bins;
            int upperOffset = rowUpperRow[r] * bins;
            for (int n = 0; n < bins; n++) {
                line[n] = (1 - w) * lowerRows[lowerOffset + n] + w * upperRows[upperOffset + n];
            }
            filter.filter(line, 0, line, 0, (float) angleStep, work.filterBuffer);
            int base = slot * bins * rows + r;
            float weight = rowWeights[r];
            for (int n = 0; n < bins; n++) {
                values[base + n * rows] = weight * line[n];
            }
        }
    }
}
