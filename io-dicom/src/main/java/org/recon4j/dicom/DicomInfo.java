package org.recon4j.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;
import org.recon4j.InvalidInputException;
import org.recon4j.geometry.SpectGeometry;
import org.recon4j.io.FloatVolume;

/** A few lines that say what a DICOM file or folder holds, for {@code recon info}. */
public final class DicomInfo {
    private DicomInfo() {
    }

    /** Whether a path is DICOM by its content: a Part 10 file, or a folder whose first file is one. */
    public static boolean isDicom(Path path) throws IOException {
        Path file = Files.isDirectory(path) ? firstFile(path) : path;
        return file != null && DicomFiles.hasPart10Preamble(file);
    }

    /** Whether a file, or a folder (judged by its first file), holds DICOM-CT-PD raw data. */
    public static boolean isRawCtData(Path folder) throws IOException {
        Path first = Files.isDirectory(folder) ? firstFile(folder) : Files.isRegularFile(folder) ? folder : null;
        if (first == null || !isDicom(first)) {
            return false;
        }
        return new PrivateElements(DicomFiles.readPart10(first), first.getFileName().toString()).has(0x7029, 0x1010);
    }

    private static Path firstFile(Path folder) throws IOException {
        try (Stream<Path> listing = Files.list(folder)) {
            return listing.filter(Files::isRegularFile).sorted().findFirst().orElse(null);
        }
    }

    public static String describe(Path path) throws IOException {
        if (isRawCtData(path)) {
            return CtProjectionData.read(path).describe();
        }
        Path first = Files.isDirectory(path) ? firstFile(path) : path;
        if (first == null) {
            throw new InvalidInputException("folder " + path + " holds no file");
        }
        AttributeList list = DicomFiles.readPart10(first);
        String modality = Attribute.getSingleStringValueOrEmptyString(list, TagFromName.Modality);
        String imageType = Attribute.getDelimitedStringValuesOrEmptyString(list, TagFromName.ImageType);
        DicomStudy study = DicomStudy.of(list);
        String patient = String.format("patient '%s' (%s), study %s", study.patientName(), study.patientId(),
                study.studyInstanceUid());
        if (modality.equals("CT")) {
            FloatVolume ct = CtSeries.read(path);
            float low = Float.POSITIVE_INFINITY;
            float high = Float.NEGATIVE_INFINITY;
            for (float value : ct.data()) {
                low = Math.min(low, value);
                high = Math.max(high, value);
            }
            return String.format(Locale.ROOT, "CT image series: %d x %d x %d voxels of %.4g x %.4g x %.4g mm, first voxel at"
                            + " (%.2f, %.2f, %.2f) mm, HU %.0f to %.0f%n%s", ct.size(0), ct.size(1), ct.size(2),
                    ct.spacing(0), ct.spacing(1), ct.spacing(2), ct.origin()[0], ct.origin()[1], ct.origin()[2], low, high,
                    patient);
        }
        if (modality.equals("NM") && imageType.contains("TOMO") && !imageType.contains("RECON")) {
            NmProjections.Acquisition acquisition = NmProjections.read(first);
            SpectGeometry geometry = acquisition.geometry();
            StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                    "NM tomographic projections: %d views of %d x %d bins, %.4g x %.4g mm, %.1f s a view%n",
                    geometry.viewCount(), geometry.columns(), geometry.rows(), geometry.columnSpacing(),
                    geometry.rowSpacing(), acquisition.frameSeconds()));
            double first0 = Math.toDegrees(geometry.angle(0));
            double last = Math.toDegrees(geometry.angle(geometry.viewCount() - 1));
            text.append(String.format(Locale.ROOT, "camera angles (Recon4J convention) %.1f to %.1f degrees, radius %.1f to %.1f mm%n",
                    first0, last, minRadius(geometry), maxRadius(geometry)));
            int number = 1;
            for (NmProjections.Window window : acquisition.windows()) {
                double counts = 0;
                for (float value : window.counts()) {
                    counts += value;
                }
                text.append(String.format(Locale.ROOT, "energy window %d %s: %.1f-%.1f keV, %.4g counts%n", number++,
                        window.name(), window.lowerKeV(), window.upperKeV(), counts));
            }
            NmProjections.Placement placement = acquisition.placement();
            if (placement.known()) {
                double[] axis = placement.axisPosition();
                text.append(String.format(Locale.ROOT, "rotation axis at (%.1f, %.1f) mm, detector centre at z %.1f mm, "
                        + "Frame of Reference %s%n", axis[0], axis[1], axis[2], placement.frameOfReferenceUid()));
            }
            if (!acquisition.radionuclide().isEmpty() || !acquisition.collimator().isEmpty()) {
                text.append(String.format(Locale.ROOT, "radionuclide '%s', collimator '%s'%n", acquisition.radionuclide(),
                        acquisition.collimator()));
            }
            return text.append(patient).toString();
        }
        int rows = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Rows, 0);
        int columns = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Columns, 0);
        int frames = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.NumberOfFrames, 1);
        return String.format(Locale.ROOT, "DICOM %s image (%s): %d x %d pixels, %d frame(s)%n%s", modality, imageType, columns,
                rows, frames, patient);
    }

    private static double minRadius(SpectGeometry geometry) {
        double radius = Double.POSITIVE_INFINITY;
        for (int view = 0; view < geometry.viewCount(); view++) {
            radius = Math.min(radius, geometry.radius(view));
        }
        return radius;
    }

    private static double maxRadius(SpectGeometry geometry) {
        double radius = 0;
        for (int view = 0; view < geometry.viewCount(); view++) {
            radius = Math.max(radius, geometry.radius(view));
        }
        return radius;
    }
}
