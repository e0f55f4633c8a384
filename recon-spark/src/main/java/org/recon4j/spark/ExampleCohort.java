package org.recon4j.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.recon4j.InvalidInputException;

/**
 * A small cohort to try {@code recon batch} on: eight simulated SPECT studies of the NEMA IEC body
 * and a Jaszczak-style phantom at different counts and noise seeds, three CT sinograms (two of
 * them noisy), and one study whose projection header is broken on purpose. Its manifest compares
 * OSEM, MLEM and FBP on each IEC study, reconstructs the others by OSEM, and compares FBP, SIRT
 * and CGLS on each sinogram: the broken study fails, the others do not.
 */
public final class ExampleCohort {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] PSF = {"--psf-slope", "0.0163", "--psf-sigma0", "1.466"};

    private ExampleCohort() {
    }

    /** Writes the data and {@code manifest.jsonl} into {@code folder}; returns the manifest. */
    public static Path write(Path folder, CommandLineTool tool, Consumer<String> progress) throws IOException {
        Files.createDirectories(folder);
        Path manifest = folder.resolve("manifest.jsonl");
        if (Files.exists(manifest)) {
            throw new InvalidInputException(manifest + " exists: choose an empty folder for the example");
        }
        List<String> lines = new ArrayList<>();
        double[] counts = {1e6, 3e6, 1e6, 3e6, 1e6, 3e6, 5e5, 2e6};
        for (int study = 1; study <= counts.length; study++) {
            boolean iec = study <= 6;
            String name = String.format(Locale.ROOT, "spect-%02d", study);
            Files.createDirectories(folder.resolve(name));
            progress.accept("simulating " + name + " (" + (iec ? "IEC body" : "Jaszczak") + ", "
                    + String.format(Locale.ROOT, "%.0e", counts[study - 1]) + " counts)");
            run(tool, "simulate-spect", "--phantom", iec ? "iec" : "jaszczak", "--matrix", "64", "--pixel", "6",
                    "--views", "60", "--counts", String.valueOf(counts[study - 1]), "--seed", String.valueOf(study),
                    "--out-proj", folder.resolve(name + "/projections.hs").toString(),
                    "--out-mu", folder.resolve(name + "/mu.hv").toString(), "-q");
            List<String> args = new ArrayList<>();
            if (iec) {
                args.addAll(List.of("compare-spect", "--in", name + "/projections.hs", "--mu", name + "/mu.hv"));
                args.addAll(List.of(PSF));
                args.addAll(List.of("--iec", "--background", "0,-60,0,25", "--methods", "osem:6x4,mlem:8,fbp-chang:hann",
                        "--out", name + "/report.html", "-q"));
                lines.add(line(name + "-compare", args));
            } else {
                args.addAll(List.of("osem", "--in", name + "/projections.hs", "--mu", name + "/mu.hv", "--mask-from-mu"));
                args.addAll(List.of(PSF));
                args.addAll(List.of("--subsets", "6", "--iterations", "4", "--out", name + "/osem.hv", "-q"));
                lines.add(line(name + "-osem", args));
            }
        }
        double[] photons = {0, 1e5, 2e4};
        for (int scan = 1; scan <= photons.length; scan++) {
            String name = String.format(Locale.ROOT, "ct-%02d", scan);
            Files.createDirectories(folder.resolve(name));
            progress.accept("simulating " + name + (photons[scan - 1] > 0 ? " (I0 " + photons[scan - 1] + ")" : " (exact)"));
            List<String> simulate = new ArrayList<>(List.of("phantom", "--size", "128", "--views", "90",
                    "--out-image", folder.resolve(name + "/truth.mhd").toString(),
                    "--out-sino", folder.resolve(name + "/sinogram.mhd").toString(), "--seed", String.valueOf(scan), "-q"));
            if (photons[scan - 1] > 0) {
                simulate.addAll(List.of("--noise-photons", String.valueOf(photons[scan - 1])));
            }
            run(tool, simulate.toArray(String[]::new));
            lines.add(line(name + "-compare", List.of("compare", "--in", name + "/sinogram.mhd", "--angles", "0:2:90",
                    "--truth", name + "/truth.mhd", "--methods", "fbp:hann,sirt:30,cgls:8", "--out", name + "/report.html",
                    "-q")));
        }
        // a header that names a data file of the wrong size: the job fails, the others go on
        Path broken = Files.createDirectories(folder.resolve("spect-broken"));
        Path source = folder.resolve("spect-01/projections.hs");
        String header = Files.readString(source, StandardCharsets.UTF_8);
        Files.writeString(broken.resolve("projections.hs"), header, StandardCharsets.UTF_8);
        byte[] data = Files.readAllBytes(dataFileOf(source, header));
        Files.write(broken.resolve(dataFileOf(source, header).getFileName()), java.util.Arrays.copyOf(data, data.length / 3));
        Files.copy(folder.resolve("spect-01/mu.hv"), broken.resolve("mu.hv"));
        Path muData = dataFileOf(folder.resolve("spect-01/mu.hv"), Files.readString(folder.resolve("spect-01/mu.hv")));
        Files.copy(muData, broken.resolve(muData.getFileName()));
        List<String> args = new ArrayList<>(List.of("osem", "--in", "spect-broken/projections.hs", "--mu",
                "spect-broken/mu.hv", "--subsets", "6", "--iterations", "4", "--out", "spect-broken/osem.hv", "-q"));
        lines.add(line("spect-broken-osem", args));
        Files.write(manifest, lines, StandardCharsets.UTF_8);
        return manifest;
    }

    private static String line(String id, List<String> args) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", id);
        args.forEach(node.putArray("args")::add);
        return node.toString();
    }

    /** The data file an Interfile header names ({@code name of data file := ...}). */
    private static Path dataFileOf(Path header, String text) {
        for (String entry : text.split("\\R")) {
            int separator = entry.indexOf(":=");
            if (separator > 0 && entry.substring(0, separator).strip().toLowerCase(Locale.ROOT).equals("name of data file")) {
                return header.resolveSibling(entry.substring(separator + 2).strip());
            }
        }
        throw new InvalidInputException(header + " names no data file");
    }

    private static void run(CommandLineTool tool, String... args) {
        StringWriter err = new StringWriter();
        int code = tool.run(List.of(args), new PrintWriter(Writer.nullWriter()), new PrintWriter(err));
        if (code != 0) {
            throw new InvalidInputException("writing the example failed: recon " + args[0] + ": " + err.toString().strip());
        }
    }
}
