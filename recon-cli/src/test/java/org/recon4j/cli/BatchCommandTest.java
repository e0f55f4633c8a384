package org.recon4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code recon batch} in local mode on real commands: every job's outputs have the bits of the
 * same command run by hand (with the threads the batch gave it), a broken input fails its job
 * only, comparisons' metrics reach the table, --resume skips what is done, and a bad manifest is
 * refused line by line before anything runs. Also {@code --master} on fbp and fdk: one volume in
 * slabs, the same bits as on one machine.
 */
class BatchCommandTest {
    @TempDir
    static Path data;

    static final String ANGLES = "0:4.5:40";

    @BeforeAll
    static void writeData() throws IOException {
        Files.createDirectories(data.resolve("ct"));
        Files.createDirectories(data.resolve("spect"));
        assertOk(CommandRun.of("phantom", "--size", "64", "--views", "40", "--slices", "4", "--out-image",
                data.resolve("ct/truth.mhd").toString(), "--out-sino", data.resolve("ct/sino.mhd").toString(),
                "--noise-photons", "1e5", "-q"));
        assertOk(CommandRun.of("simulate-spect", "--matrix", "32", "--pixel", "12", "--views", "30", "--counts", "3e5",
                "--out-proj", data.resolve("spect/p.hs").toString(), "--out-mu", data.resolve("spect/mu.hv").toString(), "-q"));
        Files.writeString(data.resolve("spect/broken.hs"), "!INTERFILE :=\nthis is not a projection header\n");
        Files.write(data.resolve("jobs.jsonl"), List.of(
                "{\"id\": \"fbp\", \"args\": [\"fbp\", \"--in\", \"ct/sino.mhd\", \"--angles\", \"" + ANGLES
                        + "\", \"--out\", \"fbp/image.mhd\", \"-q\"]}",
                "{\"id\": \"cmp\", \"args\": [\"compare\", \"--in\", \"ct/sino.mhd\", \"--angles\", \"" + ANGLES
                        + "\", \"--truth\", \"ct/truth.mhd\", \"--methods\", \"fbp:hann,sirt:4\", \"--out\", \"cmp/report.html\", \"-q\"]}",
                "{\"id\": \"osem\", \"args\": [\"osem\", \"--in\", \"spect/p.hs\", \"--mu\", \"spect/mu.hv\", \"--subsets\", \"6\","
                        + " \"--iterations\", \"2\", \"--out\", \"osem/image.hv\", \"-q\"]}",
                "{\"id\": \"broken\", \"args\": [\"osem\", \"--in\", \"spect/broken.hs\", \"--out\", \"broken/image.hv\"]}",
                "{\"id\": \"sirt\", \"args\": [\"sirt\", \"--in=ct/sino.mhd\", \"--angles=" + ANGLES
                        + "\", \"--iterations=3\", \"--out=sirt/image.mhd\", \"-q\"]}"));
    }

    private static void assertOk(CommandRun run) {
        assertEquals(0, run.code(), run.err());
    }

    @Test
    void aCohortGivesTheBitsOfEachCommandByHand() throws IOException {
        Path out = data.resolve("out");
        CommandRun batch = CommandRun.of("batch", data.resolve("jobs.jsonl").toString(), "--out", out.toString(),
                "--master", "local[2]");
        assertEquals(Recon.EXIT_INPUT, batch.code(), "one job failed: " + batch.err());
        assertTrue(batch.err().contains("batch: broken (line 4) failed: recon osem: error:"), batch.err());
        assertTrue(batch.err().contains("batch: 5 jobs, 4 ok, 1 failed"), batch.err());
        assertFalse(batch.err().contains("INFO") || batch.err().contains("WARN"), "Spark's log stays in spark.log");
        assertTrue(Files.size(out.resolve("spark.log")) > 0);
        assertFalse(Files.exists(out.resolve("broken")), "the failed job wrote nothing");

        Path hand = data.resolve("hand");
        Files.createDirectories(hand);
        String sino = data.resolve("ct/sino.mhd").toString();
        assertOk(CommandRun.of("fbp", "--in", sino, "--angles", ANGLES, "--out", hand.resolve("fbp.mhd").toString(),
                "--threads", "1", "-q"));
        assertOk(CommandRun.of("osem", "--in", data.resolve("spect/p.hs").toString(), "--mu",
                data.resolve("spect/mu.hv").toString(), "--subsets", "6", "--iterations", "2", "--out",
                hand.resolve("osem.hv").toString(), "--threads", "1", "-q"));
        assertOk(CommandRun.of("sirt", "--in", sino, "--angles", ANGLES, "--iterations", "3", "--out",
                hand.resolve("sirt.mhd").toString(), "--threads", "1", "-q"));
        assertArrayEquals(Files.readAllBytes(hand.resolve("fbp.raw")), Files.readAllBytes(out.resolve("fbp/image.raw")));
        assertArrayEquals(Files.readAllBytes(hand.resolve("osem.v")), Files.readAllBytes(out.resolve("osem/image.v")));
        assertArrayEquals(Files.readAllBytes(hand.resolve("sirt.raw")), Files.readAllBytes(out.resolve("sirt/image.raw")));

        List<String> csv = Files.readAllLines(out.resolve("results.csv"));
        List<String> header = List.of(csv.get(0).split(","));
        assertTrue(header.containsAll(List.of("rmse", "psnr_db", "ssim", "executor_jvm", "method")), csv.get(0));
        assertEquals(1 + 4 + 2, csv.size(), "one row per job, two for the comparison's two methods");
        long comparisonRows = csv.stream().filter(line -> line.startsWith("cmp,") && line.contains("sirt:4")).count();
        assertEquals(1, comparisonRows);
        assertTrue(Files.readString(out.resolve("summary.html")).contains("href=\"cmp/report.html\""));

        CommandRun resumed = CommandRun.of("batch", data.resolve("jobs.jsonl").toString(), "--out", out.toString(),
                "--master", "local[2]", "--resume");
        assertTrue(resumed.err().contains("4 done before"), resumed.err());
        assertEquals(Recon.EXIT_INPUT, resumed.code(), "the broken job fails again");
    }

