package org.recon4j.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.recon4j.InvalidInputException;
import org.recon4j.io.AtomicFiles;

/**
 * A standalone Spark cluster on this machine: a master and workers, each its own JVM on
 * 127.0.0.1, started from the jars on this JVM's class path (a Spark home of links to them).
 * What it started is kept in {@code cluster.json} in its folder, so that {@link #stop} ends
 * exactly those processes (by process id, with their executors) and {@link #read} finds them.
 */
public final class LocalCluster {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String MASTER_CLASS = "org.apache.spark.deploy.master.Master";
    private static final String WORKER_CLASS = "org.apache.spark.deploy.worker.Worker";

    /** One process the cluster started. */
    public record Member(String role, long pid, String log) {
        public boolean alive() {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
    }

    /** The cluster: its master URL, the master's web port (its JSON status), and its processes. */
    public record State(String masterUrl, int webPort, List<Member> members) {
    }

    private LocalCluster() {
    }

    /** The folder a cluster keeps its state in when none is named: one per user. */
    public static Path defaultFolder() {
        return Path.of(System.getProperty("java.io.tmpdir"), "recon4j-cluster-" + System.getProperty("user.name"));
    }

    /**
     * Starts a master and {@code workers} workers and waits until every worker has registered.
     *
     * @param classPath the class path entries the processes run from (Spark and Recon4J)
     * @param memory    each worker's memory for executors, as Spark writes it (e.g. {@code 2g})
     */
    public static State start(Path folder, int workers, int cores, String memory, List<Path> classPath,
                              Duration timeout) throws IOException, InterruptedException {
        if (workers < 1 || cores < 1) {
            throw new InvalidInputException("a cluster needs at least 1 worker of at least 1 core, found " + workers
                    + " workers of " + cores + " cores");
        }
        if (!memory.matches("\\d+[kmgtKMGT]?")) {
            throw new InvalidInputException("--memory must be a size such as 2g or 512m, found '" + memory + "'");
        }
        Optional<State> running = read(folder);
        if (running.isPresent() && running.get().members().stream().anyMatch(Member::alive)) {
            throw new InvalidInputException("a cluster started from " + folder + " is running (" + running.get().masterUrl()
                    + "): stop it first with 'recon cluster stop'");
        }
        Files.createDirectories(folder.resolve("logs"));
        Path sparkHome = sparkHome(folder, classPath);
        String launchPath = sparkHome.resolve("jars") + File.separator + "*" + classFolders(classPath);
        int port = freePort();
        int webPort = freePort();
        List<Member> members = new ArrayList<>();
        State state = new State("spark://127.0.0.1:" + port, webPort, members);
        try {
            members.add(launch(folder, sparkHome, launchPath, "master", MASTER_CLASS, "--host", "127.0.0.1", "--port",
                    Integer.toString(port), "--webui-port", Integer.toString(webPort)));
            save(folder, state);
            for (int i = 1; i <= workers; i++) {
                Path work = Files.createDirectories(folder.resolve("work-" + i));
                members.add(launch(folder, sparkHome, launchPath, "worker-" + i, WORKER_CLASS, "--host", "127.0.0.1",
                        "--cores", Integer.toString(cores), "--memory", memory, "--webui-port",
                        Integer.toString(freePort()), "--work-dir", work.toString(), state.masterUrl()));
                save(folder, state);
            }
            awaitWorkers(state, workers, timeout);
            return state;
        } catch (IOException | InterruptedException | RuntimeException e) {
            stop(folder);
            throw e;
        }
    }

    /** Ends every process the cluster in {@code folder} started, with the executors they started; returns them. */
    public static List<Member> stop(Path folder) throws IOException {
        Optional<State> state = read(folder);
        if (state.isEmpty()) {
            return List.of();
        }
        List<Member> members = state.get().members();
        for (int i = members.size() - 1; i >= 0; i--) {
            ProcessHandle.of(members.get(i).pid()).ifPresent(LocalCluster::endWithDescendants);
        }
        Files.deleteIfExists(folder.resolve("cluster.json"));
        return members;
    }

    /** The cluster started from {@code folder}, if one was and was not stopped. */
    public static Optional<State> read(Path folder) throws IOException {
        Path file = folder.resolve("cluster.json");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        return Optional.of(JSON.readValue(file.toFile(), State.class));
    }

    /** Ends a process and everything it started: its children first, politely, then by force. */
    public static void endWithDescendants(ProcessHandle process) {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process);
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle handle : all) {
            try {
                handle.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                handle.destroyForcibly();
            }
        }
    }

    /** A Spark home as Spark's launch scripts expect it: {@code jars/} (links to the class path's jars) and {@code RELEASE}. */
    private static Path sparkHome(Path folder, List<Path> classPath) throws IOException {
        Path home = folder.resolve("spark-home");
        Path jars = home.resolve("jars");
        JobExecution.deleteTree(home);
        Files.createDirectories(jars);
        Files.writeString(home.resolve("RELEASE"), "");
        for (Path entry : classPath) {
            if (entry.getFileName().toString().endsWith(".jar") && Files.isRegularFile(entry)) {
                Path link = jars.resolve(entry.getFileName());
                if (!Files.exists(link)) {
                    Files.createSymbolicLink(link, entry.toAbsolutePath());
                }
            }
        }
        return home;
    }

    private static String classFolders(List<Path> classPath) {
        StringBuilder folders = new StringBuilder();
        for (Path entry : classPath) {
            if (Files.isDirectory(entry)) {
                folders.append(File.pathSeparator).append(entry.toAbsolutePath());
            }
        }
        return folders.toString();
    }

    private static Member launch(Path folder, Path sparkHome, String classPath, String role, String mainClass,
                                 String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", classPath));
        command.addAll(List.of(SparkSessions.javaOptions().split(" ")));
        command.add(mainClass);
        command.addAll(List.of(arguments));
        Path log = folder.resolve("logs").resolve(role + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Map<String, String> environment = builder.environment();
        environment.put("SPARK_HOME", sparkHome.toString());
        environment.put("SPARK_SCALA_VERSION", "2.13");
        environment.put("SPARK_LOCAL_IP", "127.0.0.1");
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        return new Member(role, process.pid(), log.toString());
    }

    /** Polls the master's JSON status until {@code workers} are alive. */
    private static void awaitWorkers(State state, int workers, Duration timeout) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + state.webPort() + "/json/"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        int alive = 0;
        while (System.nanoTime() < deadline) {
            for (Member member : state.members()) {
                if (!member.alive()) {
                    throw new IOException("the cluster's " + member.role() + " stopped while starting; see " + member.log());
                }
            }
            try {
                JsonNode status = JSON.readTree(client.send(request, HttpResponse.BodyHandlers.ofString()).body());
                alive = status.path("aliveworkers").asInt(0);
                if (alive >= workers) {
                    return;
                }
            } catch (IOException e) {
                // the master is not listening yet
            }
            Thread.sleep(250);
        }
        throw new IOException("the cluster did not come up within " + timeout.toSeconds() + " s (" + alive + " of "
                + workers + " workers registered); see the logs in " + Path.of(state.members().get(0).log()).getParent());
    }

    private static void save(Path folder, State state) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(state);
        AtomicFiles.write(folder.resolve("cluster.json"), out -> out.write(bytes));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
