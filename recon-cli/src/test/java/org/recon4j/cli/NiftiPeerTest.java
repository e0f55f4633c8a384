package org.recon4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recon4j.io.FloatVolume;
import org.recon4j.io.MetaImage;
import org.recon4j.io.VolumeFiles;

/**
 * NIfTI against nibabel (Debian's python3-nibabel): a volume `recon` writes opens in nibabel with
 * the voxel-to-world affine of our MetaImage of it (LPS turned RAS), and a file nibabel writes
 * (RAS+, the orientation most tools produce) reads back with its values in their places.
 */
class NiftiPeerTest {
    @TempDir
    Path folder;

    private static String python(String script, String... arguments) throws IOException, InterruptedException {
        Path python = Path.of("/usr/bin/python3");
        assumeTrue(Files.isExecutable(python), "/usr/bin/python3 is missing (apt-get install python3-nibabel); skipped");
        String[] command = new String[arguments.length + 3];
        command[0] = python.toString();
        command[1] = "-c";
        command[2] = script;
        System.arraycopy(arguments, 0, command, 3, arguments.length);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = process.waitFor();
        assumeTrue(status == 0 || !output.contains("No module named"),
                "nibabel is not importable by /usr/bin/python3 (apt-get install python3-nibabel); skipped");
        assertEquals(0, status, output);
        return output;
    }

    @Test
    void nibabelPlacesOurVolumeWhereOurMetaImageDoes() throws IOException, InterruptedException {
        String phantom = folder.resolve("p.mhd").toString();
        String cone = folder.resolve("c.mhd").toString();
        assertEquals(0, CommandRun.of("phantom", "--size", "24", "--views", "40", "--geometry", "cone", "--out-image",
                phantom, "--out-sino", cone, "-q").code());
        CommandRun fdk = CommandRun.of("fdk", "--in", cone, "--angles", "0:9:40", "--sod", "72", "--sdd", "96",
                "--det-spacing", "1.3333333333333333", "--size", "24,20,16", "--pixel", "1.5", "--center", "3,-2,5",
                "--out", folder.resolve("v.nii.gz").toString(), "-q");
        assertEquals(0, fdk.code(), fdk.err());
        FloatVolume ours = VolumeFiles.read(folder.resolve("v.nii.gz"));
        MetaImage.write(folder.resolve("v.mhd"), ours, false);
        FloatVolume meta = MetaImage.read(folder.resolve("v.mhd"));
        String output = python(String.join("\n",
                "import sys, nibabel as nib, numpy as np",
                "image = nib.load(sys.argv[1])",
                "a = image.affine",
                "print(' '.join('%.6f' % v for v in a[:3].ravel()))",
                "data = np.asarray(image.dataobj)",
                "print(data.shape[0], data.shape[1], data.shape[2], '%.6f' % data[5, 7, 3], '%.6f' % data[20, 2, 11])"),
                folder.resolve("v.nii.gz").toString());
        String[] lines = output.strip().split("\n");
        String[] numbers = lines[0].trim().split(" ");
        double[] affine = new double[12];
        for (int i = 0; i < 12; i++) {
            affine[i] = Double.parseDouble(numbers[i]);
        }
        double[] expected = {
            -meta.spacing(0), 0, 0, -meta.origin()[0],
            0, -meta.spacing(1), 0, -meta.origin()[1],
            0, 0, meta.spacing(2), meta.origin()[2]};
        for (int i = 0; i < 12; i++) {
            assertEquals(expected[i], affine[i], 1e-5, "affine element " + i + ": " + lines[0]);
        }
        String[] values = lines[1].trim().split(" ");
        assertEquals("24 20 16", values[0] + " " + values[1] + " " + values[2]);
        assertEquals(meta.data()[(3 * 20 + 7) * 24 + 5], Double.parseDouble(values[3]), 1e-5);
        assertEquals(meta.data()[(11 * 20 + 2) * 24 + 20], Double.parseDouble(values[4]), 1e-5);
        assertEquals(1.5, meta.spacing(0), 1e-9);
    }

    @Test
    void aRasFileFromNibabelReadsBackInPlace() throws IOException, InterruptedException {
        Path file = folder.resolve("ras.nii.gz");
        python(String.join("\n",
                "import sys, nibabel as nib, numpy as np",
                "data = np.arange(5 * 4 * 3, dtype=np.int16).reshape(5, 4, 3) * 3 - 40",
                "affine = np.array([[2.0, 0, 0, -7], [0, 1.5, 0, 11], [0, 0, 2.5, -20], [0, 0, 0, 1]])",
                "image = nib.Nifti1Image(data, affine)",
                "image.header.set_slope_inter(0.5, 1.0)",
                "nib.save(image, sys.argv[1])"), file.toString());
        FloatVolume read = VolumeFiles.read(file);
        assertEquals(3, read.dimensions());
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 4; j++) {
                for (int k = 0; k < 3; k++) {
                    // nibabel's voxel (i, j, k) sits at RAS (2 i - 7, 1.5 j + 11, 2.5 k - 20), LPS (7 - 2 i, -11 - 1.5 j, ...)
                    double x = 7 - 2.0 * i;
                    double y = -11 - 1.5 * j;
                    double z = 2.5 * k - 20;
                    int ix = (int) Math.round((x - read.origin()[0]) / read.spacing(0));
                    int iy = (int) Math.round((y - read.origin()[1]) / read.spacing(1));
                    int iz = (int) Math.round((z - read.origin()[2]) / read.spacing(2));
                    float expected = ((i * 4 + j) * 3 + k) * 3 - 40;
                    assertEquals(expected * 0.5f + 1f, read.data()[(iz * read.size(1) + iy) * read.size(0) + ix], 1e-6,
                            "voxel " + i + "," + j + "," + k);
                }
            }
        }
        assertTrue(read.spacing(0) == 2 && read.spacing(1) == 1.5 && read.spacing(2) == 2.5);
    }
}
