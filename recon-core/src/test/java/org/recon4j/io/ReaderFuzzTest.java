package org.recon4j.io;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recon4j.InvalidInputException;
import org.recon4j.geometry.SpectGeometry;

/**
 * A seeded mutation fuzzer for every reader: valid files are mutated (header values replaced by
 * zero, negative, huge or non-numeric ones, lines dropped or doubled, bytes flipped, inserted or
 * removed, data truncated or extended) and read. Each read must succeed or throw
 * {@link InvalidInputException}, within 5 s. The run is reproducible from its seed; it prints how
 * many inputs it tried. A longer run: {@code ./mvnw -pl recon-core test -Dtest=ReaderFuzzTest
 * -Dfuzz.inputs=20000 -Dfuzz.seed=7} (see the README's reliability section).
 */
class ReaderFuzzTest {
    private static final int INPUTS = Integer.getInteger("fuzz.inputs", 400);
    private static final long SEED = Long.getLong("fuzz.seed", 2026);
    private static final String[] NASTY = {"0", "-1", "-2147483648", "2147483647", "99999999999999", "1e308", "NaN",
        "Infinity", "", "abc", "3.5", "1 2 3 4 5 6", "-0", "0x10", "LOCAL", "../../etc/passwd", "{1,,2}", "MET_DOUBLE",
        "BIGENDIAN", "True"};

    @TempDir
    Path folder;

    /** A reader under test: reads the file at this path. */
    @FunctionalInterface
    interface Reader {
        Object read(Path path) throws IOException;
    }

    private record Seed(String name, String headerName, String header, String dataName, byte[] data, Reader reader) {
    }

    private List<Seed> seeds() throws IOException {
        Path origin = folder.resolve("origin");
        Files.createDirectories(origin);
        float[] values = new float[6 * 5 * 3];
        for (int i = 0; i < values.length; i++) {
            values[i] = i * 0.25f - 3;
        }
        FloatVolume volume = new FloatVolume(new int[] {6, 5, 3}, new double[] {1, 2, 3}, new double[] {0, 0, 0}, values);
        MetaImage.write(origin.resolve("plain.mhd"), volume, false);
        MetaImage.write(origin.resolve("packed.mha"), volume, true);
        MetaImage.write(origin.resolve("zipped.mhd"), volume, true);
        Interfile.writeImage(origin.resolve("image.hv"), new FloatVolume(new int[] {6, 5, 3}, new double[] {2, 2, 2},
                new double[3], values));
        SpectGeometry geometry = SpectGeometry.fromDicom(0, 72, SpectGeometry.Direction.CW, 5, new double[] {100}, 6, 3, 2, 2);
        float[] counts = new float[geometry.projectionSize()];
        Interfile.writeProjections(origin.resolve("proj.hs"), counts, geometry, 72, SpectGeometry.Direction.CW);
        Nifti.write(origin.resolve("volume.nii"), volume);
        Nifti.write(origin.resolve("volume.nii.gz"), volume);
        writeTiff(origin.resolve("stack.tif"), volume);
        Reader meta = MetaImage::read;
        List<Seed> seeds = new ArrayList<>();
        seeds.add(seed(origin, "plain.mhd", "plain.raw", meta));
        seeds.add(seed(origin, "packed.mha", null, meta));
        seeds.add(seed(origin, "zipped.mhd", "zipped.zraw", meta));
        seeds.add(seed(origin, "image.hv", "image.v", Interfile::readImage));
        seeds.add(seed(origin, "proj.hs", "proj.s", Interfile::readProjections));
        seeds.add(seed(origin, "volume.nii", null, Nifti::read));
        seeds.add(seed(origin, "volume.nii.gz", null, Nifti::read));
        seeds.add(seed(origin, "stack.tif", null, TiffStack::read));
        return seeds;
    }

