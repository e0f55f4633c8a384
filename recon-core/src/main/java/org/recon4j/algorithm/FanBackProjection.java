package org.recon4j.algorithm;

import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.util.Arctangent;

/**
 * Fan-beam back-projection of filtered rows (flat or arc detector) into one slice at a time, for
 * {@code DivergentBeamFbp}. Filtered rows are stored view after view with a zero border one bin
 * wide ({@link #rowStart}), so interpolation anywhere within a bin of the detector stays inside.
 */
final class FanBackProjection {
    /** Image rows per task, and views per cache block (64 rows of 1024 bins: 256 KiB). */
    static final int ROW_BLOCK = 16;
    private static final int VIEW_BLOCK = 64;
    private final CircularOrbit orbit;
    private final boolean arc;
    /** A detector coordinate d (mm, or arc length) is padded column d * columnScale + columnOrigin (+ 1: the border). */
    private final double columnScale;
    private final double columnOrigin;

    FanBackProjection(CircularOrbit orbit, boolean arc) {
        this.orbit = orbit;
        this.arc = arc;
        this.columnScale = orbit.sourceToDetector() / orbit.columnSpacing();
        this.columnOrigin = (orbit.columns() - 1) / 2.0 - orbit.offsetU() / orbit.columnSpacing() + 1;
    }

    /** Floats in the filtered rows of one slice. */
    int filteredLength() {
        return orbit.angles().length * (orbit.columns() + 2);
    }

    /** Where bin 0 of view {@code view}'s filtered row goes. */
    int firstBin(int view) {
        return rowStart(view) + 1;
    }

    private int rowStart(int view) {
        return view * (orbit.columns() + 2);
    }

    /**
     * Rows [firstRow, endRow) of one fan slice: every view, every x, views taken in blocks that
     * stay in the core's cache while every row of the range uses them. A voxel's depth along the
     * central ray and its lateral position move linearly along a row, so each view's pass needs
     * one division per voxel (flat) or one arctangent and one division (arc).
     */
    void backProjectRows(float[] filtered, float[] output, int sliceOffset, int firstRow, int endRow) {
        VolumeGeometry volume = orbit.volume();
        double[] angles = orbit.angles();
        int nx = volume.nx();
        for (int firstView = 0; firstView < angles.length; firstView += VIEW_BLOCK) {
            int endView = Math.min(angles.length, firstView + VIEW_BLOCK);
            for (int y = firstRow; y < endRow; y++) {
                double py = volume.y(y);
                int rowOffset = sliceOffset + y * nx;
                for (int view = firstView; view < endView; view++) {
                    double sin = Math.sin(angles[view]);
                    double cos = Math.cos(angles[view]);
                    // depth along the central ray (-sin, cos) and lateral position along +u (cos, sin)
                    accumulateFanRow(filtered, rowStart(view), orbit.sourceToAxis() - volume.x(0) * sin + py * cos,
                            -volume.dx() * sin, volume.x(0) * cos + py * sin, volume.dx() * cos, output, rowOffset, nx);
                }
            }
        }
    }

    /**
     * One view along one image row, from voxel 0's depth and lateral position and their steps
     * per voxel. Flat detector: coordinate SDD * lateral / depth, distance weight (SOD / depth)^2;
     * arc: coordinate SDD * fan angle, weight 1 / |voxel - source|^2. Each takes one division a
     * voxel (depth > 0: the source is outside the volume).
     */
    private void accumulateFanRow(float[] filtered, int base, double depthStart, double depthStep,
                                  double lateralStart, double lateralStep, float[] output, int rowOffset, int count) {
        boolean arc = this.arc;
        int columns = orbit.columns();
        double sourceToAxis = orbit.sourceToAxis();
        double scale = columnScale;
        double origin = columnOrigin;
        for (int x = 0; x < count; x++) {
            double depth = depthStart + x * depthStep;
            double lateral = lateralStart + x * lateralStep;
            double column;
            double weight;
            if (arc) {
                double squaredDistance = depth * depth + lateral * lateral;
                double inverse = 1 / (depth * squaredDistance); // gives lateral / depth and 1 / squaredDistance
                column = Arctangent.of(lateral * squaredDistance * inverse) * scale + origin;
                weight = depth * inverse;
            } else {
                double inverseDepth = 1 / depth;
                column = lateral * inverseDepth * scale + origin;
                weight = sourceToAxis * sourceToAxis * inverseDepth * inverseDepth;
            }
            if (column > 0 && column < columns + 1) {
                output[rowOffset + x] += (float) weight * interpolate(filtered, base, column);
            }
        }
    }

    /** Linear interpolation in a zero-bordered row at padded column {@code column}, in (0, columns + 1). */
    private static float interpolate(float[] filtered, int base, double column) {
        int index = (int) column;
        float fraction = (float) (column - index);
        float left = filtered[base + index];
        return left + fraction * (filtered[base + index + 1] - left);
    }
}
