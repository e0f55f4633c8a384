package org.recon4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recon4j.phantom.WaterPhantom;
import org.recon4j.testdata.ReferenceData;

/** `recon qa`: each test from simulated data with known answers, through the files a user would have. */
class QaCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path folder;

    private String file(String name) {
        return folder.resolve(name).toString();
    }

    private JsonNode json(String name) throws IOException {
        return JSON.readTree(folder.resolve(name).toFile());
    }

    private static void assertOneLine(CommandRun run, String start) {
        assertEquals(2, run.code(), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().contains(start), run.err());
        assertFalse(run.err().contains("Exception"), run.err());
    }

    @Test
    void centreOfRotationPutIntoTheSimulationIsFoundBackFromInterfileAndDicom() throws IOException {
        for (String name : new String[] {"cor.hs", "cor.dcm"}) {
            CommandRun simulate = CommandRun.of("simulate-spect", "--phantom", "point", "--cor-offset", "1.7", "--matrix", "48",
                    "--pixel", "4.8", "--views", "60", "--counts", "4e5", "--out-proj", file(name), "--out-mu",
                    file(name + "-mu.hv"), "-q");
            assertEquals(0, simulate.code(), simulate.err());
            CommandRun qa = CommandRun.of("qa", "spect-cor", "--in", file(name), "--json", file(name + ".json"), "--report",
                    file(name + ".html"));
            assertEquals(0, qa.code(), qa.out() + qa.err());
            assertTrue(qa.out().contains("head 1 (60 views): centre-of-rotation offset +1."), qa.out());
            assertTrue(qa.out().contains("PASS head 1 cor_offset_pixels"), qa.out());
            JsonNode head = json(name + ".json").get("heads").get(0);
            assertEquals(1.7, head.get("cor_offset_mm").asDouble(), 0.1);
            assertEquals("recon4j-qa/1", json(name + ".json").get("format").asText());
            String html = Files.readString(folder.resolve(name + ".html"));
            assertTrue(html.contains("<svg") && html.contains("PASS"), "report without its chart or checks");
        }
        // beyond half a pixel (4.8 mm pixels) the default limit fails: exit status 4
        CommandRun simulate = CommandRun.of("simulate-spect", "--phantom", "point", "--cor-offset", "3.5", "--matrix", "48",
                "--pixel", "4.8", "--views", "60", "--counts", "4e5", "--out-proj", file("far.hs"), "--out-mu", file("far-mu.hv"),
                "-q");
        assertEquals(0, simulate.code(), simulate.err());
        CommandRun qa = CommandRun.of("qa", "spect-cor", "--in", file("far.hs"), "--heads", "2");
        assertEquals(4, qa.code(), qa.out() + qa.err());
        assertTrue(qa.out().contains("FAIL head 2 cor_offset_pixels"), qa.out());
    }

    @Test
    void resolutionAndUniformityOfReconstructions() throws IOException {
        CommandRun simulate = CommandRun.of("simulate-spect", "--phantom", "points", "--matrix", "48", "--pixel", "6",
                "--views", "48", "--counts", "1e6", "--out-proj", file("p.hs"), "--out-mu", file("p-mu.hv"), "-q");
        assertEquals(0, simulate.code(), simulate.err());
        CommandRun osem = CommandRun.of("osem", "--in", file("p.hs"), "--subsets", "6", "--iterations", "4", "--out",
                file("p.hv"));
        assertEquals(0, osem.code(), osem.err());
        CommandRun resolution = CommandRun.of("qa", "spect-resolution", "--in", file("p.hv"), "--json", file("r.json"),
                "--tolerance", "fwhm_x_mm=40");
        assertEquals(0, resolution.code(), resolution.out() + resolution.err());
        JsonNode sources = json("r.json").get("sources");
        assertEquals(3, sources.size(), resolution.out());
        for (JsonNode source : sources) {
            double fwhm = source.get("fwhm_x_mm").asDouble();
            // without a response model OSEM keeps the camera's blur: more than a voxel, less than the FWTM
            assertTrue(fwhm > 6 && fwhm < source.get("fwtm_x_mm").asDouble(), resolution.out());
        }
        CommandRun tight = CommandRun.of("qa", "spect-resolution", "--in", file("p.hv"), "--tolerance", "fwhm_z_mm=1");
        assertEquals(4, tight.code(), tight.out());
        // the same reconstruction as DICOM NM gives the same widths (16-bit storage rounds the values a little)
        CommandRun dicom = CommandRun.of("osem", "--in", file("p.hs"), "--subsets", "6", "--iterations", "4", "--out",
                file("p.dcm"));
        assertEquals(0, dicom.code(), dicom.err());
        CommandRun fromDicom = CommandRun.of("qa", "spect-resolution", "--in", file("p.dcm"), "--json", file("rd.json"));
        assertEquals(0, fromDicom.code(), fromDicom.out() + fromDicom.err());
        JsonNode dicomSources = json("rd.json").get("sources");
        assertEquals(3, dicomSources.size(), fromDicom.out());
        for (int k = 0; k < 3; k++) {
            assertEquals(sources.get(k).get("fwhm_x_mm").asDouble(), dicomSources.get(k).get("fwhm_x_mm").asDouble(), 0.05,
                    fromDicom.out());
        }

        simulate = CommandRun.of("simulate-spect", "--phantom", "cylinder", "--matrix", "48", "--pixel", "6", "--views", "48",
                "--counts", "2e7", "--out-proj", file("c.hs"), "--out-mu", file("c-mu.hv"), "-q");
        assertEquals(0, simulate.code(), simulate.err());
        osem = CommandRun.of("osem", "--in", file("c.hs"), "--mu", file("c-mu.hv"), "--mask-from-mu", "--subsets", "6",
                "--iterations", "3", "--out", file("c.hv"));
        assertEquals(0, osem.code(), osem.err());
        CommandRun uniformity = CommandRun.of("qa", "spect-uniformity", "--in", file("c.hv"), "--json", file("u.json"),
                "--report", file("u.html"));
        assertEquals(0, uniformity.code(), uniformity.out() + uniformity.err());
        JsonNode result = json("u.json");
        assertEquals(108, result.get("radius_mm").asDouble(), 6);
        double variation = result.get("coefficient_of_variation_percent").asDouble();
        assertTrue(variation > 0 && variation < result.get("integral_uniformity_percent").asDouble(), uniformity.out());
    }

    @Test
    void ctImageFromFbpOfTheWaterPhantomFindsTheInsertsKnownCtNumbers() throws IOException {
        CommandRun phantom = CommandRun.of("phantom", "--phantom", "water", "--size", "256", "--pixel", "0.8", "--views", "360",
                "--slices", "2", "--noise-photons", "1e6", "--out-image", file("w.mhd"), "--out-sino", file("ws.mhd"), "-q");
        assertEquals(0, phantom.code(), phantom.err());
        CommandRun fbp = CommandRun.of("fbp", "--in", file("ws.mhd"), "--angles", "0:0.5:360", "--filter", "hann", "--out",
                file("wf.mhd"), "--out-dicom", file("wf-dicom"), "--water-mu", "1", "-q");
        assertEquals(0, fbp.code(), fbp.err());
        CommandRun qa = CommandRun.of("qa", "ct-image", "--in", file("wf.mhd"), "--water-mu", "1", "--slices", "0:1",
                "--phantom", "inserts", "--json", file("ct.json"), "--report", file("ct.html"));
        assertEquals(0, qa.code(), qa.out() + qa.err());
        JsonNode result = json("ct.json");
        assertEquals(0, result.get("water_hu").asDouble(), 3);
        assertTrue(result.get("noise_hu").asDouble() > 0, qa.out());
        assertEquals(0, result.get("uniformity_hu").asDouble(), 3);
        JsonNode inserts = result.get("inserts");
        assertEquals(4, inserts.size(), qa.out());
        for (int k = 0; k < 4; k++) {
            assertEquals(WaterPhantom.INSERT_HU[k], inserts.get(k).get("mean_hu").asDouble(), 6, qa.out());
        }
        double mtf50 = result.get("mtf50_lp_per_mm").asDouble();
        assertTrue(mtf50 > 0.1 && mtf50 < 1 / (2 * 0.8), qa.out());
        assertTrue(result.get("passed").asBoolean());

        // the same reconstruction as a DICOM CT series (HU, placed by its Image Position): the same figures and places
        CommandRun series = CommandRun.of("qa", "ct-image", "--in", file("wf-dicom"), "--slices", "0:1", "--json",
                file("dicom.json"));
        assertEquals(0, series.code(), series.out() + series.err());
        JsonNode fromDicom = json("dicom.json");
        assertEquals(result.get("noise_hu").asDouble(), fromDicom.get("noise_hu").asDouble(), 0.1);
        for (int k = 0; k < 4; k++) {
            JsonNode insert = fromDicom.get("inserts").get(k);
            assertEquals(inserts.get(k).get("mean_hu").asDouble(), insert.get("mean_hu").asDouble(), 1);
            assertEquals(inserts.get(k).get("x_mm").asDouble(), insert.get("x_mm").asDouble(), 0.1);
            assertEquals(inserts.get(k).get("y_mm").asDouble(), insert.get("y_mm").asDouble(), 0.1);
        }
        assertOneLine(CommandRun.of("qa", "ct-image", "--in", file("wf-dicom"), "--water-mu", "1"), "already in HU");

        CommandRun sweep = CommandRun.of("qa", "ct-image", "--in", file("ws.mhd"), "--angles", "0:0.5:360", "--water-mu", "1",
                "--sweep", "filter=ram-lak,hann", "--slices", "0:1", "--json", file("sweep.json"));
        assertEquals(0, sweep.code(), sweep.out() + sweep.err());
        JsonNode settings = json("sweep.json").get("settings");
        JsonNode ramLak = settings.get(0).get("result");
        JsonNode hann = settings.get(1).get("result");
        assertEquals("filter=hann", settings.get(1).get("setting").asText());
        // the same data through a smoother filter: less noise, lower resolution; hann's figures as the image's
        assertTrue(hann.get("noise_hu").asDouble() < ramLak.get("noise_hu").asDouble(), sweep.out());
        assertTrue(hann.get("mtf50_lp_per_mm").asDouble() < ramLak.get("mtf50_lp_per_mm").asDouble(), sweep.out());
        assertEquals(result.get("noise_hu").asDouble(), hann.get("noise_hu").asDouble(), 1e-3);
    }

    @Test
    void fanBeamSweepMatchesFbpOfTheSameSetting() throws IOException {
        CommandRun phantom = CommandRun.of("phantom", "--phantom", "water", "--geometry", "fan-arc", "--size", "160", "--pixel",
                "1", "--sod", "480", "--sdd", "640", "--views", "240", "--noise-photons", "1e6", "--out-image", file("f.mhd"),
                "--out-sino", file("fs.mhd"), "-q");
        assertEquals(0, phantom.code(), phantom.err());
        String[] geometry = {"--geometry", "fan-arc", "--sod", "480", "--sdd", "640", "--size", "160", "--pixel", "1"};
        // both take the bin spacing from the sinogram's ElementSpacing
        String[] fbp = {"fbp", "--in", file("fs.mhd"), "--angles", "0:1.5:240", "--filter", "hann", "--out", file("ff.mhd"), "-q"};
        CommandRun reconstruct = CommandRun.of(concat(fbp, geometry));
        assertEquals(0, reconstruct.code(), reconstruct.err());
        CommandRun image = CommandRun.of("qa", "ct-image", "--in", file("ff.mhd"), "--water-mu", "1", "--json", file("ff.json"));
        assertEquals(0, image.code(), image.out() + image.err());
        CommandRun sweep = CommandRun.of(concat(new String[] {"qa", "ct-image", "--in", file("fs.mhd"), "--angles", "0:1.5:240",
            "--water-mu", "1", "--sweep", "filter=hann", "--json", file("fsweep.json")}, geometry));
        assertEquals(0, sweep.code(), sweep.out() + sweep.err());
        JsonNode direct = json("ff.json");
        JsonNode swept = json("fsweep.json").get("settings").get(0).get("result");
        assertEquals(direct.get("noise_hu").asDouble(), swept.get("noise_hu").asDouble(), 1e-3);
        assertEquals(direct.get("mtf50_lp_per_mm").asDouble(), swept.get("mtf50_lp_per_mm").asDouble(), 1e-4);
        for (int k = 0; k < 4; k++) {
            assertEquals(WaterPhantom.INSERT_HU[k], swept.get("inserts").get(k).get("mean_hu").asDouble(), 8, sweep.out());
        }
    }

    private static String[] concat(String[] first, String[] second) {
        String[] all = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }

    @Test
    void aPatientStudyIsNoPhantomAndTheTestsSaySo() {
        // real data written by a GE camera and CT: a patient, not a point source or a water phantom
        Optional<Path> projections = ReferenceData.external("pytomography-slicer/NM/bed1_projections.dcm");
        Optional<Path> ct = ReferenceData.external("pytomography-slicer/CT");
        assumeTrue(projections.isPresent() && ct.isPresent(),
                "shared/refdata/external/pytomography-slicer is absent here: the real-data QA refusals are skipped");
        assertOneLine(CommandRun.of("qa", "spect-cor", "--in", projections.get().toString(), "--photopeak", "208"),
                "no single point source found");
        assertOneLine(CommandRun.of("qa", "ct-image", "--in", ct.get().toString()), "no water phantom found");
    }

    @Test
    void badInputGetsOneLineAndExitStatusTwo() throws IOException {
        CommandRun phantom = CommandRun.of("phantom", "--size", "64", "--views", "90", "--out-image", file("s.mhd"),
                "--out-sino", file("ss.mhd"), "-q");
        assertEquals(0, phantom.code(), phantom.err());
        // the Shepp-Logan phantom's values are 0..1: not HU
        assertOneLine(CommandRun.of("qa", "ct-image", "--in", file("s.mhd")), "expected an image in HU");
        // in HU it is no water cylinder (its centre reads far from water)
        assertOneLine(CommandRun.of("qa", "ct-image", "--in", file("s.mhd"), "--water-mu", "0.5"), "no water phantom found");
        assertOneLine(CommandRun.of("qa", "ct-image", "--in", file("s.mhd"), "--tolerance", "sharpness=3"),
                "no figure 'sharpness' in this test");
        assertOneLine(CommandRun.of("qa", "ct-image", "--in", file("s.mhd"), "--tolerance", "noise_hu=lots"),
                "expected a number after 'noise_hu='");
        assertOneLine(CommandRun.of("qa", "spect-uniformity", "--in", file("s.mhd")), "no uniform cylinder found");
        assertOneLine(CommandRun.of("qa", "spect-cor", "--in", file("ss.mhd"), "--angles", "0:2:90"),
                "expected projections 'nu nv views'");
        assertOneLine(CommandRun.of("qa", "ct-image", "--in", file("missing.mhd")), "does not exist");
        Files.writeString(folder.resolve("taken.json"), "{}");
        assertOneLine(CommandRun.of("qa", "ct-image", "--in", file("s.mhd"), "--json", file("taken.json")), "exists");
    }
}
