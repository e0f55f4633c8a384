package org.recon4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import org.recon4j.InvalidInputException;
import org.recon4j.dicom.CtAttenuationMap;
import org.recon4j.dicom.DicomInfo;
import org.recon4j.dicom.DicomStudy;
import org.recon4j.dicom.EnergyWindows;
import org.recon4j.dicom.NmProjections;
import org.recon4j.dicom.NmReconstructionWriter;
import org.recon4j.geometry.SpectGeometry;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.io.FloatVolume;
import org.recon4j.io.Interfile;
import org.recon4j.io.MetaImage;
import org.recon4j.io.VolumeFiles;
import org.recon4j.spect.SpectGrid;
import picocli.CommandLine.Option;

/**
 * The inputs of the SPECT commands: projections (STIR Interfile with its geometry, DICOM NM with
 * its geometry, energy windows and patient placement, or MetaImage with the geometry as
 * options), the reconstruction grid and field of view, and an attenuation map (a file on the
 * grid, or made from a CT series). Outputs of DICOM input are placed in its patient coordinates.
 */
final class SpectInput {
    private static final double TECHNETIUM_KEV = 140.5;

    @Option(names = "--in", required = true, paramLabel = "PROJ.hs|PROJ.dcm|PROJ.mhd",
            description = "Projections: STIR Interfile (.hs), DICOM NM (recognised by content) or MetaImage 'nu nv views'.")
    Path input;

    @Option(names = "--photopeak", paramLabel = "N|KEV",
            description = "DICOM input: the photopeak window, by its number as 'recon info' lists them (from 1) or a keV "
                    + "inside it; needed when the file leaves it in doubt.")
    String photopeak;

    @Option(names = "--mu", paramLabel = "MU.hv|MU.mhd",
            description = "Attenuation map in 1/cm on the reconstruction grid (its grid becomes the output's).")
    Path attenuationMap;

    @Option(names = "--mu-ct", paramLabel = "CT_FOLDER",
            description = "Attenuation from a CT series (HU, bilinear model), registered by patient coordinates and averaged"
                    + " onto the reconstruction grid.")
    Path attenuationCt;

    @Option(names = "--photon-kev", paramLabel = "KEV",
            description = "The emission's photon energy for the attenuation map and collimator (default: the photopeak "
                    + "window's centre for DICOM input, else 140.5, Tc-99m).")
    Double photonKeV;

    @Option(names = "--ct-kev", paramLabel = "KEV", defaultValue = "70",
            description = "With --mu-ct: the CT's effective energy (default ${DEFAULT-VALUE}, about 120 kVp).")
    double ctKeV;

    @Option(names = "--mu-ct-centre", paramLabel = "X,Y,Z",
            description = "With --mu-ct: where the rotation axis (at the detector's central row) lies in the CT's patient"
                    + " coordinates (mm); default: from DICOM projections in the CT's Frame of Reference, else the CT's centre.")
    String ctCentre;

    @Option(names = "--out-mu", paramLabel = "MU.mhd|MU.hv",
            description = "Write the attenuation map used (1/cm), on the reconstruction grid, placed as the image.")
    Path attenuationOutput;

    @Option(names = "--size", paramLabel = "NX,NY[,NZ]",
            description = "Reconstruction grid size (default: one voxel per detector column, the detector's axial extent).")
    String size;

    @Option(names = "--pixel", paramLabel = "MM", description = "Voxel size (default: the detector's pixel size).")
    Double pixel;

    @Option(names = "--fov-radius", paramLabel = "MM",
            description = "Reconstruct inside this cylinder about the rotation axis (default: the largest inside every "
                    + "view's orbit, less one voxel); voxels outside it are 0.")
    Double fovRadius;

    @Option(names = "--angles", paramLabel = "START:STEP:COUNT",
            description = "MetaImage input: DICOM camera angles in degrees (CC; give a negative STEP for CW).")
    String angles;

    @Option(names = "--radius", paramLabel = "MM", description = "MetaImage input: camera radius (circular orbit).")
    Double radius;

    @Option(names = "--det-spacing", paramLabel = "MM", description = "MetaImage input: bin size (default: ElementSpacing).")
    Double detectorSpacing;

    /** The patient and study of DICOM projections, once read; null for other inputs. */
    DicomStudy study;

    /** DICOM projections as read (every energy window); null for other inputs. */
    NmProjections.Acquisition acquisition;

    /** The photopeak window of DICOM projections (from 0). */
    int photopeakWindow = -1;

    /** Where the CT placed the grid when the projections could not: used for the outputs. */
    private double[] axisOverride;

    /** The grid, the attenuation map on it (null for none), which voxels take part, and the notes for the user. */
    record Setup(VolumeGeometry grid, float[] mu, boolean[] mask, String notes) {
    }

