package org.recon4j.cli;

import java.io.File;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.recon4j.spark.LocalCluster;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recon cluster start|stop|status}: a standalone Spark cluster on this machine, for batch and slab runs. */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "A standalone Spark cluster on 127.0.0.1: a master and workers, each its own JVM.",
        subcommands = {ClusterCommand.Start.class, ClusterCommand.Stop.class, ClusterCommand.Status.class})
final class ClusterCommand {
    /** Where the cluster keeps its state, logs and executors' work folders. */
    static final class Folder {
        @Option(names = "--dir", paramLabel = "DIR", description = "The cluster's folder (default: one per user in the "
                + "temporary folder).")
        Path folder;

        Path resolve() {
            return folder != null ? folder : LocalCluster.defaultFolder();
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Starts a master and workers; prints the master URL as the last line.")
    static final class Start implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        Folder folder;

        @Option(names = "--workers", paramLabel = "N", defaultValue = "2", description = "Workers (default ${DEFAULT-VALUE}).")
        int workers;

        @Option(names = "--cores", paramLabel = "C", defaultValue = "1",
                description = "Cores each worker offers (default ${DEFAULT-VALUE}).")
        int cores;

        @Option(names = "--memory", paramLabel = "M", defaultValue = "2g",
                description = "Memory each worker offers its executors (default ${DEFAULT-VALUE}).")
        String memory;

        @Override
        public Integer call() throws Exception {
            SparkCheck.require("recon cluster start");
            List<Path> classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                    .filter(entry -> !entry.isEmpty()).map(Path::of).toList();
            LocalCluster.State state = LocalCluster.start(folder.resolve(), workers, cores, memory, classPath,
                    Duration.ofSeconds(90));
            PrintWriter out = spec.commandLine().getOut();
            for (LocalCluster.Member member : state.members()) {
                out.printf("%-9s pid %d  log %s%n", member.role(), member.pid(), member.log());
            }
            out.printf("each worker offers %d cores and %s to executors: give 'recon batch' --executor-memory up to %s%n",
                    cores, memory, memory);
            out.println(state.masterUrl());
            out.flush();
            return 0;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stops every process 'cluster start' started.")
    static final class Stop implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        Folder folder;

        @Override
        public Integer call() throws Exception {
            List<LocalCluster.Member> stopped = LocalCluster.stop(folder.resolve());
            PrintWriter out = spec.commandLine().getOut();
            out.println(stopped.isEmpty() ? "no cluster was running from " + folder.resolve()
                    : "stopped " + stopped.size() + " processes (" + String.join(", ",
                            stopped.stream().map(member -> member.role() + " " + member.pid()).toList()) + ")");
            out.flush();
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Lists the cluster's processes.")
    static final class Status implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        Folder folder;

        @Override
        public Integer call() throws Exception {
            Optional<LocalCluster.State> state = LocalCluster.read(folder.resolve());
            PrintWriter out = spec.commandLine().getOut();
            if (state.isEmpty()) {
                out.println("no cluster started from " + folder.resolve());
            } else {
                out.println(state.get().masterUrl());
                for (LocalCluster.Member member : state.get().members()) {
                    out.printf("%-9s pid %d  %s%n", member.role(), member.pid(), member.alive() ? "running" : "stopped");
                }
            }
            out.flush();
            return 0;
        }
    }
}
