package org.recon4j.spect;

import org.recon4j.geometry.SpectGeometry;

/**
 * A simple model of scatter in SPECT projections, for simulations and tests: a broad, smooth
 * copy of the primary counts (a 7 x 7-bin box filter applied twice within each frame, edges
 * clamped) scaled by the scatter-to-primary fraction.
 */
public final class ScatterModel {
    private ScatterModel() {
    }

    public static float[] broadBlur(float[] primary, SpectGeometry geometry, double fraction) {
        float[] twice = box(box(primary, geometry), geometry);
        for (int i = 0; i < twice.length; i++) {
            twice[i] *= (float) fraction;
        }
        return twice;
    }

    private static float[] box(float[] projections, SpectGeometry geometry) {
        int columns = geometry.columns();
        int rows = geometry.rows();
        float[] result = new float[projections.length];
        for (int view = 0; view < geometry.viewCount(); view++) {
            int base = view * rows * columns;
            for (int row = 0; row < rows; row++) {
                for (int column = 0; column < columns; column++) {
                    double sum = 0;
                    for (int dr = -3; dr <= 3; dr++) {
                        int r = Math.min(rows - 1, Math.max(0, row + dr));
                        for (int dc = -3; dc <= 3; dc++) {
                            sum += projections[base + r * columns + Math.min(columns - 1, Math.max(0, column + dc))];
                        }
                    }
                    result[base + row * columns + column] = (float) (sum / 49);
                }
            }
        }
        return result;
    }
}
