package org.recon4j.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.recon4j.InvalidInputException;
import org.recon4j.dicom.DicomInfo;
import org.recon4j.dicom.EnergyWindows;
import org.recon4j.dicom.NmProjections;
import org.recon4j.geometry.SpectGeometry;
import org.recon4j.io.FloatVolume;
import org.recon4j.io.Interfile;
import org.recon4j.io.MetaImage;
import org.recon4j.qa.QaReports;
import org.recon4j.qa.SpectCentreOfRotation;
import org.recon4j.qa.Tolerances;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recon qa spect-cor}: centre of rotation and axial alignment per head from a point-source acquisition. */
@Command(name = "spect-cor", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Centre-of-rotation offset (cor_offset_mm: where the rotation axis projects, from the detector's centre",
            "along the row, positive towards increasing column index) and axial tilt of each head, from a point-source",
            "SPECT acquisition (a sine fit of the source's centroid in each view). Default limit: 0.5 pixel."})
final class QaSpectCorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--in", required = true, paramLabel = "PROJ.dcm|PROJ.hs|PROJ.mhd",
            description = "Projections: DICOM NM (its heads from the file), STIR Interfile, or MetaImage 'nu nv views' with --angles.")
    Path input;

    @Option(names = "--photopeak", paramLabel = "N|KEV", description = "DICOM input: the energy window to use (number or keV).")
    String photopeak;

    @Option(names = "--heads", paramLabel = "N", defaultValue = "1",
            description = "Interfile and MetaImage input: the views are N heads' in consecutive blocks (default ${DEFAULT-VALUE}).")
    int heads;

    @Option(names = "--angles", paramLabel = "START:STEP:COUNT",
            description = "MetaImage input: camera angles in degrees as DICOM gives them (a negative STEP for CW).")
    String angles;

    @Option(names = "--det-spacing", paramLabel = "MM", description = "MetaImage input: pixel size (default: ElementSpacing).")
    Double detectorSpacing;

    @Mixin
    QaOutputs outputs;

    @Override
    public Integer call() throws Exception {
        outputs.checkOutputs(input);
        Tolerances tolerances = outputs.tolerances(Tolerances.spectCentreOfRotation(), QaReports.SPECT_COR_FIGURES);
        float[] counts;
        SpectGeometry geometry;
        int[] headOfView;
        if (DicomInfo.isDicom(input)) {
            NmProjections.Acquisition acquisition = NmProjections.read(input);
            int window = EnergyWindows.photopeak(acquisition, photopeak, input.getFileName().toString());
            counts = acquisition.windows().get(window).counts();
            geometry = acquisition.geometry();
            headOfView = acquisition.headOfView();
        } else {
            if (photopeak != null) {
                throw new InvalidInputException("--photopeak chooses a DICOM file's energy window; " + input.getFileName()
                        + " is not DICOM");
            }
            Interfile.Projections projections = SpectInput.isInterfile(input) ? Interfile.readProjections(input) : metaImage();
            counts = projections.data();
            geometry = projections.geometry();
            headOfView = SpectCentreOfRotation.consecutiveHeads(geometry.viewCount(), heads);
        }
        List<SpectCentreOfRotation.Head> results = SpectCentreOfRotation.measure(counts, geometry, headOfView);
        return outputs.finish(QaReports.spectCentreOfRotation(input.toString(), results, tolerances), spec.commandLine().getOut());
    }

    private Interfile.Projections metaImage() throws java.io.IOException {
        if (angles == null) {
            throw new InvalidInputException("MetaImage projections need --angles START:STEP:COUNT (DICOM degrees)");
        }
        FloatVolume data = MetaImage.read(input);
        double[] degrees = AngleOptions.parseRange(angles);
        if (data.dimensions() != 3 || data.size(2) != degrees.length) {
            throw new InvalidInputException(String.format("%s: expected projections 'nu nv views' with %d views (as --angles "
                    + "gives), found DimSize %s", input.getFileName(), degrees.length, java.util.Arrays.toString(data.size())));
        }
        double[] radians = new double[degrees.length];
        double[] radii = new double[degrees.length];
        for (int view = 0; view < degrees.length; view++) {
            radians[view] = Math.toRadians(degrees[view]);
            radii[view] = 1;
        }
        double spacing = detectorSpacing != null ? detectorSpacing : data.spacing(0);
        return new Interfile.Projections(data.data(), SpectGeometry.of(radians, radii, data.size(0), data.size(1), spacing,
                detectorSpacing != null ? detectorSpacing : data.spacing(1), 0, 0));
    }
}