    @Test
    void aBadManifestIsRefusedLineByLineBeforeAnythingRuns() throws IOException {
        Path manifest = data.resolve("bad.jsonl");
        Files.write(manifest, List.of(
                "{\"id\": \"fine\", \"args\": [\"fbp\", \"--in\", \"ct/sino.mhd\", \"--angles\", \"" + ANGLES
                        + "\", \"--out\", \"fine.mhd\"]}",
                "{\"id\": \"typo\", \"args\": [\"fbp\", \"--in\", \"ct/sino.mhd\", \"--angels\", \"0:1:40\", \"--out\", \"t.mhd\"]}",
                "{id: no quotes}",
                "{\"id\": \"fine\", \"args\": [\"osem\", \"--in\", \"spect/p.hs\", \"--out\", \"o.hv\"]}",
                "{\"id\": \"far\", \"args\": [\"osem\", \"--in\", \"spect/p.hs\", \"--out\", \"../outside.hv\"]}"));
        Path out = data.resolve("never");
        CommandRun run = CommandRun.of("batch", manifest.toString(), "--out", out.toString());
        assertEquals(Recon.EXIT_INPUT, run.code());
        List<String> lines = run.err().lines().toList();
        assertEquals(4, lines.size(), run.err());
        assertTrue(lines.get(0).startsWith("recon batch: error: bad.jsonl line 2: Unknown options: '--angels'"), lines.get(0));
        assertTrue(lines.get(1).startsWith("bad.jsonl line 3: expected a JSON object"), lines.get(1));
        assertTrue(lines.get(2).startsWith("bad.jsonl line 4: id 'fine' is already used on line 1"), lines.get(2));
        assertTrue(lines.get(3).startsWith("bad.jsonl line 5: output '../outside.hv' is outside --out"), lines.get(3));
        assertFalse(Files.exists(out), "nothing ran, nothing was written");
        assertFalse(run.err().contains("Exception"), run.err());
    }

    @Test
    void fbpAndFdkInSlabsHaveTheBitsOfOneMachine() throws IOException {
        Path folder = data.resolve("slabs");
        Files.createDirectories(folder);
        String sino = data.resolve("ct/sino.mhd").toString();
        assertOk(CommandRun.of("fbp", "--in", sino, "--angles", ANGLES, "--out", folder.resolve("whole.mhd").toString(), "-q"));
        CommandRun split = CommandRun.of("fbp", "--in", sino, "--angles", ANGLES, "--out",
                folder.resolve("split.mhd").toString(), "--master", "local[2]", "--slabs", "3");
        assertOk(split);
        assertTrue(split.err().contains("in 3 slabs on local[2]"), split.err());
        assertArrayEquals(Files.readAllBytes(folder.resolve("whole.raw")), Files.readAllBytes(folder.resolve("split.raw")));

        assertOk(CommandRun.of("phantom", "--size", "40", "--views", "60", "--geometry", "cone", "--out-image",
                folder.resolve("head.mhd").toString(), "--out-sino", folder.resolve("cone.mhd").toString(), "-q"));
        String[] fdk = {"fdk", "--in", folder.resolve("cone.mhd").toString(), "--angles", "0:6:60", "--sod", "120",
            "--sdd", "160", "--size", "40", "--pixel", "1"};
        assertOk(CommandRun.of(concat(fdk, "--out", folder.resolve("fdk.mhd").toString(), "-q")));
        assertOk(CommandRun.of(concat(fdk, "--out", folder.resolve("fdk-split.mhd").toString(), "--master", "local[2]",
                "--slabs", "4", "-q")));
        assertArrayEquals(Files.readAllBytes(folder.resolve("fdk.raw")), Files.readAllBytes(folder.resolve("fdk-split.raw")));
        assertEquals(Files.readString(folder.resolve("fdk.mhd")).replace("fdk.raw", "fdk-split.raw"),
                Files.readString(folder.resolve("fdk-split.mhd")));
        CommandRun mha = CommandRun.of(concat(fdk, "--out", folder.resolve("one.mha").toString(), "--master", "local[2]"));
        assertEquals(Recon.EXIT_INPUT, mha.code());
        assertTrue(mha.err().contains("needs a .mhd header") || mha.err().contains(".mhd header's .raw"), mha.err());
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
