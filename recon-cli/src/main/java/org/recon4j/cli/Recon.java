package org.recon4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.recon4j.InvalidInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code recon} command: tomographic reconstruction from the command line. */
@Command(name = "recon", mixinStandardHelpOptions = true, versionProvider = Recon.Version.class,
        description = "CT and SPECT tomographic reconstruction (Recon4J).",
        subcommands = {FbpCommand.class, FdkCommand.class, IterativeCommand.SirtCommand.class,
            IterativeCommand.OsSartCommand.class, IterativeCommand.CglsCommand.class, IterativeCommand.TvCommand.class, CorCommand.class,
            EmissionCommand.OsemCommand.class, EmissionCommand.MlemCommand.class, EmissionCommand.BsremCommand.class, SpectFbpCommand.class,
            SimulateSpectCommand.class, SpectMetricsCommand.class, BenchCommand.class, DevicesCommand.class, InfoCommand.class, CompareCommand.class, CompareSpectCommand.class,
            PhantomCommand.class, QaCommand.class, DemoCommand.class, BatchCommand.class, ClusterCommand.class,
            CommandLine.HelpCommand.class})
public final class Recon {
    /** Exit status for a user mistake: bad options or bad input data. */
    public static final int EXIT_INPUT = 2;
    /** Exit status when the file system failed us (unwritable folder, full disk). */
    public static final int EXIT_IO = 1;
    /** Exit status when the data do not fit in memory. */
    public static final int EXIT_MEMORY = 3;
    /** Exit status of a QA test that ran and found a figure outside its tolerance. */
    public static final int EXIT_CHECK_FAILED = 4;

    /** The running command's arguments as given (after --spec expansion), for records saved beside reports. */
    static final ThreadLocal<String[]> ARGUMENTS = new ThreadLocal<>();

    public static void main(String[] args) {
        PrintWriter err = new PrintWriter(System.err, true);
        // some third-party code (PixelMed on a damaged file) prints straight to System.err; our own
        // messages keep the real stream through err, everything else is dropped
        System.setErr(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        java.util.concurrent.atomic.AtomicBoolean finished = new java.util.concurrent.atomic.AtomicBoolean();
        // Ctrl-C or a kill: outputs are written under temporary names and renamed only when whole,
        // and those temporaries are removed on the way out, so nothing half-written stays behind
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!finished.get()) {
                err.println("recon: stopped before finishing; no output was written");
            }
        }, "recon-interrupted"));
        int code = execute(args, new PrintWriter(System.out, true), err);
        finished.set(true);
        System.exit(code);
    }

    /** Runs the command with the given streams and returns its exit status (for tests and embedding). */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new Recon());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setParameterExceptionHandler((exception, arguments) -> {
            CommandLine command = exception.getCommandLine();
            err.println(command.getCommandName() + ": " + exception.getMessage());
            err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for the options.");
            return EXIT_INPUT;
        });
        commandLine.setExecutionExceptionHandler((exception, command, parseResult) -> {
            err.println(command.getCommandSpec().qualifiedName() + ": error: " + describe(exception));
            return exitCode(exception);
        });
        String[] expanded;
        try {
            expanded = CompareCommand.expandSpec(args);
        } catch (java.io.IOException | InvalidInputException e) {
            err.println("recon compare: error: " + describe(e));
            return exitCode(e);
        }
        ARGUMENTS.set(expanded);
        try {
            return commandLine.execute(expanded);
        } finally {
            ARGUMENTS.remove();
        }
    }

    /** A one-line account of what went wrong, without a stack trace. */
    static String describe(Throwable failure) {
        if (failure instanceof InvalidInputException) {
            return failure.getMessage();
        }
        if (failure instanceof NoSuchFileException missing) {
            return "no such file or folder: " + missing.getFile();
        }
        if (failure instanceof AccessDeniedException denied) {
            return "permission denied: " + denied.getFile();
        }
        if (failure instanceof FileSystemException system) {
            return "cannot access " + system.getFile() + ": " + system.getReason();
        }
        if (failure instanceof IOException) {
            return "input/output failure: " + failure.getMessage();
        }
        if (failure instanceof org.recon4j.gpu.DeviceFallbackException) {
            return failure.getMessage();
        }
        if (failure instanceof OutOfMemoryError) {
            return "out of memory: the data do not fit in the Java heap (raise it, e.g. JAVA_OPTS=-Xmx8g)";
        }
        // some libraries' messages run to many lines (Spark's include stack traces): the first says what
        String message = String.valueOf(failure.getMessage()).lines().findFirst().orElse("");
        return failure.getClass().getSimpleName() + ": " + message
                + " (this is a bug in Recon4J; please report it with the command line)";
    }

    static int exitCode(Throwable failure) {
        if (failure instanceof InvalidInputException) {
            return EXIT_INPUT;
        }
        if (failure instanceof OutOfMemoryError) {
            return EXIT_MEMORY;
        }
        return failure instanceof IOException || failure instanceof org.recon4j.gpu.DeviceFallbackException ? EXIT_IO : 70;
    }

    /** The version from the jar's manifest, or "development" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Recon.class.getPackage().getImplementationVersion();
            return new String[] {"recon (Recon4J) " + (version == null ? "development" : version),
                "Java " + System.getProperty("java.version") + " on " + System.getProperty("os.name") + " "
                        + System.getProperty("os.arch")};
        }
    }
}
