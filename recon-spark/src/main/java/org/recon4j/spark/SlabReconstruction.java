package org.recon4j.spark;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.recon4j.InvalidInputException;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.io.MetaImageSlabs;

/**
 * One reconstruction split into z-slabs, one Spark task each. Every task runs the same command
 * line with {@code --slab FIRST:COUNT --slab-into HEADER} added: it reads the data, reconstructs
 * its slices and writes them at their offset in the volume's data file, which the driver made at
 * full size beforehand and renames into place, header last, once every slab is in. The slices
 * of a volume reconstruct independently of one another (the slab code keeps each voxel's
 * arithmetic), so the result has the same bits as the whole volume on one machine.
 */
public final class SlabReconstruction {
    private SlabReconstruction() {
    }

    /** The first slice and count of each of {@code slabs} slabs of {@code slices} slices, as even as can be. */
    public static List<int[]> split(int slices, int slabs) {
        int count = Math.max(1, Math.min(slices, slabs));
        List<int[]> ranges = new ArrayList<>();
        for (int slab = 0; slab < count; slab++) {
            int first = (int) ((long) slices * slab / count);
            int end = (int) ((long) slices * (slab + 1) / count);
            ranges.add(new int[] {first, end - first});
        }
        return ranges;
    }

    /**
     * As {@link #run(SparkSession, CommandLineTool, List, Path, VolumeGeometry, int)} on a session
     * of its own on {@code master} (executors of {@code executorMemory}, null for Spark's default),
     * Spark's log in {@code log}.
     */
    public static int run(String master, String executorMemory, Path log, CommandLineTool tool, List<String> args,
                          Path header, VolumeGeometry grid, int slabs) throws IOException {
        SparkSession spark = SparkSessions.start(master, executorMemory, "recon " + args.get(0) + " in slabs", log,
                tool.getClass());
        try {
            return run(spark, tool, args, header, grid, slabs);
        } finally {
            spark.stop();
        }
    }

    /**
     * Runs {@code args} in slabs and writes the volume to {@code header}.
     *
     * @param slabs how many slabs (0: Spark's default parallelism)
     * @return the number of slabs run
     */
    public static int run(SparkSession spark, CommandLineTool tool, List<String> args, Path header, VolumeGeometry grid,
                          int slabs) throws IOException {
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<int[]> ranges = split(grid.nz(), slabs > 0 ? slabs : context.defaultParallelism());
        String target = header.toAbsolutePath().normalize().toString();
        MetaImageSlabs.begin(header, grid);
        boolean committed = false;
        try {
            List<String> failures = context.parallelize(ranges, ranges.size()).map(range -> {
                List<String> task = new ArrayList<>(args);
                task.addAll(List.of("--slab", range[0] + ":" + range[1], "--slab-into", target));
                StringWriter err = new StringWriter();
                int code = tool.run(task, new PrintWriter(Writer.nullWriter()), new PrintWriter(err));
                String message = err.toString().strip();
                return code == 0 ? "" : "slices " + range[0] + " to " + (range[0] + range[1] - 1) + ": "
                        + message.substring(message.lastIndexOf('\n') + 1);
            }).filter(message -> !message.isEmpty()).collect();
            if (!failures.isEmpty()) {
                throw new InvalidInputException(failures.get(0));
            }
            MetaImageSlabs.commit(header, grid);
            committed = true;
            return ranges.size();
        } catch (InvalidInputException | IOException e) {
            throw e;
        } catch (Exception e) { // Spark's own failures (SparkException) arrive unchecked from Scala
            throw new IOException("Spark could not run the slabs: " + CohortBatch.rootMessage(e), e);
        } finally {
            if (!committed) {
                MetaImageSlabs.abandon(header);
            }
        }
    }
}
