package org.recon4j.dicom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.recon4j.phantom.Ellipsoid;
import org.recon4j.testdata.ReferenceData;

/**
 * Helical and axial DICOM-CT-PD scans simulated by make_ctpd.py (pydicom, the format's geometry
 * as its definition states it) and the phantom they were simulated from (the generator's record, FOLDER.json).
 */
final class SimulatedRawScans {
    private SimulatedRawScans() {
    }

    /** A scan written into {@code folder} by the generator with {@code options}; skipped without pydicom. */
    static Path generate(Path folder, String... options) throws IOException, InterruptedException {
        Path script = ReferenceData.rawCtGenerator(folder.getParent().resolve("generator"));
        String[] arguments = new String[options.length + 4];
        arguments[0] = script.toString();
        arguments[1] = folder.toString();
        arguments[2] = "--record";
        arguments[3] = record(folder).toString();
        System.arraycopy(options, 0, arguments, 4, options.length);
        ExternalTools.python("import pydicom");
        String output = ExternalTools.run("python3", "python3-pydicom", arguments);
        if (!Files.exists(record(folder))) {
            throw new IllegalStateException("make_ctpd.py failed: " + output);
        }
        return folder;
    }

    private static Path record(Path folder) {
        return folder.resolveSibling(folder.getFileName() + ".json");
    }

    /** The ellipsoids (LPS, mm, 1/mm) of the scan in {@code folder}. */
    static List<Ellipsoid> phantom(Path folder) throws IOException {
        JsonNode record = new ObjectMapper().readTree(record(folder).toFile());
        List<Ellipsoid> ellipsoids = new ArrayList<>();
        for (JsonNode e : record.get("phantom")) {
            ellipsoids.add(new Ellipsoid(e.get(0).asDouble(), e.get(1).asDouble(), e.get(2).asDouble(), e.get(3).asDouble(),
                    e.get(4).asDouble(), e.get(5).asDouble(), e.get(6).asDouble(), 0));
        }
        return ellipsoids;
    }

    static double truth(List<Ellipsoid> phantom, double x, double y, double z) {
        double sum = 0;
        for (Ellipsoid e : phantom) {
            if (e.contains(x, y, z)) {
                sum += e.value();
            }
        }
        return sum;
    }
}
