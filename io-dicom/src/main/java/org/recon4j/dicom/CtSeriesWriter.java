package org.recon4j.dicom;

import static org.recon4j.dicom.DicomWriting.encode;
import static org.recon4j.dicom.DicomWriting.newUid;
import static org.recon4j.dicom.DicomWriting.put;
import static org.recon4j.dicom.DicomWriting.putCodeString;
import static org.recon4j.dicom.DicomWriting.putDecimals;
import static org.recon4j.dicom.DicomWriting.putStudyAndSeries;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.TagFromName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.recon4j.InvalidInputException;
import org.recon4j.io.AtomicFiles;
import org.recon4j.io.FloatVolume;

/**
 * Writes a reconstructed CT volume in Hounsfield units as a CT Image series: one file per slice
 * ({@code CT0001.dcm}, ... from the lowest z), axial, signed 16-bit pixels with Rescale Slope and
 * Intercept (slope 1 while the values fit, coarser otherwise), all in one new series. The files
 * appear together or not at all.
 */
public final class CtSeriesWriter {
    private CtSeriesWriter() {
    }

    /**
     * @param volume the image in HU; its origin is the first voxel's centre in LPS mm
     * @return the files written, in slice order
     */
    public static List<Path> write(Path folder, FloatVolume volume, DicomStudy study, String seriesDescription)
            throws IOException {
        if (volume.dimensions() < 2 || volume.dimensions() > 3) {
            throw new InvalidInputException("a CT series is a 2D or 3D image, found " + volume.dimensions() + " dimensions");
        }
        int nx = volume.size(0);
        int ny = volume.size(1);
        int nz = volume.dimensions() == 3 ? volume.size(2) : 1;
        if (nx > 65535 || ny > 65535) {
            throw new InvalidInputException("DICOM images hold at most 65535 x 65535 pixels, found " + nx + " x " + ny);
        }
        float low = Float.POSITIVE_INFINITY;
        float high = Float.NEGATIVE_INFINITY;
        for (float value : volume.data()) {
            if (!Float.isFinite(value)) {
                throw new InvalidInputException("the volume holds a non-finite value: " + value);
            }
            low = Math.min(low, value);
            high = Math.max(high, value);
        }
        double slope = Math.max(1, Math.max(Math.abs(low), Math.abs(high)) / 32767.0);
        String seriesUid = newUid();
        String frameOfReference = newUid();
        double thickness = volume.dimensions() == 3 ? volume.spacing(2) : 1;
        Files.createDirectories(folder);
        AtomicFiles files = new AtomicFiles();
        List<Path> written = new ArrayList<>();
        for (int z = 0; z < nz; z++) {
            short[] stored = new short[nx * ny];
            int offset = z * nx * ny;
            for (int i = 0; i < stored.length; i++) {
                stored[i] = (short) Math.round(volume.data()[offset + i] / slope);
            }
            double[] position = {volume.origin()[0], volume.origin()[1],
                volume.origin().length > 2 ? volume.origin()[2] + z * thickness : 0};
            AttributeList list = slice(study, seriesDescription, seriesUid, frameOfReference, z + 1, nx, ny,
                    volume.spacing(0), volume.spacing(1), thickness, position, slope, stored);
            Path file = folder.resolve(String.format("CT%04d.dcm", z + 1));
            files.add(file, out -> encode(list, out));
            written.add(file);
        }
        files.commit();
        return written;
    }

    private static AttributeList slice(DicomStudy study, String description, String seriesUid, String frameOfReference,
                                       int instance, int nx, int ny, double dx, double dy, double thickness,
                                       double[] position, double slope, short[] stored) throws IOException {
        try {
            AttributeList list = new AttributeList();
            put(list, TagFromName.SOPClassUID, SOPClass.CTImageStorage);
            put(list, TagFromName.SOPInstanceUID, newUid());
            putStudyAndSeries(list, study, "CT", seriesUid, frameOfReference, description);
            put(list, TagFromName.InstanceNumber, String.valueOf(instance));
            put(list, TagFromName.AcquisitionNumber, "");
            put(list, TagFromName.PatientOrientation, "");
            put(list, TagFromName.Laterality, "");
            put(list, TagFromName.PatientPosition, ""); // not known from the reconstruction alone
            putCodeString(list, TagFromName.ImageType, "DERIVED", "SECONDARY", "AXIAL");
            put(list, DicomWriting.tag("KVP"), "");
            putDecimals(list, TagFromName.PixelSpacing, dy, dx);
            putDecimals(list, TagFromName.ImageOrientationPatient, 1, 0, 0, 0, 1, 0);
            putDecimals(list, TagFromName.ImagePositionPatient, position);
            putDecimals(list, TagFromName.SliceThickness, thickness);
            putDecimals(list, TagFromName.SliceLocation, position[2]);
            DicomWriting.putGreyPixels(list, ny, nx, true);
            putDecimals(list, TagFromName.RescaleIntercept, 0);
            putDecimals(list, TagFromName.RescaleSlope, slope);
            put(list, TagFromName.RescaleType, "HU");
            OtherWordAttribute pixels = new OtherWordAttribute(TagFromName.PixelData);
            pixels.setValues(stored);
            list.put(pixels);
            return list;
        } catch (DicomException e) {
            throw new IOException("DICOM encoding failed: " + e.getMessage(), e);
        }
    }
}
