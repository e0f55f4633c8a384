package org.recon4j.testdata;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reference data written by other tools, shipped on the class path so that tests run on a
 * fresh clone. Each folder keeps a README with the data's provenance and conventions.
 */
public final class ReferenceData {
    /** ctsim 6.0.2: 180 parallel views x 256 bins of its Shepp-Logan phantom, and the phantom. */
    public static final String CTSIM_SINOGRAM = "ct-ctsim-256/ctsimSL256_a180_exact.sino.f32";
    public static final String CTSIM_PHANTOM = "ct-ctsim-256/ctsimSL_256.phantom.f32";
    /** scikit-image 0.19.3 iradon of the project's closed-form modified Shepp-Logan sinograms. */
    public static final String SKIMAGE_RAMP_256 = "skimage-iradon/iradon_ramp_256.f32";
    public static final String SKIMAGE_SHEPP_LOGAN_256 = "skimage-iradon/iradon_shepp-logan_256.f32";
    public static final String SKIMAGE_RAMP_512 = "skimage-iradon/iradon_ramp_512.f32";

    private ReferenceData() {
    }

    /** Reads a raw little-endian float32 resource of exactly {@code count} values. */
    /**
     * A file or folder of real data written by others ({@code shared/refdata/external/}, beside
     * the project's checkout; never copied into it), or empty when this machine lacks it. The
     * environment variable RECON4J_EXTERNAL_DATA may name the folder instead.
     */
    public static java.util.Optional<Path> external(String relative) {
        String configured = System.getenv("RECON4J_EXTERNAL_DATA");
        if (configured != null && java.nio.file.Files.exists(Path.of(configured, relative))) {
            return java.util.Optional.of(Path.of(configured, relative));
        }
        for (Path folder = Path.of("").toAbsolutePath(); folder != null; folder = folder.getParent()) {
            Path candidate = folder.resolve("shared/refdata/external").resolve(relative);
            if (java.nio.file.Files.exists(candidate)) {
                return java.util.Optional.of(candidate);
            }
        }
        return java.util.Optional.empty();
    }

    public static float[] floats(String resource, int count) {
        byte[] bytes = bytes(resource);
        if (bytes.length != 4L * count) {
            throw new IllegalStateException(resource + " holds " + bytes.length + " bytes, expected " + 4L * count);
        }
        float[] values = new float[count];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }

    public static byte[] bytes(String resource) {
        try (InputStream in = ReferenceData.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("reference data " + resource + " is missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies the synthetic DICOM-CT-PD scan (dicom-synthetic/ctpd_axial, 120 files) into a new folder {@code target}. */
    public static Path copyRawCtScan(Path target) {
        try {
            Files.createDirectories(target);
            for (int view = 1; view <= 120; view++) {
                String name = String.format("proj_%05d.dcm", view);
                Files.write(target.resolve(name), bytes("dicom-synthetic/ctpd_axial/" + name));
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes the DICOM-CT-PD generator (make_ctpd.py, pydicom) into {@code folder} and returns its
     * path, for tests that simulate raw CT scans.
     */
    public static Path rawCtGenerator(Path folder) {
        try {
            Files.createDirectories(folder);
            Path script = folder.resolve("make_ctpd.py");
            Files.write(script, bytes("dicom-synthetic/make_ctpd.py"));
            return script;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
