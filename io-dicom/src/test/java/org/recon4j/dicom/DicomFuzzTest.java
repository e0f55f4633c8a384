package org.recon4j.dicom;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recon4j.InvalidInputException;
import org.recon4j.io.FloatVolume;
import org.recon4j.testdata.ReferenceData;

/**
 * The DICOM readers fuzzed as the MetaImage and Interfile ones are: NM projections (our
 * pydicom-written file and, where present, the real GE study's header), a CT slice written by
 * other software and CT series folders, truncated, with bytes flipped, with one attribute made
 * wrong or removed at a time, and folders broken (a slice missing, duplicated, tilted, from
 * another series, a stray file). Every read must succeed or throw {@link InvalidInputException}
 * within 5 s, and no log line or stack trace may reach the terminal (PixelMed's logger goes to
 * SLF4J). A longer run:
 * {@code ./mvnw -pl io-dicom test -Dtest=DicomFuzzTest -Dfuzz.inputs=5000 -Dfuzz.seed=7}.
 */
class DicomFuzzTest {
    private static final int INPUTS = Integer.getInteger("fuzz.inputs", 300);
    private static final long SEED = Long.getLong("fuzz.seed", 2026);
    private static final String[] NASTY = {"0", "-1", "65535", "2147483647", "1e308", "NaN", "", "abc", "3.5",
        "1\\2\\3\\4\\5\\6\\7", "-0", "CW", "CC", "999999"};

    @TempDir
    Path folder;

    /**
     * PixelMed prints a few one-line warnings past any logger ("Error: Illegal duplicate tag ...")
     * and, with some bindings, its log lines; an embedding application routes or drops them (the
     * CLI drops System.err and binds no logger). What must never appear here: a stack trace.
     */
    private static boolean quietEnough(String printed) {
        return printed.lines().noneMatch(line -> line.startsWith("\tat ") || line.contains("Exception"));
    }

    private PrintStream terminal;
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    @BeforeEach
    void watchTheTerminal() {
        terminal = System.err;
        System.setErr(new PrintStream(printed, true));
    }

    @AfterEach
    void restoreTheTerminal() {
        System.setErr(terminal);
    }

    /** A reader under test. */
    @FunctionalInterface
    interface Reader {
        Object read(Path path) throws IOException;
    }

    @Test
    void mutatedFilesAreReadOrRefusedInOneLine() throws Exception {
        List<Path> seeds = new ArrayList<>();
        seeds.add(write("nm.dcm", ReferenceData.bytes("dicom-synthetic/nm_tomo.dcm")));
        seeds.add(write("ct.dcm", ReferenceData.bytes("dicom-external/CT_small.dcm")));
        float[] voxels = new float[16 * 12 * 5];
        for (int i = 0; i < voxels.length; i++) {
            voxels[i] = i % 17;
        }
        Path reconstruction = folder.resolve("recon.dcm");
        NmReconstructionWriter.write(reconstruction, new org.recon4j.io.FloatVolume(new int[] {16, 12, 5},
                new double[] {4, 4, 4}, new double[] {-30, -22, 0}, voxels), DicomStudy.anonymous(), "fuzz seed");
        seeds.add(reconstruction);
        SplittableRandom random = new SplittableRandom(SEED);
        List<String> failures = new ArrayList<>();
        ExecutorService executor = Executors.newSingleThreadExecutor();
        int tried = 0;
        try {
            for (int n = 0; n < INPUTS; n++) {
                Path seed = seeds.get(n % seeds.size());
                byte[] bytes = Files.readAllBytes(seed);
                byte[] mutated = n % 2 == 0 ? truncate(bytes, random) : flip(bytes, random);
                Path file = write("mutant-" + n + ".dcm", mutated);
                tried += check(executor, file, failures);
                Files.delete(file);
            }
            Path real = ReferenceData.external("pytomography-slicer/NM/bed1_projections.dcm").orElse(null);
            if (real != null) {
                byte[] bytes = Files.readAllBytes(real);
                for (int n = 0; n < 12; n++) {
                    Path file = write("real-" + n + ".dcm", n % 2 == 0 ? Arrays.copyOf(bytes, 132 + random.nextInt(12000))
                            : flip(Arrays.copyOf(bytes, 40000), random));
                    tried += check(executor, file, failures);
                    Files.delete(file);
                }
            }
        } finally {
            executor.shutdownNow();
        }
        assertTrue(failures.isEmpty(), tried + " inputs (seed " + SEED + "), failures:\n" + String.join("\n", failures));
        assertTrue(quietEnough(printed.toString()),
                "a stack trace reached the terminal:\n" + printed);
        System.out.println("DicomFuzzTest: " + tried + " mutated files, seed " + SEED);
    }

