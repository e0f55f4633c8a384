package org.recon4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.recon4j.metric.ImageMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recon4j.gpu.ComputeDevice;
import org.recon4j.io.MetaImage;

/** {@code --device} and {@code recon devices}: the OpenCL path from the command line, and its errors. */
class DeviceOptionTest {
    @TempDir
    Path folder;

    private String path(String name) {
        return folder.resolve(name).toString();
    }

    private static ComputeDevice openClDevice() {
        assumeTrue(!ComputeDevice.list().isEmpty(), "no OpenCL device: install pocl-opencl-icd to run the OpenCL CLI tests");
        return ComputeDevice.list().get(0);
    }


    @Test
    void devicesListsJavaAndEveryOpenClDevice() {
        ComputeDevice device = openClDevice();
        CommandRun run = CommandRun.of("devices");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().startsWith("java    Java threads: "), run.out());
        assertTrue(run.out().contains(device.name() + ", " + device.platform()), run.out());
        assertTrue(run.out().contains("--device auto uses: "), run.out());
    }

    @Test
    void fbpAndSirtOnTheOpenClDeviceGiveTheJavaImages() throws IOException {
        ComputeDevice device = openClDevice();
        assertEquals(0, CommandRun.of("phantom", "--size", "48", "--views", "60", "--out-image", path("p.mhd"),
                "--out-sino", path("s.mhd"), "-q").code());
        for (String method : new String[] {"fbp", "sirt"}) {
            String extra = method.equals("sirt") ? "--iterations=10" : "--filter=hann";
            CommandRun java = CommandRun.of(method, "--in", path("s.mhd"), "--out", path(method + "-java.mhd"),
                    "--angles", "0:3:60", extra, "--device", "java");
            CommandRun openCl = CommandRun.of(method, "--in", path("s.mhd"), "--out", path(method + "-opencl.mhd"),
                    "--angles", "0:3:60", extra, "--device", device.name());
            assertEquals(0, java.code(), java.err());
            assertEquals(0, openCl.code(), openCl.err());
            assertTrue(openCl.err().contains(" on " + device.name() + " (OpenCL)"), openCl.err());
            assertTrue(java.err().contains(" threads"), java.err());
            double difference = ImageMetrics.maxRelativeDifference(MetaImage.read(folder.resolve(method + "-java.mhd")).data(),
                    MetaImage.read(folder.resolve(method + "-opencl.mhd")).data());
            assertTrue(difference < 1e-4, method + ": " + difference);
        }
    }

    @Test
    void anUnknownDeviceIsAOneLineInputError() throws IOException {
        openClDevice();
        assertEquals(0, CommandRun.of("phantom", "--size", "16", "--views", "10", "--out-image", path("p.mhd"),
                "--out-sino", path("s.mhd"), "-q").code());
        CommandRun run = CommandRun.of("fbp", "--in", path("s.mhd"), "--out", path("r.mhd"), "--angles", "0:18:10",
                "--device", "quantum-annealer");
        assertEquals(Recon.EXIT_INPUT, run.code());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("recon fbp: error: no OpenCL device matches 'quantum-annealer'; found "), run.err());
        assertTrue(!folder.resolve("r.mhd").toFile().exists(), "no output after a refused device");
    }

    @Test
    void fdkAndOsemOnTheOpenClDeviceGiveTheJavaImages() throws IOException {
        ComputeDevice device = openClDevice();
        assertEquals(0, CommandRun.of("phantom", "--size", "32", "--views", "60", "--geometry", "cone", "--out-image",
                path("p.mhd"), "--out-sino", path("c.mhd"), "-q").code());
        String[] fdk = {"fdk", "--in", path("c.mhd"), "--angles", "0:6:60", "--sod", "96", "--sdd", "128",
            "--det-spacing", "1.3333", "--size", "32", "--pixel", "1", "-q"};
        assertEquals(0, CommandRun.of(append(fdk, "--out", path("fdk-java.mhd"), "--device", "java")).code());
        CommandRun openClFdk = CommandRun.of(append(fdk, "--out", path("fdk-opencl.mhd"), "--device", device.name()));
        assertEquals(0, openClFdk.code(), openClFdk.err());
        assertTrue(ImageMetrics.maxRelativeDifference(MetaImage.read(folder.resolve("fdk-java.mhd")).data(),
                MetaImage.read(folder.resolve("fdk-opencl.mhd")).data()) < 1e-4, "FDK");
        assertEquals(0, CommandRun.of("simulate-spect", "--out-proj", path("s.hs"), "--out-mu", path("mu.hv"), "--matrix",
                "32", "--pixel", "12", "--views", "30", "-q").code());
        String[] osem = {"osem", "--in", path("s.hs"), "--mu", path("mu.hv"), "--mask-from-mu", "--subsets", "5",
            "--iterations", "2", "-q"};
        assertEquals(0, CommandRun.of(append(osem, "--out", path("osem-java.mhd"), "--device", "java")).code());
        CommandRun openClOsem = CommandRun.of(append(osem, "--out", path("osem-opencl.mhd"), "--device", device.name()));
        assertEquals(0, openClOsem.code(), openClOsem.err());
        assertTrue(ImageMetrics.maxRelativeDifference(MetaImage.read(folder.resolve("osem-java.mhd")).data(),
                MetaImage.read(folder.resolve("osem-opencl.mhd")).data()) < 1e-4, "OSEM");
    }

    private static String[] append(String[] first, String... more) {
        String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
