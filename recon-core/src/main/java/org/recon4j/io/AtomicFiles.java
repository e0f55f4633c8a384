package org.recon4j.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.recon4j.InvalidInputException;

/**
 * Writes files so that a reader never sees a partial one: each file is written to a hidden
 * temporary name in its target folder and renamed to its final name only when every file of
 * the set is complete. A failure deletes the temporaries and leaves existing files untouched.
 */
public final class AtomicFiles {
    /** Temporary files being written now, removed by a shutdown hook if the JVM stops (Ctrl-C) meanwhile. */
    private static final java.util.Set<Path> IN_PROGRESS = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Path temporary : IN_PROGRESS) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // the JVM is stopping; nothing more can be done
                }
            }
        }, "recon4j-remove-partial-outputs"));
    }

    private final Map<Path, Content> pending = new LinkedHashMap<>();

    /** What goes into one file. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Adds a file to the set; files are renamed into place in the order added. */
    public AtomicFiles add(Path target, Content content) {
        pending.put(target.toAbsolutePath().normalize(), content);
        return this;
    }

    /** Writes one file atomically. */
    public static void write(Path target, Content content) throws IOException {
        new AtomicFiles().add(target, content).commit();
    }

    /** Temporary files are created private (0600); a finished output gets the usual rw-r--r--. */
    private static void readableByAll(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    /** Writes every file to its temporary name, then renames them all into place. */
    public void commit() throws IOException {
        List<Path[]> written = new ArrayList<>();
        try {
            for (Map.Entry<Path, Content> entry : pending.entrySet()) {
                Path target = entry.getKey();
                Path folder = target.getParent();
                if (folder == null || !Files.isDirectory(folder)) {
                    throw new InvalidInputException("output folder " + folder + " does not exist");
                }
                Path temporary;
                try {
                    temporary = Files.createTempFile(folder, "." + target.getFileName(), ".partial");
                } catch (AccessDeniedException e) {
                    throw new InvalidInputException("cannot write to output folder " + folder + ": permission denied");
                }
                written.add(new Path[] {temporary, target});
                IN_PROGRESS.add(temporary);
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 16)) {
                    entry.getValue().writeTo(out);
                }
                readableByAll(temporary);
            }
            for (Path[] pair : written) {
                Files.move(pair[0], pair[1], StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                IN_PROGRESS.remove(pair[0]);
            }
        } catch (IOException | RuntimeException | Error e) {
            for (Path[] pair : written) {
                try {
                    Files.deleteIfExists(pair[0]);
                } catch (IOException ignored) {
                    // the original failure is the one to report
                }
                IN_PROGRESS.remove(pair[0]);
            }
            if (e instanceof NoSuchFileException missing) {
                throw new InvalidInputException("cannot write " + missing.getFile() + ": folder does not exist", e);
            }
            throw e;
        }
    }
}