    @Test
    void everyAttributeWrongOrMissingInTurn() throws Exception {
        Path nm = write("nm.dcm", ReferenceData.bytes("dicom-synthetic/nm_tomo.dcm"));
        AttributeList original = DicomFiles.readPart10(nm);
        List<String> failures = new ArrayList<>();
        ExecutorService executor = Executors.newSingleThreadExecutor();
        SplittableRandom random = new SplittableRandom(SEED);
        int tried = 0;
        try {
            List<Attribute> targets = new ArrayList<>();
            collect(original, targets);
            for (int t = 0; t < targets.size(); t++) {
                for (int variant = 0; variant < 3; variant++) {
                    AttributeList copy = DicomFiles.readPart10(nm);
                    List<Attribute> copies = new ArrayList<>();
                    collect(copy, copies);
                    Attribute target = copies.get(t);
                    if (target.getTag().equals(TagFromName.PixelData)) {
                        continue;
                    }
                    try {
                        target.removeValues();
                        if (variant > 0) {
                            target.addValue(NASTY[random.nextInt(NASTY.length)]);
                        }
                    } catch (DicomException | RuntimeException refused) {
                        continue; // PixelMed refuses that value for this VR: not a file anyone can write with it
                    }
                    Path file = folder.resolve("attribute-" + t + "-" + variant + "-"
                            + target.getTag().toString().replaceAll("[^0-9a-fA-F,]", "") + ".dcm");
                    try {
                        copy.write(file.toFile(), TransferSyntax.ExplicitVRLittleEndian, true, true);
                    } catch (DicomException | RuntimeException unwritable) {
                        continue;
                    }
                    tried += check(executor, file, failures);
                }
            }
        } finally {
            executor.shutdownNow();
        }
        assertTrue(tried > 100, "attribute variants tried: " + tried);
        assertTrue(failures.isEmpty(), tried + " files, failures:\n" + String.join("\n", failures));
        assertTrue(quietEnough(printed.toString()),
                "a stack trace reached the terminal:\n" + printed);
    }

