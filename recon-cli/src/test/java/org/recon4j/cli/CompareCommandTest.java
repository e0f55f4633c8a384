package org.recon4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `recon compare`: a self-contained report with every method, and an exact rerun from its JSON. */
class CompareCommandTest {
    @TempDir
    Path folder;

    @Test
    void reportHoldsEveryMethodAndRerunsFromItsSpec() throws IOException {
        String sinogram = folder.resolve("s.mhd").toString();
        String truth = folder.resolve("p.mhd").toString();
        assertEquals(0, CommandRun.of("phantom", "--size", "64", "--views", "40", "--out-image", truth, "--out-sino",
                sinogram, "-q").code());
        String report = folder.resolve("report.html").toString();
        CommandRun run = CommandRun.of("compare", "--in", sinogram, "--angles", "0:4.5:40", "--truth", truth,
                "--methods", "fbp:hann,sirt:5,ossart:4x2,cgls:3", "--out", report, "-q");
        assertEquals(0, run.code(), run.err());
        String html = Files.readString(folder.resolve("report.html"));
        for (String method : new String[] {"fbp:hann", "sirt:5", "ossart:4x2", "cgls:3"}) {
            assertTrue(html.contains("<td>" + method + "</td>"), method);
        }
        assertTrue(html.contains("data:image/png;base64,"), "images are embedded");
        assertTrue(html.contains("<svg") && html.contains("Data residual"), "plots are inline SVG");
        assertTrue(!html.contains("src=\"http") && !html.contains("<script"), "nothing outside the file");
        CommandRun again = CommandRun.of("compare", "--spec", folder.resolve("report.json").toString());
        assertEquals(Recon.EXIT_INPUT, again.code(), "the saved run would overwrite its report without --force");
        assertTrue(again.err().contains("add --force"), again.err());
        CommandRun forced = CommandRun.of("compare", "--spec", folder.resolve("report.json").toString(), "--force");
        assertEquals(0, forced.code(), forced.err());
        CommandRun bad = CommandRun.of("compare", "--in", sinogram, "--angles", "0:4.5:40", "--out", report, "--force",
                "--methods", "art:3");
        assertEquals(Recon.EXIT_INPUT, bad.code());
        assertTrue(bad.err().contains("unknown method 'art:3'") || bad.err().contains("must be sirt:K"), bad.err());
    }
}
