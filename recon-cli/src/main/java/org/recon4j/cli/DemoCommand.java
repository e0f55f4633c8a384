package org.recon4j.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.recon4j.InvalidInputException;
import org.recon4j.algorithm.ParallelBeamFbp;
import org.recon4j.dicom.CtSeriesWriter;
import org.recon4j.dicom.DicomStudy;
import org.recon4j.filter.FilterWindow;
import org.recon4j.geometry.ParallelBeamGeometry;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.io.FloatVolume;
import org.recon4j.io.MetaImage;
import org.recon4j.io.PngExport;
import org.recon4j.metric.ImageMetrics;
import org.recon4j.metric.Mask;
import org.recon4j.phantom.Phantom2D;
import org.recon4j.phantom.SheppLogan;
import org.recon4j.phantom.TransmissionNoise;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code recon demo}: the whole CT path on an embedded default. The modified Shepp-Logan
 * phantom, its exact sinogram and a noisy one, FBP of both, every image as MetaImage and PNG,
 * and the metrics against the phantom.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs the embedded default case and writes its images to a folder (./recon-demo).")
final class DemoCommand implements Callable<Integer> {
    private static final double PHOTONS = 1e5;
    private static final double ATTENUATION_PER_UNIT = 0.02;
    private static final long SEED = 2026;

    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "recon-demo",
            description = "Output folder (default ${DEFAULT-VALUE}).")
    Path folder;

    @Option(names = "--size", paramLabel = "N", defaultValue = "256", description = "Image size (default ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--views", paramLabel = "V", defaultValue = "360",
            description = "Views over 180 degrees (default ${DEFAULT-VALUE}).")
    int views;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0", description = "Worker threads, 0 = all cores.")
    int threads;

    @Option(names = {"-q", "--quiet"}, description = "No progress on stderr.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        if (size < 16 || size > 4096 || views < 1 || views > 20000) {
            throw new InvalidInputException("demo --size must be in 16..4096 and --views in 1..20000, found "
                    + size + " and " + views);
        }
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new InvalidInputException("demo output " + folder + " exists and is not a folder");
        }
        Files.createDirectories(folder);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ParallelBeamGeometry geometry = ParallelBeamGeometry.uniform(views, Math.PI, size, 1.0);
        VolumeGeometry grid = VolumeGeometry.slice(size, 1.0);
        Phantom2D phantom = SheppLogan.modified2D(size / 2.0);
        note(err, "phantom and exact sinogram");
        float[] truth = phantom.image(grid, 4);
        float[] sinogram = phantom.sinogram(geometry);
        float[] noisy = TransmissionNoise.apply(sinogram, PHOTONS, ATTENUATION_PER_UNIT, SEED);
        note(err, "FBP");
        long start = System.nanoTime();
        float[] exact = new ParallelBeamFbp(geometry, grid, FilterWindow.RAM_LAK, 1, threads).reconstruct(sinogram);
        double exactSeconds = (System.nanoTime() - start) / 1e9;
        start = System.nanoTime();
        float[] smooth = new ParallelBeamFbp(geometry, grid, FilterWindow.HANN, 1, threads).reconstruct(noisy);
        double noisySeconds = (System.nanoTime() - start) / 1e9;

        double[] window = {0, 0.5};
        writeImage("phantom", FloatVolume.of(grid, truth), window);
        FloatVolume sinogramVolume = new FloatVolume(new int[] {size, views}, new double[] {1, 180.0 / views},
                new double[] {-(size - 1) / 2.0, 0}, sinogram);
        writeImage("sinogram", sinogramVolume, null);
        writeImage("sinogram-noisy", new FloatVolume(sinogramVolume.size(), sinogramVolume.spacing(),
                sinogramVolume.origin(), noisy), null);
        writeImage("fbp", FloatVolume.of(grid, exact), window);
        writeImage("fbp-noisy", FloatVolume.of(grid, smooth), window);

        boolean[] mask = Mask.cylinder(grid, size / 2.0 - 1);
        out.printf("Recon4J demo: modified Shepp-Logan %d x %d, %d parallel views over 180 degrees, written to %s%n",
                size, size, views, folder);
        out.printf("%-40s %9s %8s %7s %9s%n", "reconstruction (inside r <= N/2 - 1)", "RMSE", "PSNR dB", "SSIM", "time s");
        printMetrics(out, "FBP ram-lak, exact sinogram", exact, truth, mask, exactSeconds);
        printMetrics(out, String.format("FBP hann, Poisson noise I0 = %.0e", PHOTONS), smooth, truth, mask, noisySeconds);
        out.printf("images: phantom, sinogram, sinogram-noisy, fbp, fbp-noisy (.mhd + .raw, and .png)%n");
        // the noisy FBP also as a DICOM CT series; the phantom's brain (0.2) stands for water: 0 HU
        float[] hu = new float[smooth.length];
        for (int i = 0; i < hu.length; i++) {
            hu[i] = 1000 * (smooth[i] - 0.2f) / 0.2f;
        }
        CtSeriesWriter.write(folder.resolve("ct-dicom"), FloatVolume.of(grid, hu),
                DicomStudy.anonymous(), "Recon4J demo FBP");
        out.printf("CT image also as a DICOM CT series (HU, the phantom's 0.2 as water): %s%n", folder.resolve("ct-dicom"));
        out.flush();

        // the same noisy data by FBP and iterative methods, side by side in an HTML report
        note(err, "comparison report");
        String angles = "0:" + PhantomCommand.stripZeros(180.0 / views) + ":" + views;
        int reportCode = Recon.execute(new String[] {"compare", "--in", folder.resolve("sinogram-noisy.mhd").toString(),
            "--angles", angles, "--truth", folder.resolve("phantom.mhd").toString(), "--methods",
            "fbp:ram-lak,fbp:hann,sirt:30,ossart:10x3,cgls:8", "--threads", String.valueOf(threads),
            "--out", folder.resolve("ct-report.html").toString(), "--force", "-q"}, new PrintWriter(java.io.Writer.nullWriter()), err);
        if (reportCode != 0) {
            return reportCode;
        }
        out.printf("CT report: %s (FBP, SIRT, OS-SART and CGLS of the noisy sinogram)%n", folder.resolve("ct-report.html"));

        // SPECT: the NEMA IEC body with attenuation and the collimator response, OSEM
        note(err, "SPECT simulation and OSEM");
        String projections = folder.resolve("spect-projections.hs").toString();
        String mu = folder.resolve("spect-mu.hv").toString();
        String truthImage = folder.resolve("spect-truth.hv").toString();
        String osem = folder.resolve("spect-osem.hv").toString();
        start = System.nanoTime();
        int code = Recon.execute(new String[] {"simulate-spect", "--phantom", "iec", "--matrix", "64", "--pixel", "6",
            "--views", "60", "--counts", "2e6", "--seed", String.valueOf(SEED), "--out-proj", projections, "--out-mu", mu,
            "--out-image", truthImage, "--force", "-q"}, new PrintWriter(java.io.Writer.nullWriter()), err);
        if (code == 0) {
            code = Recon.execute(new String[] {"osem", "--in", projections, "--mu", mu, "--mask-from-mu", "--psf-slope",
                "0.0163", "--psf-sigma0", "1.466", "--subsets", "6", "--iterations", "4", "--post-filter", "gauss:8",
                "--threads", String.valueOf(threads), "--out", osem, "--force", "-q"}, new PrintWriter(java.io.Writer.nullWriter()), err);
        }
        if (code != 0) {
            return code;
        }
        double spectSeconds = (System.nanoTime() - start) / 1e9;
        out.printf("SPECT image also as DICOM NM (RECON TOMO): %s%n", folder.resolve("spect-osem.dcm"));
        out.printf("SPECT: NEMA IEC body (spheres 4:1, 10-37 mm), 60 views, attenuation and collimator response, "
                + "OSEM 6 subsets x 4 iterations, 8 mm Gaussian; %.1f s%n", spectSeconds);
        FloatVolume spect = SpectInput.readImage(folder.resolve("spect-osem.hv"));
        SpectInput.writeImage(folder.resolve("spect-osem.dcm"), spect);
        double[] spectWindow = PngExport.range(spect.data(), 64 * 64, 32);
        PngExport.writeSlice(folder.resolve("spect-osem.png"), spect.data(), 64, 64, 32, 0, spectWindow[1]);
        FloatVolume spectTruth = SpectInput.readImage(folder.resolve("spect-truth.hv"));
        PngExport.writeSlice(folder.resolve("spect-truth.png"), spectTruth.data(), 64, 64, 32, 0,
                PngExport.range(spectTruth.data(), 64 * 64, 32)[1]);
        note(err, "SPECT comparison report");
        int compared = Recon.execute(new String[] {"compare-spect", "--in", projections, "--mu", mu, "--psf-slope", "0.0163",
            "--psf-sigma0", "1.466", "--iec", "--background", "0,-60,0,25", "--methods", "osem:6x4,mlem:8,fbp-chang:hann",
            "--threads", String.valueOf(threads), "--out", folder.resolve("spect-report.html").toString(), "--force", "-q"},
                new PrintWriter(java.io.Writer.nullWriter()), err);
        if (compared != 0) {
            return compared;
        }
        out.printf("SPECT report: %s (OSEM, MLEM and FBP with Chang's correction)%n", folder.resolve("spect-report.html"));
        return Recon.execute(new String[] {"spect-metrics", "--image", osem, "--iec", "--background", "0,-60,0,25"}, out, err);
    }

    private void writeImage(String name, FloatVolume volume, double[] window) throws java.io.IOException {
        MetaImage.write(folder.resolve(name + ".mhd"), volume, false);
        double[] range = window != null ? window : PngExport.range(volume.data(), volume.data().length, 0);
        PngExport.writeSlice(folder.resolve(name + ".png"), volume.data(), volume.size(0), volume.size(1), 0,
                range[0], range[1]);
    }

    private void printMetrics(PrintWriter out, String label, float[] image, float[] truth, boolean[] mask,
                              double seconds) {
        int side = size;
        out.printf("%-40s %9.5f %8.2f %7.4f %9.3f%n", label, ImageMetrics.rmse(image, truth, mask),
                ImageMetrics.psnr(image, truth, mask), ImageMetrics.ssim(image, truth, mask, side, side), seconds);
    }

    private void note(PrintWriter err, String step) {
        if (!quiet && System.console() != null) {
            err.println("demo: " + step + " ...");
            err.flush();
        }
    }
}
