package org.recon4j.imagej;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.recon4j.InvalidInputException;
import org.recon4j.algorithm.Osem;
import org.recon4j.dicom.DicomInfo;
import org.recon4j.dicom.EnergyWindows;
import org.recon4j.dicom.NmProjections;
import org.recon4j.geometry.Angles;
import org.recon4j.geometry.SpectGeometry;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.io.Interfile;
import org.recon4j.projector.CollimatorResponse;
import org.recon4j.projector.SpectProjector;
import org.recon4j.spect.SpectGrid;

/**
 * Plugins &gt; Recon4J &gt; SPECT OSEM: OSEM of SPECT projections from a file (STIR Interfile or
 * DICOM NM, their geometry included) or from the active stack (width = columns, height = rows, one
 * slice a view, with the camera angles as DICOM gives them and the orbit's radius), with an open
 * image as the attenuation map (1/cm on the reconstruction grid) and the collimator response
 * {@code sigma(d) = slope d + sigma0} when given. The grid and field of view are {@code recon
 * osem}'s defaults. {@code run("SPECT OSEM...", "file=/data/proj.hs subsets=8 iterations=4")}.
 */
public final class SpectOsemCommand implements PlugIn {
    private static final String NONE = "none";

    @Override
    public void run(String argument) {
        ImagePlus active = WindowManager.getCurrentImage();
        String[] maps = attenuationChoices();
        GenericDialog dialog = new GenericDialog("SPECT OSEM");
        dialog.addStringField("File", "", 30);
        dialog.addMessage("Interfile (.hs) or DICOM NM projections; empty: the active stack, with angles and radius");
        int views = active == null ? 0 : active.getStackSize();
        dialog.addStringField("Angles", views == 0 ? "" : String.format(Locale.ROOT, "0:%s:%d", Double.toString(360.0 / views),
                views), 16);
        dialog.addNumericField("Radius", 250, 1, 8, "mm");
        dialog.addChoice("Attenuation", maps, NONE);
        dialog.addNumericField("Subsets", 8, 0);
        dialog.addNumericField("Iterations", 4, 0);
        dialog.addNumericField("PSF_slope", 0, 4, 8, "(sigma = slope d + sigma0; 0 and 0: none)");
        dialog.addNumericField("PSF_sigma0", 0, 3, 8, "mm");
        dialog.showDialog();
        if (dialog.wasCanceled()) {
            return;
        }
        String file = dialog.getNextString().trim();
        String angles = dialog.getNextString();
        double radius = dialog.getNextNumber();
        String attenuation = dialog.getNextChoice();
        int subsets = (int) Math.round(dialog.getNextNumber());
        int iterations = (int) Math.round(dialog.getNextNumber());
        double slope = dialog.getNextNumber();
        double sigma0 = dialog.getNextNumber();
        try {
            Interfile.Projections projections = file.isEmpty() ? fromStack(active, angles, radius) : fromFile(Path.of(file));
            SpectGeometry geometry = projections.geometry();
            VolumeGeometry grid = SpectGrid.of(geometry, null, Double.NaN);
            float[] mu = attenuation.equals(NONE) ? null : attenuationMap(attenuation, grid);
            if (subsets < 1 || subsets > geometry.viewCount() || iterations < 1 || iterations > 10_000) {
                throw new InvalidInputException(String.format(Locale.ROOT, "expected 1 to %d subsets and 1 to 10000 iterations, "
                        + "found %d and %d", geometry.viewCount(), subsets, iterations));
            }
            CollimatorResponse response = slope == 0 && sigma0 == 0 ? null : CollimatorResponse.linear(slope, sigma0, 3);
            boolean[] mask = SpectGrid.cylinder(grid, SpectGrid.defaultRadius(geometry, grid));
            Osem osem = new Osem(new SpectProjector(geometry, grid, mu, mask, response, 0), projections.data(), null, null,
                    subsets);
            for (int iteration = 1; iteration <= iterations; iteration++) {
                if (IJ.escapePressed()) {
                    IJ.showStatus("SPECT OSEM cancelled");
                    return;
                }
                IJ.showStatus("SPECT OSEM: iteration " + iteration + " of " + iterations);
                IJ.showProgress(iteration - 1, iterations);
                osem.iterate();
            }
            IJ.showProgress(1.0);
            Results.stack("OSEM of " + (file.isEmpty() ? active.getTitle() : Path.of(file).getFileName().toString()),
                    osem.estimate(), grid).show();
        } catch (InvalidInputException e) {
            SinogramCommand.refuse(e.getMessage());
        } catch (IOException e) {
            SinogramCommand.refuse("cannot read " + file + ": " + e.getMessage());
        }
    }

    private static String[] attenuationChoices() {
        List<String> titles = new ArrayList<>();
        titles.add(NONE);
        int[] ids = WindowManager.getIDList();
        for (int id : ids == null ? new int[0] : ids) {
            titles.add(WindowManager.getImage(id).getTitle());
        }
        return titles.toArray(String[]::new);
    }

    private static Interfile.Projections fromFile(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("no such file: " + file);
        }
        if (DicomInfo.isDicom(file)) {
            NmProjections.Acquisition acquisition = NmProjections.read(file);
            int window = EnergyWindows.photopeak(acquisition, null, file.getFileName().toString());
            return new Interfile.Projections(acquisition.windows().get(window).counts(), acquisition.geometry());
        }
        return Interfile.readProjections(file);
    }

    private static Interfile.Projections fromStack(ImagePlus stack, String angles, double radius) {
        if (stack == null) {
            throw new InvalidInputException("no image is open: give File, or open the projections as a stack");
        }
        double[] degrees = Angles.parseRange("Angles", angles);
        if (degrees.length != stack.getStackSize()) {
            throw new InvalidInputException(String.format(Locale.ROOT, "the angles give %d views, the stack has %d slices (one a "
                    + "view)", degrees.length, stack.getStackSize()));
        }
        double[] radians = Angles.radians(degrees);
        double[] radii = new double[radians.length];
        Arrays.fill(radii, radius);
        double columnSpacing = Results.pixelWidth(stack);
        double rowSpacing = Results.pixelHeight(stack);
        int frame = stack.getWidth() * stack.getHeight();
        float[] counts = new float[frame * radians.length];
        for (int view = 0; view < radians.length; view++) {
            float[] pixels = (float[]) stack.getStack().getProcessor(view + 1).convertToFloatProcessor().getPixels();
            System.arraycopy(pixels, 0, counts, view * frame, frame);
        }
        return new Interfile.Projections(counts, SpectGeometry.of(radians, radii, stack.getWidth(), stack.getHeight(),
                columnSpacing, rowSpacing, 0, 0));
    }

    private static float[] attenuationMap(String title, VolumeGeometry grid) {
        ImagePlus map = WindowManager.getImage(title);
        if (map == null || map.getWidth() != grid.nx() || map.getHeight() != grid.ny() || map.getStackSize() != grid.nz()) {
            throw new InvalidInputException(String.format(Locale.ROOT, "the attenuation map must be %d x %d x %d (the reconstruction"
                    + " grid), found %s", grid.nx(), grid.ny(), grid.nz(), map == null ? "no image " + title
                    : map.getWidth() + " x " + map.getHeight() + " x " + map.getStackSize()));
        }
        float[] mu = new float[grid.voxelCount()];
        for (int z = 0; z < grid.nz(); z++) {
            float[] slice = (float[]) map.getStack().getProcessor(z + 1).convertToFloatProcessor().getPixels();
            System.arraycopy(slice, 0, mu, z * grid.sliceSize(), grid.sliceSize());
        }
        return mu;
    }
}
