package org.recon4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path folder;

    /** A disk that fills up half-way through the second file: nothing changes, nothing is left. */
    @Test
    void aFullDiskLeavesTheOldFilesAndNoTemporaries() throws IOException {
        Path first = folder.resolve("image.raw");
        Path second = folder.resolve("image.mhd");
        Files.write(first, new byte[] {9});
        IOException full = assertThrows(IOException.class, () -> new AtomicFiles()
                .add(first, out -> out.write(new byte[1000]))
                .add(second, out -> {
                    out.write(new byte[10]);
                    throw new IOException("No space left on device");
                })
                .commit());
        assertEquals("No space left on device", full.getMessage());
        assertArrayEquals(new byte[] {9}, Files.readAllBytes(first), "the old file is untouched");
        assertFalse(Files.exists(second));
        try (Stream<Path> files = Files.list(folder)) {
            assertEquals(1, files.count(), "no temporary file is left");
        }
    }
}
