package org.recon4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.recon4j.InvalidInputException;
import org.recon4j.evaluation.CtScan;
import org.recon4j.filter.FilterWindow;
import org.recon4j.io.MetaImageSlabs;
import org.recon4j.spark.SlabReconstruction;
import picocli.CommandLine.Option;

/**
 * {@code --master}: one FBP or FDK volume split into z-slabs across Spark's executors. The
 * hidden {@code --slab} and {@code --slab-into} are what each task runs: its slices, written at
 * their place in the volume's data.
 */
final class SlabOptions {
    @Option(names = "--master", paramLabel = "URL", description = "Split the volume into z-slabs, one Spark task each: "
            + "local[*], local[N] or spark://HOST:PORT (Java threads; .mhd output; the same bits as without).")
    String master;

    @Option(names = "--slabs", paramLabel = "N", defaultValue = "0",
            description = "With --master: how many slabs (default: Spark's parallelism).")
    int slabs;

    @Option(names = "--executor-memory", paramLabel = "SIZE",
            description = "With --master on a cluster: each executor's heap, e.g. 4g (default: Spark's, 1g).")
    String executorMemory;

    @Option(names = "--slab", hidden = true, paramLabel = "FIRST:COUNT")
    String slab;

    @Option(names = "--slab-into", hidden = true, paramLabel = "HEADER.mhd")
    String slabInto;

    /** True when this run is one slab of a split volume. */
    boolean isTask() {
        return slab != null || slabInto != null;
    }

    /** A task: reconstructs its slices of {@code data} and writes them into the volume's partial data. */
    void runTask(CtScan data, FilterWindow window, double cutoff, int threads) throws java.io.IOException {
        if (slab == null || slabInto == null) {
            throw new InvalidInputException("--slab and --slab-into go together");
        }
        String[] parts = slab.split(":");
        int first;
        int count;
        try {
            first = Integer.parseInt(parts[0].trim());
            count = Integer.parseInt(parts[1].trim());
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new InvalidInputException("--slab must be FIRST:COUNT, found '" + slab + "'");
        }
        float[] values = data.reconstructSlab(window, cutoff, threads, first, count);
        MetaImageSlabs.write(MetaImageSlabs.partialData(Path.of(slabInto)), data.volume(), first, values);
    }

    /** The driver: checks what a split run cannot do, runs the slabs on Spark and says how it went. */
    void runOnSpark(PrintWriter err, ScanOptions scan, CtScan data, String command) throws java.io.IOException {
        SparkCheck.require("--master");
        if (slabs < 0) {
            throw new InvalidInputException("--slabs must be >= 0 (0: Spark's parallelism), found " + slabs);
        }
        if (scan.png != null || scan.outputDicom != null) {
            throw new InvalidInputException("--master writes the MetaImage only: drop --png and --out-dicom");
        }
        if (!scan.output.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".mhd")) {
            throw new InvalidInputException("--master writes slabs into a .mhd header's .raw data, found " + scan.output);
        }
        if (scan.device.resolve() != null) {
            throw new InvalidInputException("--master runs the slabs on Java threads: add --device java");
        }
        Outputs.createFolder(scan.output);
        Path log = Path.of(System.getProperty("java.io.tmpdir"), "recon4j-spark-" + ProcessHandle.current().pid() + ".log");
        long start = System.nanoTime();
        int count = SlabReconstruction.run(master, executorMemory, log, new ReconTool(), taskArguments(Recon.ARGUMENTS.get()), scan.output,
                data.volume(), slabs);
        if (!scan.quiet) {
            err.printf(Locale.ROOT, "%s: %d x %d x %d in %d slabs on %s in %.3f s -> %s%n", command, data.volume().nx(),
                    data.volume().ny(), data.volume().nz(), count, master, (System.nanoTime() - start) / 1e9, scan.output);
            err.flush();
        }
    }

    /** The command line without --master, --slabs and --executor-memory: what each task runs, with its slab added. */
    static List<String> taskArguments(String[] args) {
        List<String> task = new ArrayList<>();
        for (int i = 0; args != null && i < args.length; i++) {
            String argument = args[i];
            if (argument.equals("--master") || argument.equals("--slabs") || argument.equals("--executor-memory")) {
                i++;
            } else if (!argument.startsWith("--master=") && !argument.startsWith("--slabs=")
                    && !argument.startsWith("--executor-memory=")) {
                task.add(argument);
            }
        }
        return task;
    }
}
