package org.recon4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.recon4j.InvalidInputException;
import org.recon4j.io.FloatVolume;
import org.recon4j.io.MetaImage;
import org.recon4j.io.VolumeFiles;
import org.recon4j.io.PngExport;

/** Checks and writes command outputs; inputs are never written to. */
final class Outputs {
    private Outputs() {
    }

    /**
     * Refuses an output that exists (unless {@code force}) together with its data file, and one
     * whose files would be written over any of the inputs (even with {@code force}).
     */
    static void refuseExisting(boolean force, Path... outputs) {
        if (force) {
            return;
        }
        for (Path output : outputs) {
            if (output != null && Files.exists(output)) {
                throw new InvalidInputException("output " + output + " exists; add --force to replace it");
            }
        }
    }

    /** Refuses an output path that is not an image name we write or would overwrite one of the inputs. */
    static void checkTarget(Path output, Path... inputs) throws IOException {
        if (!VolumeFiles.isWritable(output)) {
            throw new InvalidInputException("output " + output + " must end in .mhd, .mha, .nii or .nii.gz");
        }
        if (Files.isDirectory(output)) {
            throw new InvalidInputException("output " + output + " is a folder, expected a file name");
        }
        Path raw = VolumeFiles.companion(output);
        for (Path input : inputs) {
            if (input == null || !Files.isRegularFile(input)) {
                continue;
            }
            Path inputData = isMetaImage(input) ? MetaImage.dataFileOf(input) : null;
            for (Path written : new Path[] {output, raw}) {
                if (written != null && (sameFile(written, input) || inputData != null && sameFile(written, inputData))) {
                    throw new InvalidInputException("output " + output + " would overwrite the input " + input);
                }
            }
        }
    }

    private static boolean isMetaImage(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".mhd") || name.endsWith(".mha");
    }

    private static boolean sameFile(Path a, Path b) throws IOException {
        return Files.exists(a) && Files.exists(b) ? Files.isSameFile(a, b)
                : a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }

    /**
     * The JSON record saved beside an HTML report ({@code R.html} gives {@code R.json}); the
     * report must be named {@code .html}.
     */
    static Path reportRecord(Path report, String command) {
        String name = report.getFileName().toString();
        if (!name.toLowerCase(Locale.ROOT).endsWith(".html")) {
            throw new InvalidInputException(command + " --out must name an .html report, found " + report);
        }
        return report.resolveSibling(name.substring(0, name.length() - 5) + ".json");
    }

    static void createFolder(Path file) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        if (folder != null && !Files.isDirectory(folder)) {
            Files.createDirectories(folder);
        }
    }

    static void writeImage(Path target, FloatVolume volume) throws IOException {
        createFolder(target);
        VolumeFiles.write(target, volume);
    }

    /** Writes the middle slice of a volume as PNG, windowed to [low, high] or to its own range. */
    static void writePng(Path target, FloatVolume volume, double[] window) throws IOException {
        createFolder(target);
        int nx = volume.size(0);
        int ny = volume.size(1);
        int slice = volume.size(2) / 2;
        double[] range = window != null ? window : PngExport.range(volume.data(), nx * ny, slice);
        PngExport.writeSlice(target, volume.data(), nx, ny, slice, range[0], range[1]);
    }

    /** Parses "A,B" into two finite numbers, naming the option on failure. */
    static double[] pair(String option, String text) {
        return numbers(option, text, 2);
    }

    /** Parses "X,Y,Z" into three finite numbers, naming the option on failure. */
    static double[] triple(String option, String text) {
        return numbers(option, text, 3);
    }

    private static double[] numbers(String option, String text, int count) {
        String shape = count == 2 ? "A,B" : "X,Y,Z";
        String[] parts = text.split(",");
        if (parts.length != count) {
            throw new InvalidInputException(option + " must be " + count + " numbers " + shape + ", found '" + text + "'");
        }
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            try {
                values[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                values[i] = Double.NaN;
            }
            if (!Double.isFinite(values[i])) {
                throw new InvalidInputException(option + " must be " + count + " finite numbers " + shape + ", found '"
                        + text + "'");
            }
        }
        return values;
    }
}
