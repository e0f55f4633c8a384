package org.recon4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.recon4j.InvalidInputException;
import org.recon4j.dicom.CtSeries;
import org.recon4j.dicom.DicomInfo;
import org.recon4j.dicom.NmReconstruction;
import org.recon4j.io.FloatVolume;

/** Reading the images the QA tests analyse. */
final class QaImages {
    private QaImages() {
    }

    /** A SPECT reconstruction: DICOM NM (RECON TOMO), Interfile (.hv), MetaImage or NIfTI, as 3D (a 2D image becomes one slice). */
    static FloatVolume emission(Path path) throws IOException {
        if (Files.isRegularFile(path) && DicomInfo.isDicom(path)) {
            return NmReconstruction.read(path);
        }
        return asVolume(SpectInput.readImage(path));
    }

    /** A CT image: a DICOM CT series (file or folder, in HU) or a volume file in HU, or in 1/mm with {@code waterMu}. */
    static FloatVolume hounsfield(Path path, Double waterMu) throws IOException {
        boolean dicom = Files.isDirectory(path) || DicomInfo.isDicom(path);
        if (dicom) {
            if (waterMu != null) {
                throw new InvalidInputException("--water-mu converts an image in 1/mm; " + path.getFileName() + " is a DICOM CT series, "
                        + "already in HU");
            }
            return asVolume(CtSeries.read(path));
        }
        FloatVolume image = asVolume(SpectInput.readImage(path));
        float[] values = image.data();
        if (waterMu != null) {
            if (!(waterMu > 0) || !Double.isFinite(waterMu)) {
                throw new InvalidInputException("--water-mu: expected water's attenuation in 1/mm (about 0.02), found " + waterMu);
            }
            float[] hu = new float[values.length];
            for (int i = 0; i < hu.length; i++) {
                hu[i] = (float) (1000 * (values[i] - waterMu) / waterMu);
            }
            return new FloatVolume(image.size(), image.spacing(), image.origin(), hu);
        }
        float[] sorted = values.clone();
        Arrays.sort(sorted);
        float low = sorted[(int) (0.01 * (sorted.length - 1))];
        float high = sorted[(int) (0.99 * (sorted.length - 1))];
        if (high - low < 100) {
            throw new InvalidInputException(String.format("%s: expected an image in HU (air -1000, water 0), found values from %.4g "
                    + "to %.4g; for attenuation in 1/mm give --water-mu PER_MM", path.getFileName(), low, high));
        }
        return image;
    }

    private static FloatVolume asVolume(FloatVolume image) {
        if (image.dimensions() == 3) {
            return image;
        }
        if (image.dimensions() != 2) {
            throw new InvalidInputException("expected a 2D or 3D image, found " + image.dimensions() + " dimension");
        }
        return new FloatVolume(new int[] {image.size(0), image.size(1), 1},
                new double[] {image.spacing(0), image.spacing(1), 1}, new double[] {image.origin()[0], image.origin()[1], 0},
                image.data());
    }
}
