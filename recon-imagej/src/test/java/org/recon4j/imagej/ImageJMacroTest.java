package org.recon4j.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.FloatProcessor;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recon4j.algorithm.DivergentBeamFbp;
import org.recon4j.algorithm.Osem;
import org.recon4j.algorithm.ParallelBeamFbp;
import org.recon4j.algorithm.Sirt;
import org.recon4j.algorithm.TvAlgorithm;
import org.recon4j.filter.FilterWindow;
import org.recon4j.geometry.Angles;
import org.recon4j.geometry.ConeBeamGeometry;
import org.recon4j.geometry.DetectorShape;
import org.recon4j.geometry.FanBeamGeometry;
import org.recon4j.geometry.ParallelBeamGeometry;
import org.recon4j.geometry.SpectGeometry;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.io.Interfile;
import org.recon4j.phantom.SheppLogan;
import org.recon4j.projector.CollimatorResponse;
import org.recon4j.projector.SpectProjector;
import org.recon4j.spect.SpectGrid;
import org.recon4j.projector.JosephProjector;

/**
 * Real ImageJ (1.54p) under Xvfb, as a user's macro runs it: {@code ij.ImageJ -batch} with the
 * plugin jar in {@code plugins/}, the command called by its recorded string. ImageJ builds its
 * menus even in batch mode, so it needs a display: {@code xvfb-run} (Debian's xvfb) gives it one.
 */
class ImageJMacroTest {
    private static final int BINS = 64;
    private static final int VIEWS = 60;

    @TempDir
    Path folder;

    /** Runs a macro in a fresh ImageJ; returns what it printed. */
    private String runMacro(String macro) throws IOException, InterruptedException {
        Path xvfb = Path.of("/usr/bin/xvfb-run");
        assumeTrue(Files.isExecutable(xvfb), "xvfb-run is missing (apt-get install xvfb); the ImageJ test is skipped");
        Path plugins = folder.resolve("plugins");
        Files.createDirectories(plugins);
        pluginJar(plugins.resolve("Recon4J_.jar"));
        Path script = folder.resolve("macro.ijm");
        Files.writeString(script, macro);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(xvfb.toString(), "-a", java, "-Dplugins.dir=" + folder,
                "-cp", System.getProperty("java.class.path"), "ij.ImageJ", "-batch", script.toString())
                .redirectErrorStream(true).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("ImageJ did not finish within 120 s");
        }
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    /** The plugin jar as the build makes it, from the compiled classes and plugins.config. */
    private static void pluginJar(Path target) throws IOException {
        Path classes = Path.of("target", "classes");
        try (OutputStream file = Files.newOutputStream(target); JarOutputStream jar = new JarOutputStream(file);
             Stream<Path> walk = Files.walk(classes)) {
            for (Path path : walk.filter(Files::isRegularFile).toList()) {
                jar.putNextEntry(new JarEntry(classes.relativize(path).toString().replace(File.separatorChar, '/')));
                jar.write(Files.readAllBytes(path));
                jar.closeEntry();
            }
        }
    }

    /** Writes a sinogram as a 32-bit TIFF, as a user's file would be. */
    private Path saved(String name, float[] sinogram, int bins, int views) {
        Path file = folder.resolve(name);
        assertTrue(new FileSaver(new ImagePlus(name, new FloatProcessor(bins, views, sinogram.clone()))).saveAsTiff(
                file.toString()));
        return file;
    }

    private float[] sinogram() {
        return SheppLogan.modified2D(BINS / 2.0).sinogram(ParallelBeamGeometry.uniform(VIEWS, Math.PI, BINS, 1));
    }

