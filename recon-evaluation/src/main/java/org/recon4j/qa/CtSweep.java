package org.recon4j.qa;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.recon4j.InvalidInputException;
import org.recon4j.algorithm.DivergentBeamFbp;
import org.recon4j.algorithm.ParallelBeamFbp;
import org.recon4j.filter.FilterWindow;
import org.recon4j.geometry.FanBeamGeometry;
import org.recon4j.geometry.ParallelBeamGeometry;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.io.FloatVolume;

/**
 * CT image quality from raw parallel- or fan-beam sinograms, per reconstruction setting: each setting of
 * a sweep ({@code filter=ram-lak,hann} or {@code cutoff=1,0.8,0.5}) is reconstructed by FBP,
 * turned into HU with water's value, and analysed as {@link CtImageQuality} does, so one sees
 * how noise, TTF and NPS move with the filter.
 */
public final class CtSweep {
    /** One setting ("filter=hann") and its figures. */
    public record Setting(String setting, CtImageQuality.Result result) {
    }

    /** What is swept: a parameter name and its values, as written on the command line. */
    public record Sweep(String parameter, List<String> values) {
        public static Sweep parse(String text) {
            String[] parts = text.split("=", 2);
            String parameter = parts[0].trim().toLowerCase(Locale.ROOT);
            if (parts.length != 2 || !(parameter.equals("filter") || parameter.equals("cutoff")) || parts[1].isBlank()) {
                throw new InvalidInputException("expected a sweep as filter=NAME,NAME... or cutoff=F,F..., found '" + text + "'");
            }
            List<String> values = new ArrayList<>();
            for (String value : parts[1].split(",")) {
                values.add(value.trim());
            }
            Sweep sweep = new Sweep(parameter, values);
            for (String value : values) {
                sweep.window(value);
                sweep.cutoff(value);
            }
            return sweep;
        }

        FilterWindow window(String value) {
            return parameter.equals("filter") ? FilterWindow.parse(value) : FilterWindow.RAM_LAK;
        }

        double cutoff(String value) {
            if (!parameter.equals("cutoff")) {
                return 1;
            }
            try {
                double cutoff = Double.parseDouble(value);
                if (cutoff > 0 && cutoff <= 1) {
                    return cutoff;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new InvalidInputException("expected a cutoff in (0, 1] (of Nyquist), found '" + value + "'");
        }
    }

    private CtSweep() {
    }

    /** FBP of the raw data with one filter setting: the image on the sweep's grid, in the data's units. */
    @FunctionalInterface
    public interface Reconstruction {
        float[] run(FilterWindow window, double cutoff);
    }

    /** Parallel-beam FBP of sinograms {@code [slice][view][bin]}. */
    public static Reconstruction parallel(float[] sinograms, ParallelBeamGeometry geometry, VolumeGeometry grid, int threads) {
        return (window, cutoff) -> new ParallelBeamFbp(geometry, grid, window, cutoff, threads).reconstruct(sinograms);
    }

    /** Fan-beam FBP (arc or flat detector) of sinograms {@code [slice][view][bin]}. */
    public static Reconstruction fan(float[] sinograms, FanBeamGeometry geometry, VolumeGeometry grid, int threads) {
        return (window, cutoff) -> DivergentBeamFbp.fan(geometry, grid, window, cutoff, threads).reconstruct(sinograms);
    }

    /**
     * @param waterValue the reconstruction's value for water (its attenuation in the sinograms' units)
     */
    public static List<Setting> run(Reconstruction reconstruction, VolumeGeometry grid, double waterValue, Sweep sweep,
                                    CtImageQuality.Options options) {
        if (!(waterValue > 0) || !Double.isFinite(waterValue)) {
            throw new InvalidInputException("expected water's value (> 0) to turn the reconstruction into HU, found " + waterValue);
        }
        List<Setting> settings = new ArrayList<>();
        for (String value : sweep.values()) {
            float[] image = reconstruction.run(sweep.window(value), sweep.cutoff(value));
            for (int i = 0; i < image.length; i++) {
                image[i] = (float) (1000 * (image[i] - waterValue) / waterValue);
            }
            FloatVolume hu = FloatVolume.of(grid, image);
            if (hu.dimensions() == 2) {
                hu = new FloatVolume(new int[] {grid.nx(), grid.ny(), 1}, new double[] {grid.dx(), grid.dy(), grid.dz()},
                        grid.origin(), image);
            }
            settings.add(new Setting(sweep.parameter() + "=" + value, CtImageQuality.measure(hu, options)));
        }
        return settings;
    }
}
