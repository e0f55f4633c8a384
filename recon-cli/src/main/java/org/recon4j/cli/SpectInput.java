package org.recon4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.recon4j.InvalidInputException;
import org.recon4j.dicom.CtSeries;
import org.recon4j.dicom.DicomStudy;
import org.recon4j.dicom.NmReconstructionWriter;
import org.recon4j.geometry.SpectGeometry;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.io.FloatVolume;
import org.recon4j.io.Interfile;
import org.recon4j.io.MetaImage;
import org.recon4j.spect.AttenuationFromCt;
import picocli.CommandLine.Option;

/**
 * The inputs of the SPECT commands: projections (STIR Interfile with its geometry, or MetaImage
 * with the geometry as options) and an optional attenuation map whose grid becomes the image's.
 */
final class SpectInput {
    @Option(names = "--in", required = true, paramLabel = "PROJ.hs|PROJ.dcm|PROJ.mhd",
            description = "Projections: STIR Interfile (.hs), DICOM NM (.dcm, first energy window) or MetaImage 'nu nv views'.")
    Path input;

    @Option(names = "--mu", paramLabel = "MU.hv|MU.mhd",
            description = "Attenuation map in 1/cm on the reconstruction grid (its grid becomes the output's).")
    Path attenuationMap;

    @Option(names = "--mu-ct", paramLabel = "CT_FOLDER",
            description = "Attenuation from a CT series (HU, bilinear model) resampled onto the reconstruction grid.")
    Path attenuationCt;

    @Option(names = "--photon-kev", paramLabel = "KEV", defaultValue = "140.5",
            description = "With --mu-ct: the emission's photon energy (default ${DEFAULT-VALUE}, Tc-99m).")
    double photonKeV;

    @Option(names = "--ct-kev", paramLabel = "KEV", defaultValue = "70",
            description = "With --mu-ct: the CT's effective energy (default ${DEFAULT-VALUE}, about 120 kVp).")
    double ctKeV;

    @Option(names = "--mu-ct-centre", paramLabel = "X,Y,Z",
            description = "With --mu-ct: where the rotation axis's centre lies in the CT's patient coordinates (mm);"
                    + " default the CT volume's centre.")
    String ctCentre;

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
    org.recon4j.dicom.NmProjections.Acquisition acquisition;

    static boolean isDicom(Path path) {
        return path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".dcm");
    }

    static boolean isInterfile(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".hv") || name.endsWith(".hs");
    }

    static FloatVolume readImage(Path path) throws IOException {
        return isInterfile(path) ? Interfile.readImage(path) : MetaImage.read(path);
    }

    /** Writes an image as Interfile (.hv), DICOM NM (.dcm, in a new study) or MetaImage (.mhd, .mha). */
    static void writeImage(Path path, FloatVolume image) throws IOException {
        writeImage(path, image, null, "Recon4J");
    }

    /**
     * As {@link #writeImage(Path, FloatVolume)}; a DICOM output joins {@code study} (that of DICOM
     * projections, so the reconstruction lands beside them) or, when null, a new study.
     */
    static void writeImage(Path path, FloatVolume image, DicomStudy study, String description) throws IOException {
        Outputs.createFolder(path);
        if (isDicom(path)) {
            NmReconstructionWriter.write(path, image, study != null ? study : DicomStudy.anonymous(), description);
        } else if (isInterfile(path)) {
            Interfile.writeImage(path, image);
        } else {
            MetaImage.write(path, image, false);
        }
    }

    /** Refuses an output name the SPECT commands cannot write, or one that would overwrite an input. */
    static void checkOutput(Path output, boolean force, Path... inputs) throws IOException {
        String name = output.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".hv") && !name.endsWith(".mhd") && !name.endsWith(".mha") && !name.endsWith(".dcm")) {
            throw new InvalidInputException("output " + output + " must end in .hv, .dcm, .mhd or .mha");
        }
        String file = output.getFileName().toString();
        Path asMetaImage = isInterfile(output) || name.endsWith(".dcm")
                ? output.resolveSibling(file.substring(0, file.lastIndexOf('.')) + ".mhd") : output;
        Outputs.checkTarget(asMetaImage, inputs);
        Path data = isInterfile(output) ? output.resolveSibling(file.substring(0, file.lastIndexOf('.')) + ".v")
                : name.endsWith(".dcm") ? null : MetaImage.dataFileFor(output, false);
        Outputs.refuseExisting(force, output, data);
        for (Path input : inputs) {
            if (input != null && input.toAbsolutePath().normalize().equals(output.toAbsolutePath().normalize())) {
                throw new InvalidInputException("output " + output + " would overwrite the input " + input);
            }
        }
    }

    Interfile.Projections readProjections() throws IOException {
        if (isInterfile(input)) {
            return Interfile.readProjections(input);
        }
        if (isDicom(input)) {
            // DICOM NM: the geometry comes from the file; the first energy window is the photopeak
            acquisition = org.recon4j.dicom.NmProjections.read(input);
            study = acquisition.study();
            return new Interfile.Projections(acquisition.windows().get(0).counts(), acquisition.geometry());
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

    /**
     * The attenuation map in 1/cm: read (--mu), or made from a CT series (--mu-ct) on the grid that
     * the projections imply; null without either.
     */
    FloatVolume readAttenuation(SpectGeometry geometry) throws IOException {
        if (attenuationMap != null && attenuationCt != null) {
            throw new InvalidInputException("give --mu or --mu-ct, not both");
        }
        if (attenuationCt != null) {
            FloatVolume hu = CtSeries.read(attenuationCt);
            double[] centre = new double[3];
            for (int axis = 0; axis < 3; axis++) {
                centre[axis] = hu.origin()[axis] + (hu.size(axis) - 1) / 2.0 * hu.spacing(axis);
            }
            if (ctCentre != null) {
                centre = Outputs.triple("--mu-ct-centre", ctCentre);
            }
            float[] mu = AttenuationFromCt.bilinear(hu.data(), photonKeV, ctKeV);
            VolumeGeometry grid = grid(null, geometry);
            FloatVolume ctMu = new FloatVolume(hu.size(), hu.spacing(), hu.origin(), mu);
            return FloatVolume.of(grid, AttenuationFromCt.resample(ctMu, grid, centre));
        }
        if (attenuationMap == null) {
            return null;
        }
        FloatVolume map = readImage(attenuationMap);
        if (map.dimensions() != 3) {
            throw new InvalidInputException(attenuationMap.getFileName() + ": expected a 3D attenuation map, found "
                    + map.dimensions() + " dimensions");
        }
        return map;
    }

    /** The reconstruction grid: the attenuation map's, else one voxel per bin and one slice per row. */
    static VolumeGeometry grid(FloatVolume map, SpectGeometry geometry) {
        if (map != null) {
            return new VolumeGeometry(map.size(0), map.size(1), map.size(2), map.spacing(0), map.spacing(1),
                    map.spacing(2), 0, 0, 0);
        }
        return new VolumeGeometry(geometry.columns(), geometry.columns(), geometry.rows(), geometry.columnSpacing(),
                geometry.columnSpacing(), geometry.rowSpacing(), 0, 0, 0);
    }
}