    @Test
    void theRecordedCommandReconstructsAsTheLibraryDoes() throws IOException, InterruptedException {
        float[] sinogram = sinogram();
        Path input = saved("sinogram.tif", sinogram, BINS, VIEWS);
        Path output = folder.resolve("fbp.tif");
        String printed = runMacro(String.join("\n",
                "open(\"" + input + "\");",
                "run(\"Parallel FBP...\", \"angles=0:3:60 filter=ram-lak\");",
                "saveAs(\"Tiff\", \"" + output + "\");",
                "print(\"width=\" + getWidth() + \" unit=\" + getInfo(\"image.unit\"));"));
        assertTrue(Files.exists(output), "ImageJ saved the reconstruction: " + printed);
        ImagePlus result = IJ.openImage(output.toString());
        float[] expected = new ParallelBeamFbp(ParallelBeamGeometry.uniform(VIEWS, Math.PI, BINS, 1),
                VolumeGeometry.slice(BINS, 1), FilterWindow.RAM_LAK, 1, 0).reconstruct(sinogram);
        // the same code in another JVM: equal to a few ulps (Math.sin and cos may be compiled differently in each)
        float[] actual = (float[]) result.getProcessor().getPixels();
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-6, "pixel " + i);
        }
        assertEquals(1.0, result.getCalibration().pixelWidth);
        assertTrue(printed.contains("width=64"), printed);
        assertFalse(printed.contains("Exception"), printed);
    }

    @Test
    void fanBeamFbpReconstructsAsTheLibraryDoes() throws IOException, InterruptedException {
        FanBeamGeometry geometry = FanBeamGeometry.of(Angles.evenlySpaced(90, 2 * Math.PI), 192, 256, DetectorShape.ARC,
                BINS, 1.2, 0);
        // any data serve: the test compares ImageJ's run with the library's on the same numbers
        float[] sinogram = new float[BINS * 90];
        for (int i = 0; i < sinogram.length; i++) {
            sinogram[i] = (float) Math.abs(Math.sin(0.013 * i) * Math.cos(0.0007 * i * i));
        }
        Path input = saved("fan.tif", sinogram, BINS, 90);
        Path output = folder.resolve("fan-fbp.tif");
        String printed = runMacro(String.join("\n",
                "open(\"" + input + "\");",
                "run(\"Fan-beam FBP...\", \"angles=0:4:90 filter=hann bin_spacing=1.2 pixel=1 detector=arc"
                        + " source_to_axis=192 source_to_detector=256\");",
                "saveAs(\"Tiff\", \"" + output + "\");"));
        assertTrue(Files.exists(output), "ImageJ saved the reconstruction: " + printed);
        float[] expected = DivergentBeamFbp.fan(geometry, VolumeGeometry.slice(BINS, 1), FilterWindow.HANN, 1, 0)
                .reconstruct(sinogram);
        float[] actual = (float[]) IJ.openImage(output.toString()).getProcessor().getPixels();
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-6, "pixel " + i);
        }
    }

    @Test
    void iterativeMethodsReconstructAsTheLibraryDoes() throws IOException, InterruptedException {
        float[] sinogram = sinogram();
        Path input = saved("sinogram.tif", sinogram, BINS, VIEWS);
        Path sirt = folder.resolve("sirt.tif");
        Path tv = folder.resolve("tv.tif");
        String printed = runMacro(String.join("\n",
                "open(\"" + input + "\");",
                "run(\"Iterative (parallel)...\", \"angles=0:3:60 method=sirt iterations=30 non-negative\");",
                "saveAs(\"Tiff\", \"" + sirt + "\");",
                "open(\"" + input + "\");",
                "run(\"Iterative (parallel)...\", \"angles=0:3:60 method=tv-fista iterations=20 alpha=0.5\");",
                "saveAs(\"Tiff\", \"" + tv + "\");"));
        assertTrue(Files.exists(sirt) && Files.exists(tv), "ImageJ saved the reconstructions: " + printed);
        JosephProjector projector = JosephProjector.parallel(ParallelBeamGeometry.uniform(VIEWS, Math.PI, BINS, 1),
                VolumeGeometry.slice(BINS, 1), 0);
        float[][] expected = {new Sirt(projector, sinogram, null, 1, true).run(30),
            TvAlgorithm.FISTA.create(projector, sinogram, 0.5, false).run(20)};
        Path[] outputs = {sirt, tv};
        for (int k = 0; k < 2; k++) {
            float[] actual = (float[]) IJ.openImage(outputs[k].toString()).getProcessor().getPixels();
            for (int i = 0; i < actual.length; i++) {
                assertEquals(expected[k][i], actual[i], 1e-4, outputs[k].getFileName() + " pixel " + i);
            }
        }
    }

    @Test
    void phantomCommandMakesThePhantomAndItsExactSinogram() throws IOException, InterruptedException {
        Path image = folder.resolve("phantom.tif");
        Path sinogram = folder.resolve("phantom-sinogram.tif");
        String printed = runMacro(String.join("\n",
                "run(\"Phantom...\", \"phantom=shepp-logan size=64 views=60\");",
                "saveAs(\"Tiff\", \"" + sinogram + "\");",
                "close();",
                "saveAs(\"Tiff\", \"" + image + "\");"));
        assertTrue(Files.exists(image) && Files.exists(sinogram), "ImageJ saved both: " + printed);
        float[] expected = sinogram();
        float[] actual = (float[]) IJ.openImage(sinogram.toString()).getProcessor().getPixels();
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-4, "bin " + i);
        }
        ImagePlus phantom = IJ.openImage(image.toString());
        assertEquals(64, phantom.getWidth());
        assertEquals(1.0, phantom.getProcessor().getPixelValue(32, 32) > 0 ? 1.0 : 0.0);
    }

    @Test
    void fdkReconstructsTheProjectionStackAsTheLibraryDoes() throws IOException, InterruptedException {
        int columns = 40;
        int rows = 24;
        int views = 36;
        ConeBeamGeometry geometry = ConeBeamGeometry.circular(Angles.evenlySpaced(views, 2 * Math.PI), 120, 200, columns, rows,
                1.5, 1.25, 0.3, -0.2);
        ImageStack stack = new ImageStack(columns, rows);
        float[] projections = new float[columns * rows * views];
        for (int i = 0; i < projections.length; i++) {
            projections[i] = (float) Math.abs(Math.sin(0.011 * i) * Math.cos(0.0003 * i * i));
        }
        for (int view = 0; view < views; view++) {
            float[] frame = new float[columns * rows];
            System.arraycopy(projections, view * frame.length, frame, 0, frame.length);
            stack.addSlice(new FloatProcessor(columns, rows, frame));
        }
        Path input = folder.resolve("projections.tif");
        assertTrue(new FileSaver(new ImagePlus("projections", stack)).saveAsTiffStack(input.toString()));
        Path output = folder.resolve("fdk.tif");
        String printed = runMacro(String.join("\n",
                "open(\"" + input + "\");",
                "run(\"FDK...\", \"angles=0:10:36 source_to_axis=120 source_to_detector=200 filter=hann column_spacing=1.5"
                        + " row_spacing=1.25 column_offset=0.3 row_offset=-0.2 size=32 slices=20 pixel=0.8\");",
                "saveAs(\"Tiff\", \"" + output + "\");"));
        assertTrue(Files.exists(output), "ImageJ saved the volume: " + printed);
        VolumeGeometry grid = new VolumeGeometry(32, 32, 20, 0.8, 0.8, 0.8, 0, 0, 0);
        float[] expected = DivergentBeamFbp.fdk(geometry, grid, FilterWindow.HANN, 1, 0).reconstruct(projections);
        ImagePlus volume = IJ.openImage(output.toString());
        assertEquals(20, volume.getStackSize());
        for (int z = 0; z < 20; z++) {
            float[] slice = (float[]) volume.getStack().getProcessor(z + 1).getPixels();
            for (int i = 0; i < slice.length; i++) {
                assertEquals(expected[z * slice.length + i], slice[i], 1e-5, "voxel " + i + " of slice " + z);
            }
        }
        assertEquals(0.8, volume.getCalibration().pixelDepth, 1e-9);
    }

    @Test
    void spectOsemFromAFileAndFromTheStackAsTheLibraryDoes() throws IOException, InterruptedException {
        int columns = 24;
        int rows = 8;
        int views = 30;
        SpectGeometry geometry = SpectGeometry.fromDicom(0, 12, SpectGeometry.Direction.CC, views, new double[] {150},
                columns, rows, 6, 6);
        float[] counts = new float[views * rows * columns];
        for (int view = 0; view < views; view++) {
            for (int row = 0; row < rows; row++) {
                for (int column = 0; column < columns; column++) {
                    double u = (column - 11.5 - 3 * Math.cos(Math.toRadians(12 * view))) / 3;
                    counts[(view * rows + row) * columns + column] = (float) Math.round(200 * Math.exp(-u * u) + 5);
                }
            }
        }
        Path file = folder.resolve("proj.hs");
        Interfile.writeProjections(file, counts, geometry, 12, SpectGeometry.Direction.CC);
        ImageStack stack = new ImageStack(columns, rows);
        for (int view = 0; view < views; view++) {
            stack.addSlice(new FloatProcessor(columns, rows, Arrays.copyOfRange(counts, view * rows * columns,
                    (view + 1) * rows * columns)));
        }
        ImagePlus stackImage = new ImagePlus("proj", stack);
        stackImage.getCalibration().pixelWidth = 6;
        stackImage.getCalibration().pixelHeight = 6;
        stackImage.getCalibration().setUnit("mm");
        Path input = folder.resolve("proj.tif");
        assertTrue(new FileSaver(stackImage).saveAsTiffStack(input.toString()));
        Path fromFile = folder.resolve("osem-file.tif");
        Path fromStack = folder.resolve("osem-stack.tif");
        String printed = runMacro(String.join("\n",
                "run(\"SPECT OSEM...\", \"file=" + file + " subsets=6 iterations=3 psf_slope=0.02 psf_sigma0=1.5\");",
                "saveAs(\"Tiff\", \"" + fromFile + "\");",
                "open(\"" + input + "\");",
                "run(\"SPECT OSEM...\", \"angles=0:12:30 radius=150 subsets=6 iterations=3 psf_slope=0.02 psf_sigma0=1.5\");",
                "saveAs(\"Tiff\", \"" + fromStack + "\");"));
        assertTrue(Files.exists(fromFile) && Files.exists(fromStack), "ImageJ saved both: " + printed);
        VolumeGeometry grid = SpectGrid.of(geometry, null, Double.NaN);
        boolean[] mask = SpectGrid.cylinder(grid, SpectGrid.defaultRadius(geometry, grid));
        float[] expected = new Osem(new SpectProjector(geometry, grid, null, mask, CollimatorResponse.linear(0.02, 1.5, 3), 0),
                counts, null, null, 6).run(3);
        for (Path output : new Path[] {fromFile, fromStack}) {
            ImagePlus volume = IJ.openImage(output.toString());
            assertEquals(grid.nz(), volume.getStackSize(), output.getFileName().toString());
            for (int z = 0; z < grid.nz(); z++) {
                float[] slice = (float[]) volume.getStack().getProcessor(z + 1).getPixels();
                for (int i = 0; i < slice.length; i++) {
                    float value = expected[z * slice.length + i];
                    assertEquals(value, slice[i], 1e-4 * Math.max(1, Math.abs(value)), output.getFileName() + " voxel " + i);
                }
            }
        }
    }

    @Test
    void simulateProjectsTheImageAsTheLibraryDoes() throws IOException, InterruptedException {
        float[] phantom = SheppLogan.modified2D(BINS / 2.0).image(VolumeGeometry.slice(BINS, 1), 2);
        Path input = saved("phantom.tif", phantom, BINS, BINS);
        Path output = folder.resolve("simulated.tif");
        String printed = runMacro(String.join("\n",
                "open(\"" + input + "\");",
                "run(\"Simulate...\", \"angles=0:3:60 bins=70 bin_spacing=1\");",
                "saveAs(\"Tiff\", \"" + output + "\");"));
        assertTrue(Files.exists(output), "ImageJ saved the sinogram: " + printed);
        ParallelBeamGeometry geometry = ParallelBeamGeometry.uniform(VIEWS, Math.PI, 70, 1);
        float[] expected = new float[geometry.sinogramSize()];
        JosephProjector.parallel(geometry, VolumeGeometry.slice(BINS, 1), 0).forward(phantom, expected);
        float[] actual = (float[]) IJ.openImage(output.toString()).getProcessor().getPixels();
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-4, "bin " + i);
        }
    }

    @Test
    void badParametersGiveOneLineAndNoStackTrace() throws IOException, InterruptedException {
        Path input = saved("sinogram.tif", sinogram(), BINS, VIEWS);
        for (String parameters : List.of("angles=0:3:61 filter=ram-lak", "angles=abc filter=ram-lak")) {
            String printed = runMacro("open(\"" + input + "\");\nrun(\"Parallel FBP...\", \"" + parameters + "\");");
            List<String> lines = printed.lines().filter(line -> line.startsWith("Recon4J: ")).toList();
            assertEquals(1, lines.size(), parameters + ": " + printed);
            assertFalse(printed.contains("Exception") || printed.contains("\tat "), printed);
        }
    }
}