    /** Whether a file name asks for DICOM output. */
    static boolean isDicom(Path path) {
        return path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".dcm");
    }

    static boolean isInterfile(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".hv") || name.endsWith(".hs");
    }

    static FloatVolume readImage(Path path) throws IOException {
        return isInterfile(path) ? Interfile.readImage(path) : VolumeFiles.read(path);
    }

    /** Writes an image as Interfile (.hv), DICOM NM (.dcm, in a new study), MetaImage (.mhd, .mha) or NIfTI (.nii, .nii.gz). */
    static void writeImage(Path path, FloatVolume image) throws IOException {
        writeImage(path, image, null, "", "Recon4J");
    }

    /**
     * As {@link #writeImage(Path, FloatVolume)}; a DICOM output joins {@code study} (that of DICOM
     * projections, so the reconstruction lands beside them) and its Frame of Reference, or, when
     * null, a new study.
     */
    static void writeImage(Path path, FloatVolume image, DicomStudy study, String frameOfReference, String description)
            throws IOException {
        Outputs.createFolder(path);
        if (isDicom(path)) {
            NmReconstructionWriter.write(path, image, study != null ? study : DicomStudy.anonymous(), frameOfReference,
                    description);
        } else if (isInterfile(path)) {
            Interfile.writeImage(path, image);
        } else {
            VolumeFiles.write(path, image);
        }
    }

    /** Refuses an output name the SPECT commands cannot write, or one that would overwrite an input. */
    static void checkOutput(Path output, boolean force, Path... inputs) throws IOException {
        String name = output.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".hv") && !name.endsWith(".dcm") && !VolumeFiles.isWritable(output)) {
            throw new InvalidInputException("output " + output + " must end in .hv, .dcm, .mhd, .mha, .nii or .nii.gz");
        }
        String file = output.getFileName().toString();
        Path asMetaImage = isInterfile(output) || name.endsWith(".dcm")
                ? output.resolveSibling(file.substring(0, file.lastIndexOf('.')) + ".mhd") : output;
        Outputs.checkTarget(asMetaImage, inputs);
        Path data = isInterfile(output) ? output.resolveSibling(file.substring(0, file.lastIndexOf('.')) + ".v")
                : name.endsWith(".dcm") ? null : VolumeFiles.companion(output);
        Outputs.refuseExisting(force, output, data);
        for (Path input : inputs) {
            if (input != null && input.toAbsolutePath().normalize().equals(output.toAbsolutePath().normalize())) {
                throw new InvalidInputException("output " + output + " would overwrite the input " + input);
            }
        }
    }

    /** Checks the options that need no data, so that mistakes show before a long read. */
    void checkOptions(boolean force) throws IOException {
        if (attenuationMap != null && attenuationCt != null) {
            throw new InvalidInputException("give --mu or --mu-ct, not both");
        }
        if (attenuationMap != null && (size != null || pixel != null)) {
            throw new InvalidInputException("--mu sets the grid (its own); --size and --pixel go with --mu-ct or no map");
        }
        if (attenuationOutput != null) {
            if (attenuationMap == null && attenuationCt == null) {
                throw new InvalidInputException("--out-mu writes the attenuation map used: give --mu-ct (or --mu)");
            }
            checkOutput(attenuationOutput, force, input, attenuationMap);
        }
        gridSize();
    }

    Interfile.Projections readProjections() throws IOException {
        if (isInterfile(input)) {
            return Interfile.readProjections(input);
        }
        if (DicomInfo.isDicom(input)) {
            acquisition = NmProjections.read(input);
            study = acquisition.study();
            photopeakWindow = EnergyWindows.photopeak(acquisition, photopeak, input.getFileName().toString());
            return new Interfile.Projections(acquisition.windows().get(photopeakWindow).counts(), acquisition.geometry());
        }
        if (photopeak != null) {
            throw new InvalidInputException("--photopeak chooses among a DICOM file's energy windows; " + input.getFileName()
                    + " is not DICOM");
        }
        if (angles == null || radius == null) {
            throw new InvalidInputException("MetaImage projections need --angles START:STEP:COUNT (DICOM degrees) and --radius MM");
        }
        FloatVolume data = MetaImage.read(input);
        if (data.dimensions() != 3) {
            throw new InvalidInputException(input.getFileName() + ": expected SPECT projections with DimSize 'nu nv views', found "
                    + data.dimensions() + " dimensions");
        }
        double[] degrees = AngleOptions.parseRange(angles);
        if (degrees.length != data.size(2)) {
            throw new InvalidInputException(String.format("%s has %d views (DimSize %d %d %d) but --angles %s gives %d angles",
                    input.getFileName(), data.size(2), data.size(0), data.size(1), data.size(2), angles, degrees.length));
        }
        double[] radians = new double[degrees.length];
        double[] radii = new double[degrees.length];
        for (int v = 0; v < degrees.length; v++) {
            radians[v] = Math.toRadians(degrees[v]);
            radii[v] = radius;
        }
        double spacing = detectorSpacing != null ? detectorSpacing : data.spacing(0);
        SpectGeometry geometry = SpectGeometry.of(radians, radii, data.size(0), data.size(1), spacing,
                detectorSpacing != null ? detectorSpacing : data.spacing(1), 0, 0);
        return new Interfile.Projections(data.data(), geometry);
    }

    /** The photon energy (keV): --photon-kev, else the DICOM photopeak window's centre, else Tc-99m's. */
    double photonKeV() {
        if (photonKeV != null) {
            return photonKeV;
        }
        if (acquisition != null) {
            double centre = acquisition.windows().get(photopeakWindow).centreKeV();
            if (Double.isFinite(centre)) {
                return centre;
            }
        }
        return TECHNETIUM_KEV;
    }

    /**
     * The grid (the attenuation map's, or from --size/--pixel, or the default), the attenuation
     * map on it, and the voxels that take part: the field-of-view cylinder, and the body (mu > 0)
     * when {@code maskFromMu}. Writes --out-mu when asked.
     */
    Setup setup(SpectGeometry geometry, boolean maskFromMu, boolean cylinder) throws IOException {
        if (maskFromMu && attenuationMap == null && attenuationCt == null) {
            throw new InvalidInputException("--mask-from-mu needs --mu or --mu-ct");
        }
        StringBuilder notes = new StringBuilder();
        VolumeGeometry grid;
        float[] mu = null;
        if (attenuationMap != null) {
            FloatVolume map = readImage(attenuationMap);
            if (map.dimensions() != 3) {
                throw new InvalidInputException(attenuationMap.getFileName() + ": expected a 3D attenuation map, found "
                        + map.dimensions() + " dimensions");
            }
            grid = new VolumeGeometry(map.size(0), map.size(1), map.size(2), map.spacing(0), map.spacing(1),
                    map.spacing(2), 0, 0, 0);
            mu = map.data();
        } else {
            grid = SpectGrid.of(geometry, gridSize(), pixel == null ? Double.NaN : pixel);
        }
        if (attenuationCt != null) {
            double[] centre = ctCentre == null ? null : Outputs.triple("--mu-ct-centre", ctCentre);
            CtAttenuationMap fromCt = CtAttenuationMap.of(attenuationCt, geometry, acquisition,
                    input.getFileName().toString(), grid, photonKeV(), ctKeV, centre);
            mu = fromCt.mu();
            notes.append(fromCt.describe(grid)).append(String.format(Locale.ROOT, ", mu at %.1f keV", photonKeV()));
            if (acquisition == null || ctCentre != null) {
                // the CT now says where the grid lies in the patient
                axisOverride = fromCt.axisPosition();
            }
        }
        boolean[] mask = null;
        if (cylinder) {
            double radiusMm = fovRadius != null ? fovRadius : SpectGrid.defaultRadius(geometry, grid);
            SpectGrid.requireInsideOrbit(geometry, radiusMm);
            mask = SpectGrid.cylinder(grid, radiusMm);
            notes.append(notes.length() == 0 ? "" : "; ").append(String.format(Locale.ROOT,
                    "field of view: a cylinder of radius %.1f mm", radiusMm));
        }
        if (maskFromMu) {
            boolean[] body = new boolean[mu.length];
            for (int i = 0; i < mu.length; i++) {
                body[i] = (mask == null || mask[i]) && mu[i] > 0;
            }
            mask = body;
        }
        if (attenuationOutput != null) {
            writeImage(attenuationOutput, place(FloatVolume.of(grid, mu)));
        }
        return new Setup(grid, mu, mask, notes.toString());
    }

    /** The patient position of the grid's frame origin, or null when nothing places it. */
    double[] axisPosition() {
        if (axisOverride != null) {
            return axisOverride;
        }
        return acquisition != null && acquisition.placement().known() ? acquisition.placement().axisPosition() : null;
    }

    /** A volume on the grid moved into patient coordinates where they are known. */
    FloatVolume place(FloatVolume volume) {
        double[] axis = axisPosition();
        if (axis == null) {
            return volume;
        }
        double[] origin = volume.origin().clone();
        for (int i = 0; i < origin.length; i++) {
            origin[i] += axis[i];
        }
        return new FloatVolume(volume.size(), volume.spacing(), origin, volume.data());
    }

    /**
     * Writes the reconstruction: {@code output} by its extension, and {@code dicomFolder} (when
     * given) as one NM RECON TOMO file in it; DICOM in the projections' study and Frame of Reference.
     */
    void writeResult(Path output, Path dicomFolder, VolumeGeometry grid, float[] image, String description)
            throws IOException {
        FloatVolume placed = place(FloatVolume.of(grid, image));
        String frame = acquisition != null && ctCentre == null ? acquisition.placement().frameOfReferenceUid() : "";
        writeImage(output, placed, study, frame, description);
        if (dicomFolder != null) {
            writeImage(dicomFolder.resolve("NM_RECON_TOMO.dcm"), placed, study, frame, description);
        }
    }

    private int[] gridSize() {
        if (size == null) {
            return null;
        }
        String[] parts = size.split(",");
        if (parts.length < 2 || parts.length > 3) {
            throw new InvalidInputException("--size must be NX,NY or NX,NY,NZ, found '" + size + "'");
        }
        int[] values = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                values[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new InvalidInputException("--size must be whole numbers NX,NY[,NZ], found '" + size + "'");
            }
            if (values[i] < 1 || values[i] > 4096) {
                throw new InvalidInputException("--size values must be in 1..4096, found '" + size + "'");
            }
        }
        return values;
    }
}
