package org.recon4j.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.recon4j.InvalidInputException;

/** Images by file name: MetaImage ({@code .mhd}, {@code .mha}) or NIfTI-1 ({@code .nii}, {@code .nii.gz}). */
public final class VolumeFiles {
    private VolumeFiles() {
    }

    /** Whether {@link #write} knows the name's format. */
    public static boolean isWritable(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".mhd") || name.endsWith(".mha") || Nifti.isNifti(path);
    }

    public static FloatVolume read(Path path) throws IOException {
        return Nifti.isNifti(path) ? Nifti.read(path) : MetaImage.read(path);
    }

    /** Writes whole or not at all; a {@code .mhd} header gets its {@code .raw} beside it. */
    public static void write(Path path, FloatVolume volume) throws IOException {
        if (Nifti.isNifti(path)) {
            Nifti.write(path, volume);
        } else if (isWritable(path)) {
            MetaImage.write(path, volume, false);
        } else {
            throw new InvalidInputException("an image file must end in .mhd, .mha, .nii or .nii.gz, found " + path);
        }
    }

    /** The second file {@link #write} creates beside {@code path} ({@code .raw} for {@code .mhd}), or null. */
    public static Path companion(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".mhd") ? MetaImage.dataFileFor(path, false) : null;
    }
}
