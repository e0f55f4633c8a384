package org.recon4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recon4j.InvalidInputException;

/** Manifests: every bad line refused before anything runs, each in one line naming it; paths resolved. */
class ManifestTest {
    @TempDir
    Path folder;

    private Path manifest(String... lines) throws IOException {
        return Files.write(folder.resolve("jobs.jsonl"), List.of(lines));
    }

    @Test
    void goodLinesResolveInputsAgainstTheManifestAndKeepOutputsRelative() throws IOException {
        Files.writeString(folder.resolve("a.txt"), "a");
        Manifest manifest = Manifest.read(manifest(
                "# a comment, then a blank line",
                "",
                "{\"id\": \"one\", \"args\": [\"write\", \"--in\", \"a.txt\", \"--out\", \"sub/one.txt\"]}",
                "{\"id\": \"two\", \"args\": [\"write\", \"--in\", \"missing.txt\", \"--out\", \"two.txt\"]}"),
                new ScriptedTool());
        assertEquals(2, manifest.jobs().size());
        BatchJob one = manifest.jobs().get(0);
        assertEquals(3, one.line());
        assertEquals(folder.resolve("a.txt").toString(), one.args().get(2));
        assertEquals(List.of("sub/one.txt"), one.outputs());
        assertNull(one.missing());
        assertNotNull(manifest.jobs().get(1).missing(), "a missing input is known before the job runs");
    }

    @Test
    void everyBadLineIsNamedInOneLineOfItsOwn() throws IOException {
        Path file = manifest(
                "{\"id\": \"ok\", \"args\": [\"write\", \"--out\", \"ok.txt\"]}",
                "not json at all",
                "{\"id\": \"ok\", \"args\": [\"write\", \"--out\", \"other.txt\"]}",
                "{\"id\": \"x\", \"args\": [\"unknown-command\"]}",
                "{\"id\": \"y\", \"args\": [\"write\", \"--colour\", \"red\"]}",
                "{\"id\": \"z\", \"args\": [\"write\", \"--out\", \"../escape.txt\"]}",
                "{\"id\": \"w\", \"args\": [\"write\", \"--out\", \"/tmp/absolute.txt\"]}",
                "{\"id\": \"bad id!\", \"args\": [\"write\", \"--out\", \"b.txt\"]}",
                "{\"id\": \"v\", \"args\": [\"write\", \"--out\", \"ok.txt\"]}",
                "{\"id\": \"u\", \"args\": [\"write\", \"--out\", \"results.csv\"]}",
                "[1, 2]",
                "{\"id\": \"t\", \"args\": \"write --out t.txt\"}",
                "{\"id\": \"s\", \"args\": [\"batch\", \"m.jsonl\"]}");
        InvalidInputException refused = assertThrows(InvalidInputException.class,
                () -> Manifest.read(file, new ScriptedTool()));
        List<String> lines = refused.getMessage().lines().toList();
        assertEquals(12, lines.size(), refused.getMessage());
        String[] expected = {"line 2: expected a JSON object", "line 3: id 'ok' is already used on line 1",
            "line 4: unknown command 'unknown-command'", "line 5: unknown option '--colour'", "line 6: output '../escape.txt' is outside --out",
            "line 7: output '/tmp/absolute.txt' is outside --out", "line 8: expected \"id\"",
            "line 9: output 'ok.txt' is also written by job 'ok'", "line 10: output 'results.csv' takes a name the batch keeps",
            "line 11: expected a JSON object", "line 12: expected \"args\"", "line 13: 'batch' cannot run as a batch job"};
        for (int i = 0; i < expected.length; i++) {
            assertTrue(lines.get(i).startsWith("jobs.jsonl " + expected[i]), lines.get(i));
        }
    }

    @Test
    void anEmptyManifestIsRefused() throws IOException {
        InvalidInputException refused = assertThrows(InvalidInputException.class,
                () -> Manifest.read(manifest("", "# nothing"), new ScriptedTool()));
        assertTrue(refused.getMessage().contains("holds no job"), refused.getMessage());
    }

    @Test
    void slabsSplitEvenlyAndCoverEverySlice() {
        assertEquals(List.of("0+3", "3+3", "6+4"), SlabReconstruction.split(10, 3).stream()
                .map(range -> range[0] + "+" + range[1]).toList());
        assertEquals(4, SlabReconstruction.split(4, 16).size(), "never more slabs than slices");
        assertEquals(List.of("0+7"), SlabReconstruction.split(7, 0).stream().map(range -> range[0] + "+" + range[1])
                .toList());
    }
}