    @Test
    void brokenCtFoldersAreRefusedWithAReason() throws Exception {
        float[] hu = new float[8 * 8 * 4];
        Arrays.fill(hu, 40);
        FloatVolume volume = new FloatVolume(new int[] {8, 8, 4}, new double[] {2, 2, 3}, new double[] {-7, -7, 10}, hu);
        Path good = folder.resolve("good");
        List<Path> slices = CtSeriesWriter.write(good, volume, DicomStudy.anonymous(), "CT");
        Path other = folder.resolve("other");
        List<Path> otherSlices = CtSeriesWriter.write(other, volume, DicomStudy.anonymous(), "CT");

        Path missing = copyFolder(good, "missing");
        Files.delete(missing.resolve(slices.get(1).getFileName()));
        assertRefused(missing, "evenly spaced");

        Path duplicated = copyFolder(good, "duplicated");
        Files.copy(slices.get(2), duplicated.resolve("copy-of-a-slice.dcm"));
        assertRefused(duplicated, "evenly spaced");

        Path mixed = copyFolder(good, "mixed");
        Files.delete(mixed.resolve(slices.get(3).getFileName()));
        Files.copy(otherSlices.get(3), mixed.resolve("from-another-series.dcm"));
        assertRefused(mixed, "one series expected");

        Path tilted = copyFolder(good, "tilted");
        AttributeList slice = DicomFiles.readPart10(tilted.resolve(slices.get(2).getFileName()));
        Attribute orientation = slice.get(TagFromName.ImageOrientationPatient);
        orientation.removeValues();
        for (double value : new double[] {1, 0, 0, 0, 0.966, -0.259}) {
            orientation.addValue(value);
        }
        slice.write(tilted.resolve(slices.get(2).getFileName()).toFile(), TransferSyntax.ExplicitVRLittleEndian, true, true);
        assertRefused(tilted, "only axial slices");

        Path stray = copyFolder(good, "stray");
        Files.writeString(stray.resolve("README.txt"), "notes about this series\n");
        assertTrue(CtSeries.read(stray).size(2) == 4, "a stray non-DICOM file is passed over");

        Path empty = Files.createDirectories(folder.resolve("empty"));
        assertRefused(empty, "holds no DICOM file");
        assertRefused(folder.resolve("nowhere"), "does not exist");
        assertTrue(quietEnough(printed.toString()),
                "a stack trace reached the terminal:\n" + printed);
    }

    private void assertRefused(Path series, String reason) {
        InvalidInputException error = org.junit.jupiter.api.Assertions.assertThrows(InvalidInputException.class,
                () -> CtSeries.read(series));
        assertTrue(error.getMessage().contains(reason), error.getMessage());
        assertTrue(!error.getMessage().contains("\n"), "one line: " + error.getMessage());
    }

    private Path copyFolder(Path from, String name) throws IOException {
        Path target = Files.createDirectories(folder.resolve(name));
        try (var files = Files.list(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, target.resolve(file.getFileName()));
            }
        }
        return target;
    }

    /** Every attribute of a list and of its sequences' items, depth first. */
    private static void collect(AttributeList list, List<Attribute> into) {
        for (Attribute attribute : list.values()) {
            into.add(attribute);
            if (attribute instanceof SequenceAttribute sequence) {
                for (int i = 0; i < sequence.getNumberOfItems(); i++) {
                    collect(sequence.getItem(i).getAttributeList(), into);
                }
            }
        }
    }

    /** Reads a file with each DICOM reader; returns 1 and records any outcome other than a read or one refusal. */
    private static int check(ExecutorService executor, Path file, List<String> failures) throws InterruptedException {
        Reader[] readers = {NmProjections::read, NmReconstruction::read, CtSeries::read, DicomInfo::describe};
        for (Reader reader : readers) {
            Future<Object> outcome = executor.submit(() -> reader.read(file));
            try {
                outcome.get(5, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable cause = e.getCause();
                if (!(cause instanceof InvalidInputException) || cause.getMessage() == null
                        || cause.getMessage().contains("\n")) {
                    failures.add(file.getFileName() + ": " + cause);
                }
            } catch (TimeoutException e) {
                outcome.cancel(true);
                failures.add(file.getFileName() + ": still reading after 5 s");
            }
        }
        return 1;
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path file = folder.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    private static byte[] truncate(byte[] bytes, SplittableRandom random) {
        return Arrays.copyOf(bytes, random.nextInt(bytes.length));
    }

    private static byte[] flip(byte[] bytes, SplittableRandom random) {
        byte[] copy = bytes.clone();
        int flips = 1 + random.nextInt(8);
        for (int i = 0; i < flips; i++) {
            int at = 132 + random.nextInt(Math.max(1, Math.min(copy.length, 4000) - 132));
            copy[at] = (byte) random.nextInt(256);
        }
        return copy;
    }
}