    /** The volume as float pages, one a slice, through the JDK's TIFF writer. */
    private static void writeTiff(Path target, FloatVolume volume) throws IOException {
        int nx = volume.size(0);
        int ny = volume.size(1);
        javax.imageio.ImageWriter writer = javax.imageio.ImageIO.getImageWritersByFormatName("tiff").next();
        try (javax.imageio.stream.ImageOutputStream out = javax.imageio.ImageIO.createImageOutputStream(target.toFile())) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            java.awt.image.ComponentColorModel model = new java.awt.image.ComponentColorModel(
                    java.awt.color.ColorSpace.getInstance(java.awt.color.ColorSpace.CS_GRAY), false, false,
                    java.awt.Transparency.OPAQUE, java.awt.image.DataBuffer.TYPE_FLOAT);
            for (int page = 0; page < volume.size(2); page++) {
                java.awt.image.WritableRaster raster = model.createCompatibleWritableRaster(nx, ny);
                for (int y = 0; y < ny; y++) {
                    for (int x = 0; x < nx; x++) {
                        raster.setSample(x, y, 0, volume.data()[(page * ny + y) * nx + x]);
                    }
                }
                writer.writeToSequence(new javax.imageio.IIOImage(
                        new java.awt.image.BufferedImage(model, raster, false, null), null, null), null);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
    }

    private static Seed seed(Path origin, String header, String data, Reader reader) throws IOException {
        byte[] headerBytes = Files.readAllBytes(origin.resolve(header));
        return new Seed(header, header, new String(headerBytes, StandardCharsets.ISO_8859_1), data,
                data == null ? null : Files.readAllBytes(origin.resolve(data)), reader);
    }

    @Test
    void everyReaderSucceedsOrRefusesCleanly() throws Exception {
        SplittableRandom random = new SplittableRandom(SEED);
        List<Seed> seeds = seeds();
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "fuzz");
            thread.setDaemon(true);
            return thread;
        });
        int tried = 0;
        int read = 0;
        int refused = 0;
        List<String> failures = new ArrayList<>();
        try {
            for (int input = 0; input < INPUTS; input++) {
                for (Seed seed : seeds) {
                    Path case_ = folder.resolve("case" + (input % 50));
                    Files.createDirectories(case_);
                    mutate(seed, case_, random);
                    tried++;
                    Future<Object> result = executor.submit(() -> seed.reader().read(case_.resolve(seed.headerName())));
                    try {
                        result.get(5, TimeUnit.SECONDS);
                        read++;
                    } catch (java.util.concurrent.ExecutionException e) {
                        if (e.getCause() instanceof InvalidInputException) {
                            refused++;
                        } else {
                            failures.add(seed.name() + " input " + input + ": " + e.getCause());
                        }
                    } catch (TimeoutException e) {
                        result.cancel(true);
                        failures.add(seed.name() + " input " + input + ": no answer within 5 s");
                    }
                }
            }
        } finally {
            executor.shutdownNow();
        }
        System.out.printf("fuzz: %d inputs (seed %d) from %d valid files: %d read, %d refused, %d failures%n", tried, SEED,
                seeds.size(), read, refused, failures.size());
        assertTrue(failures.isEmpty(), failures.size() + " reads ended otherwise, first: " + failures.subList(0,
                Math.min(5, failures.size())));
        assertTrue(refused > tried / 10, "the mutations must reach the checks");
    }

    /** Writes one mutated copy of the seed into {@code target}. */
    private static void mutate(Seed seed, Path target, SplittableRandom random) throws IOException {
        String header = seed.header();
        byte[] data = seed.data() == null ? null : seed.data().clone();
        int kind = random.nextInt(8);
        List<String> lines = new ArrayList<>(List.of(header.split("\n", -1)));
        switch (kind) {
            case 0, 1 -> { // a value replaced by a nasty one
                int line = random.nextInt(lines.size());
                String text = lines.get(line);
                int separator = text.indexOf(":=") >= 0 ? text.indexOf(":=") + 2 : text.indexOf('=') + 1;
                if (separator > 0) {
                    lines.set(line, text.substring(0, separator) + " " + NASTY[random.nextInt(NASTY.length)]);
                }
            }
            case 2 -> lines.remove(random.nextInt(lines.size()));
            case 3 -> { // a line doubled with another value
                int line = random.nextInt(lines.size());
                lines.add(line, lines.get(random.nextInt(lines.size())));
            }
            case 4 -> { // data truncated or extended
                if (data != null) {
                    int length = random.nextInt(data.length * 2 + 1);
                    data = java.util.Arrays.copyOf(data, length);
                } else {
                    header = header.substring(0, random.nextInt(header.length()));
                    lines = new ArrayList<>(List.of(header.split("\n", -1)));
                }
            }
            default -> { // raw bytes flipped, inserted or removed in the header or the data
                byte[] bytes = String.join("\n", lines).getBytes(StandardCharsets.ISO_8859_1);
                boolean inData = data != null && random.nextBoolean();
                byte[] chosen = inData ? data : bytes;
                int count = 1 + random.nextInt(4);
                for (int i = 0; i < count && chosen.length > 0; i++) {
                    int at = random.nextInt(chosen.length);
                    int operation = random.nextInt(3);
                    if (operation == 0) {
                        chosen[at] ^= (byte) (1 << random.nextInt(8));
                    } else if (operation == 1) {
                        byte[] longer = new byte[chosen.length + 1];
                        System.arraycopy(chosen, 0, longer, 0, at);
                        longer[at] = (byte) random.nextInt(256);
                        System.arraycopy(chosen, at, longer, at + 1, chosen.length - at);
                        chosen = longer;
                    } else {
                        byte[] shorter = new byte[chosen.length - 1];
                        System.arraycopy(chosen, 0, shorter, 0, at);
                        System.arraycopy(chosen, at + 1, shorter, at, chosen.length - at - 1);
                        chosen = shorter;
                    }
                }
                if (inData) {
                    data = chosen;
                } else {
                    lines = new ArrayList<>(List.of(new String(chosen, StandardCharsets.ISO_8859_1).split("\n", -1)));
                }
            }
        }
        Files.write(target.resolve(seed.headerName()), String.join("\n", lines).getBytes(StandardCharsets.ISO_8859_1));
        if (seed.dataName() != null) {
            Files.write(target.resolve(seed.dataName()), data);
        }
    }
}
