package org.recon4j.spark;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.recon4j.InvalidInputException;

/**
 * Starts Spark for Recon4J: local mode inside this JVM by default, or a cluster's master URL;
 * under {@code spark-submit}, the master it was given. Spark's log goes to a file, never to the
 * terminal, and the executors get the JVM options Spark needs on Java 17.
 */
public final class SparkSessions {
    /** What Spark needs opened on Java 17, for the driver and the executors (the launcher reads the same file). */
    private static final String JAVA_17_OPTIONS = "java17-options.txt";

    private SparkSessions() {
    }

    /** The {@code --add-opens} options Spark needs on Java 17, space-separated. */
    public static String javaOptions() {
        try (var in = SparkSessions.class.getResourceAsStream(JAVA_17_OPTIONS)) {
            if (in == null) {
                throw new IllegalStateException(JAVA_17_OPTIONS + " is missing from recon-spark's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * A session on {@code master} ({@code local[*]}, {@code local[N]}, {@code spark://HOST:PORT}),
     * or on the master spark-submit set when {@code master} is null.
     *
     * @param log   the file that receives Spark's log
     * @param tools classes the executors need beside Recon4J's libraries (a {@link CommandLineTool})
     */
    public static SparkSession start(String master, String appName, Path log, Class<?>... tools) throws IOException {
        return start(master, null, appName, log, tools);
    }

    /**
     * As {@link #start(String, String, Path, Class[])}, each executor given {@code executorMemory}
     * ({@code spark.executor.memory}, e.g. {@code 4g}; null: Spark's default of 1g, too little for
     * two 128^3 SPECT jobs at once).
     */
    public static SparkSession start(String master, String executorMemory, String appName, Path log, Class<?>... tools)
            throws IOException {
        SparkConf given = new SparkConf();
        String effective = master != null ? master : given.get("spark.master", "local[*]");
        requireReachable(effective);
        logTo(log);
        SparkSession.Builder builder = SparkSession.builder().appName(appName).master(effective)
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.executor.extraJavaOptions", javaOptions());
        if (executorMemory != null) {
            if (!executorMemory.matches("\\d+[kmgtKMGT]")) {
                throw new InvalidInputException("executor memory must be a size such as 4g or 512m, found '"
                        + executorMemory + "'");
            }
            builder.config("spark.executor.memory", executorMemory);
        }
        if (effective.startsWith("local") || isLoopback(effective)) {
            builder.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1");
        }
        if (!effective.startsWith("local")) {
            List<String> jars = new ArrayList<>();
            List<String> folders = new ArrayList<>();
            for (String entry : ownClassPath(tools)) {
                (entry.endsWith(".jar") ? jars : folders).add(entry);
            }
            if (!jars.isEmpty() && !given.contains("spark.jars")) {
                builder.config("spark.jars", String.join(",", jars));
            }
            if (!folders.isEmpty() && isLoopback(effective)) {
                // classes run from a build's folders (tests): executors on this machine read them in place
                builder.config("spark.executor.extraClassPath", String.join(File.pathSeparator, folders));
            }
        }
        return builder.getOrCreate();
    }

    /**
     * A standalone master that does not answer would cost a minute of Spark's retries and then a
     * stopped context: one connection attempt says so at once.
     */
    static void requireReachable(String master) {
        if (!master.startsWith("spark://")) {
            return;
        }
        String reason = "no host:port";
        for (String address : master.substring("spark://".length()).split(",")) {
            int colon = address.lastIndexOf(':');
            if (colon <= 0) {
                continue;
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(address.substring(0, colon),
                        Integer.parseInt(address.substring(colon + 1))), 5000);
                return;
            } catch (IOException | IllegalArgumentException e) { // refused, unknown host, a port out of range
                reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            }
        }
        throw new InvalidInputException("cannot reach the Spark master " + master + ": " + reason
                + " (a cluster on this machine: 'recon cluster status' shows its URL)");
    }

    private static boolean isLoopback(String master) {
        return master.startsWith("spark://127.0.0.1:") || master.startsWith("spark://localhost:");
    }

    /** Where Recon4J's own classes come from: its jars, or the build's class folders. */
    private static List<String> ownClassPath(Class<?>... tools) {
        List<Class<?>> types = new ArrayList<>(List.of(SparkSessions.class, org.recon4j.InvalidInputException.class,
                org.recon4j.evaluation.CtScan.class));
        types.addAll(List.of(tools));
        List<String> entries = new ArrayList<>();
        for (Class<?> type : types) {
            try {
                var source = type.getProtectionDomain().getCodeSource();
                if (source != null) {
                    String entry = Path.of(source.getLocation().toURI()).toString();
                    if (!entries.contains(entry)) {
                        entries.add(entry);
                    }
                }
            } catch (URISyntaxException | SecurityException e) {
                // a class from an unusual loader: Spark ships nothing for it
            }
        }
        return entries;
    }

    /** Sends Log4j (Spark's logger) and SLF4J to {@code log}, appending. */
    static void logTo(Path log) throws IOException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        if (System.getProperty("slf4j.provider") == null) {
            System.setProperty("slf4j.provider", "org.apache.logging.slf4j.SLF4JServiceProvider");
        }
        Path configuration = Files.createTempFile("recon4j-log4j2-", ".properties");
        String text = String.join("\n",
                "status = error",
                "appender.file.type = File",
                "appender.file.name = file",
                "appender.file.fileName = " + log.toAbsolutePath().toString().replace("\\", "/"),
                "appender.file.append = true",
                "appender.file.layout.type = PatternLayout",
                "appender.file.layout.pattern = %d{yy/MM/dd HH:mm:ss} %p %c{1}: %m%n%ex",
                "rootLogger.level = info",
                "rootLogger.appenderRef.file.ref = file",
                "logger.parquet.name = org.apache.parquet",
                "logger.parquet.level = warn", "");
        Files.writeString(configuration, text, StandardCharsets.UTF_8);
        configuration.toFile().deleteOnExit();
        Configurator.reconfigure(configuration.toUri());
    }
}
