package org.recon4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recon4j.spark.LocalCluster;

/**
 * A real standalone Spark cluster on this machine ({@code recon cluster start}: a master and two
 * workers, each its own JVM), a cohort run against it, and one worker killed with its executor
 * while jobs run. The cohort still completes: tasks ran in two executor JVMs, every output exists
 * once and has the bits of the same command run in this JVM, and every process the test started
 * is stopped at the end, also when it fails.
 */
class ClusterTest {
    private static final int STUDIES = 6;

    @TempDir
    Path folder;

    @Test
    void aCohortSurvivesAWorkerKilledMidRun() throws Exception {
        Path cluster = folder.resolve("cluster");
        List<Long> started = new ArrayList<>();
        try {
            CommandRun start = CommandRun.of("cluster", "start", "--dir", cluster.toString(), "--workers", "2", "--cores",
                    "1", "--memory", "1g");
            assertEquals(0, start.code(), start.err());
            List<String> printed = start.out().lines().toList();
            String master = printed.get(printed.size() - 1);
            assertTrue(master.matches("spark://127\\.0\\.0\\.1:\\d+"), "the last line is the master URL: " + master);
            LocalCluster.read(cluster).orElseThrow().members().forEach(member -> started.add(member.pid()));
            assertEquals(3, started.size());

            Path manifest = writeCohort();
            Path out = folder.resolve("out");
            CompletableFuture<CommandRun> batch = CompletableFuture.supplyAsync(() -> CommandRun.of("batch",
                    manifest.toString(), "--out", out.toString(), "--master", master));
            long victim = killAWorkerOnceBothHaveWorked(cluster, out.resolve(".recon-batch/done"), batch);
            CommandRun run = batch.get(5, TimeUnit.MINUTES);
            assertEquals(0, run.code(), run.err());
            assertFalse(ProcessHandle.of(victim).map(ProcessHandle::isAlive).orElse(false));
            String log = Files.readString(out.resolve("spark.log"));
            // Spark 4.2's words for a task whose executor died under it (it reruns the task elsewhere)
            assertTrue(log.contains("while it was being computed, its executor exited") || log.contains("ExecutorLostFailure"),
                    "a job was running on the killed executor when it went");

            List<String> csv = Files.readAllLines(out.resolve("results.csv"));
            int jvmColumn = List.of(csv.get(0).split(",")).indexOf("executor_jvm");
            Set<String> jvms = new HashSet<>();
            for (String row : csv.subList(1, csv.size())) {
                jvms.add(row.replaceAll("\"[^\"]*\"", "quoted").split(",")[jvmColumn]);
            }
            assertEquals(STUDIES, csv.size() - 1);
            assertTrue(jvms.size() >= 2, "tasks ran in at least two executor JVMs: " + jvms);

            List<String> outputs;
            try (Stream<Path> files = Files.walk(out)) {
                outputs = files.filter(Files::isRegularFile).map(path -> out.relativize(path).toString())
                        .filter(name -> name.matches("s\\d+/.*")).sorted().toList();
            }
            List<String> expected = new ArrayList<>();
            for (int study = 1; study <= STUDIES; study++) {
                expected.add("s" + study + "/osem.hv");
                expected.add("s" + study + "/osem.v");
            }
            assertEquals(expected, outputs, "each output exactly once, no temporary left");
            try (Stream<Path> staging = Files.walk(out.resolve(".recon-batch"))) {
                assertTrue(staging.noneMatch(path -> path.toString().contains("staging") && Files.isRegularFile(path)));
            }
            for (int study = 1; study <= STUDIES; study++) {
                Path reference = folder.resolve("reference-" + study + ".hv");
                CommandRun byHand = CommandRun.of("osem", "--in", folder.resolve("data/p" + study + ".hs").toString(), "--mu",
                        folder.resolve("data/mu.hv").toString(), "--subsets", "6", "--iterations", "3", "--threads", "1",
                        "--out", reference.toString(), "-q");
                assertEquals(0, byHand.code(), byHand.err());
                assertArrayEquals(Files.readAllBytes(folder.resolve("reference-" + study + ".v")),
                        Files.readAllBytes(out.resolve("s" + study + "/osem.v")), "study " + study);
            }
        } finally {
            CommandRun stop = CommandRun.of("cluster", "stop", "--dir", cluster.toString());
            for (long pid : started) {
                ProcessHandle.of(pid).ifPresent(LocalCluster::endWithDescendants);
            }
            assertEquals(0, stop.code(), stop.err());
        }
        for (long pid : started) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "process " + pid + " stopped");
        }
        assertTrue(CommandRun.of("cluster", "status", "--dir", cluster.toString()).out().startsWith("no cluster"));
    }

    /** Six noisy SPECT studies of the IEC body, OSEM on each: a few seconds a job on one core. */
    private Path writeCohort() throws IOException {
        Path data = Files.createDirectories(folder.resolve("data"));
        List<String> lines = new ArrayList<>();
        for (int study = 1; study <= STUDIES; study++) {
            CommandRun simulate = CommandRun.of("simulate-spect", "--matrix", "48", "--pixel", "8", "--views", "60",
                    "--counts", "1e6", "--seed", String.valueOf(study), "--out-proj", data.resolve("p" + study + ".hs").toString(),
                    "--out-mu", data.resolve(study == 1 ? "mu.hv" : "mu" + study + ".hv").toString(), "-q");
            assertEquals(0, simulate.code(), simulate.err());
            lines.add("{\"id\": \"s" + study + "\", \"args\": [\"osem\", \"--in\", \"p" + study + ".hs\", \"--mu\", \"mu.hv\","
                    + " \"--subsets\", \"6\", \"--iterations\", \"3\", \"--out\", \"s" + study + "/osem.hv\", \"-q\"]}");
        }
        return Files.write(data.resolve("cohort.jsonl"), lines);
    }

    /**
     * Waits until jobs have finished in two executors, then kills the worker (with its executor,
     * SIGKILL) whose executor finished first, while the others' jobs are still running.
     */
    private static long killAWorkerOnceBothHaveWorked(Path cluster, Path records, CompletableFuture<CommandRun> batch)
            throws Exception {
        ObjectMapper json = new ObjectMapper();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline && !batch.isDone()) {
            List<Long> executors = new ArrayList<>();
            if (Files.isDirectory(records)) {
                try (Stream<Path> files = Files.list(records)) {
                    for (Path file : files.filter(path -> path.toString().endsWith(".json")).toList()) {
                        JsonNode record = json.readTree(file.toFile());
                        long pid = Long.parseLong(record.path("executorJvm").asText().split("@")[0]);
                        if (!executors.contains(pid)) {
                            executors.add(pid);
                        }
                    }
                } catch (IOException | NumberFormatException e) {
                    // a record being renamed into place: read it on the next pass
                }
            }
            if (executors.size() >= 2) {
                for (LocalCluster.Member member : LocalCluster.read(cluster).orElseThrow().members()) {
                    ProcessHandle worker = ProcessHandle.of(member.pid()).orElse(null);
                    if (member.role().startsWith("worker") && worker != null
                            && worker.descendants().anyMatch(child -> child.pid() == executors.get(0))) {
                        worker.descendants().forEach(ProcessHandle::destroyForcibly);
                        worker.destroyForcibly();
                        worker.onExit().get(30, TimeUnit.SECONDS);
                        return member.pid();
                    }
                }
                throw new AssertionError("no worker runs executor " + executors.get(0));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the batch finished, or two executors did not both finish a job in time");
    }
}
