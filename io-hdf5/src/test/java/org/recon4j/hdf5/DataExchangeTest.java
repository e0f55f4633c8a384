package org.recon4j.hdf5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recon4j.InvalidInputException;
import org.recon4j.algorithm.CentreOfRotation;
import org.recon4j.geometry.ParallelBeamGeometry;
import org.recon4j.io.FloatVolume;

/**
 * TomoPy's tooth (a real APS scan in Data Exchange HDF5, shared/refdata/external/tomopy, see its
 * SOURCES.md): read, normalised by its flat and dark fields, and its rotation axis found where
 * SOURCES.md puts it, near column 296 (23.5 columns before the detector's centre, 319.5).
 */
class DataExchangeTest {
    private static final Path TOOTH = Path.of("..", "..", "shared", "refdata", "external", "tomopy", "tooth.h5");

    @TempDir
    Path folder;

    @Test
    void theToothReadsAsSinogramsWithItsAngles() {
        assumeTrue(Files.isRegularFile(TOOTH), TOOTH + " is absent (shared/refdata/external); skipped");
        DataExchange.Scan scan = DataExchange.read(TOOTH);
        FloatVolume sinograms = scan.sinograms();
        assertEquals(640, sinograms.size(0), "bins");
        assertEquals(181, sinograms.size(1), "views");
        assertEquals(2, sinograms.size(2), "rows");
        assertEquals(0, scan.thetaDegrees()[0], 1e-9);
        assertEquals(179.0055, scan.thetaDegrees()[180], 1e-3);
        float[] values = sinograms.data().clone();
        for (float value : values) {
            assertTrue(Float.isFinite(value));
        }
        Arrays.sort(values);
        float median = values[values.length / 2];
        float high = values[(int) (0.99 * values.length)];
        System.out.printf("tooth: line integrals median %.3f, 99th percentile %.3f%n", median, high);
        assertTrue(high > 0.5 && high < 6, "the tooth attenuates: 99th percentile " + high);

        double[] radians = Arrays.stream(scan.thetaDegrees()).map(Math::toRadians).toArray();
        float[] first = Arrays.copyOf(sinograms.data(), 640 * 181);
        CentreOfRotation.Estimate estimate = CentreOfRotation.estimate(first,
                ParallelBeamGeometry.of(radians, 640, 1, 0));
        // our offset is where the central bin sits relative to the axis: the axis is at column 319.5 - offset
        double axisColumn = (640 - 1) / 2.0 - estimate.detectorOffset();
        System.out.printf("tooth: detector offset %.2f bins, the rotation axis at column %.2f%n", estimate.detectorOffset(),
                axisColumn);
        assertEquals(296, axisColumn, 2.0, "the axis near column 296");
    }

    /**
     * The tooth with bytes flipped, cut short or with bytes inserted (a seeded run of 60): each read
     * succeeds or is refused with InvalidInputException, within 10 s.
     */
    @Test
    void damagedCopiesOfTheToothAreReadOrRefusedCleanly() throws Exception {
        assumeTrue(Files.isRegularFile(TOOTH), TOOTH + " is absent (shared/refdata/external); skipped");
        byte[] original = Files.readAllBytes(TOOTH);
        java.util.SplittableRandom random = new java.util.SplittableRandom(2026);
        java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors.newSingleThreadExecutor();
        int refused = 0;
        try {
            for (int input = 0; input < 60; input++) {
                byte[] bytes = original.clone();
                int kind = random.nextInt(3);
                if (kind == 0) {
                    bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length));
                } else {
                    // most of the structure (superblock, object headers, B-trees) sits in the first 64 KiB
                    int limit = random.nextBoolean() ? Math.min(bytes.length, 65536) : bytes.length;
                    for (int i = 0; i < 1 + random.nextInt(8); i++) {
                        bytes[random.nextInt(limit)] ^= (byte) (1 << random.nextInt(8));
                    }
                }
                Path damaged = folder.resolve("damaged.h5");
                Files.write(damaged, bytes);
                java.util.concurrent.Future<DataExchange.Scan> result = executor.submit(() -> DataExchange.read(damaged));
                try {
                    result.get(10, java.util.concurrent.TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    assertTrue(e.getCause() instanceof InvalidInputException, "input " + input + ": " + e.getCause());
                    refused++;
                }
            }
        } finally {
            executor.shutdownNow();
        }
        System.out.printf("damaged tooth: 60 inputs, %d refused, the rest read%n", refused);
        assertTrue(refused > 5, "the damage must reach the checks");
    }

    @Test
    void aFileThatIsNotHdf5IsRefusedInOneLine() throws IOException {
        Path fake = folder.resolve("scan.h5");
        Files.writeString(fake, "not an HDF5 file");
        InvalidInputException bad = assertThrows(InvalidInputException.class, () -> DataExchange.read(fake));
        assertTrue(bad.getMessage().startsWith("scan.h5: "), bad.getMessage());
        assertEquals(1, bad.getMessage().lines().count());
        InvalidInputException missing = assertThrows(InvalidInputException.class,
                () -> DataExchange.read(folder.resolve("none.h5")));
        assertTrue(missing.getMessage().contains("expected an HDF5 file, found none"), missing.getMessage());
    }
}
