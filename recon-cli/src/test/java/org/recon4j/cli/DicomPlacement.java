package org.recon4j.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.recon4j.io.FloatVolume;

/**
 * Reads an NM RECON TOMO file with another library (Debian's python3 and pydicom, which .ci/run
 * installs) and compares it with a MetaImage voxel by voxel at the same patient positions: the
 * DICOM frames placed by Image Position/Orientation (Patient) and Spacing Between Slices along the
 * rows x columns normal, as a viewer places them.
 */
final class DicomPlacement {
    private static final String SCRIPT = String.join("\n",
            "import sys, numpy as np, pydicom",
            "ds = pydicom.dcmread(sys.argv[1])",
            "d = ds.DetectorInformationSequence[0]",
            "ipp = np.array([float(v) for v in d.ImagePositionPatient])",
            "iop = np.array([float(v) for v in d.ImageOrientationPatient])",
            "row, col = iop[:3], iop[3:]",
            "normal = np.cross(row, col)",
            "dr, dc = (float(v) for v in ds.PixelSpacing)",
            "dz = float(ds.SpacingBetweenSlices)",
            "a = ds.pixel_array.astype(float) * float(ds.RescaleSlope) + float(ds.RescaleIntercept)",
            "print('slope', float(ds.RescaleSlope))",
            "for k, j, i in np.argwhere(a > 0.3 * a.max())[::97]:",
            "    p = ipp + i * dc * row + j * dr * col + k * dz * normal",
            "    print(p[0], p[1], p[2], a[k, j, i])");

    private DicomPlacement() {
    }

    static boolean sameAsMetaImage(Path dicom, FloatVolume meta) throws IOException {
        String output = python(SCRIPT, dicom.toString());
        double slope = 0;
        int compared = 0;
        for (String line : output.strip().split("\n")) {
            String[] parts = line.trim().split("\\s+");
            if (parts[0].equals("slope")) {
                slope = Double.parseDouble(parts[1]);
                continue;
            }
            int[] index = new int[3];
            for (int axis = 0; axis < 3; axis++) {
                double position = (Double.parseDouble(parts[axis]) - meta.origin()[axis]) / meta.spacing(axis);
                index[axis] = (int) Math.round(position);
                if (Math.abs(position - index[axis]) > 1e-3 || index[axis] < 0 || index[axis] >= meta.size(axis)) {
                    throw new AssertionError("DICOM voxel at " + line + " is not a MetaImage voxel centre");
                }
            }
            float value = meta.data()[(index[2] * meta.size(1) + index[1]) * meta.size(0) + index[0]];
            if (Math.abs(value - Double.parseDouble(parts[3])) > slope) {
                throw new AssertionError("at " + line + " the MetaImage holds " + value);
            }
            compared++;
        }
        if (compared < 10) {
            throw new AssertionError("too few voxels compared: " + output);
        }
        return true;
    }

    static String frameOfReference(Path dicom) throws IOException {
        return python("import sys, pydicom; print(pydicom.dcmread(sys.argv[1]).FrameOfReferenceUID)", dicom.toString()).strip();
    }

    private static String python(String script, String argument) throws IOException {
        Path python = Path.of("/usr/bin/python3");
        assumeTrue(Files.isExecutable(python), "/usr/bin/python3 is missing (apt-get install python3-pydicom); skipped");
        Process process = new ProcessBuilder(python.toString(), "-c", script, argument).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            assumeTrue(process.waitFor() == 0 || !output.contains("No module named"), "pydicom or numpy missing: " + output);
            if (process.exitValue() != 0) {
                throw new AssertionError("pydicom failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return output;
    }
}
