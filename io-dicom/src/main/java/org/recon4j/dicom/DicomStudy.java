package org.recon4j.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.TagFromName;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The patient and study a written series belongs to. Read from a source file (projections, CT
 * raw data), it carries them over, so a reconstruction lands in the same study as a new series;
 * {@link #anonymous()} makes a new study for data without one. Empty strings are empty values.
 */
public record DicomStudy(String patientName, String patientId, String patientBirthDate, String patientSex,
                         String studyInstanceUid, String studyDate, String studyTime, String studyId,
                         String accessionNumber, String referringPhysicianName) {

    /** A new study of an anonymous patient, dated now. */
    public static DicomStudy anonymous() {
        LocalDateTime now = LocalDateTime.now();
        return new DicomStudy("Anonymous^", "RECON4J", "", "", DicomWriting.newUid(),
                now.format(DateTimeFormatter.ofPattern("yyyyMMdd")),
                now.format(DateTimeFormatter.ofPattern("HHmmss")), "1", "", "");
    }

    static DicomStudy of(AttributeList list) {
        String uid = text(list, TagFromName.StudyInstanceUID);
        return new DicomStudy(text(list, TagFromName.PatientName), text(list, TagFromName.PatientID),
                text(list, TagFromName.PatientBirthDate), text(list, TagFromName.PatientSex),
                uid.isEmpty() ? DicomWriting.newUid() : uid, text(list, TagFromName.StudyDate),
                text(list, TagFromName.StudyTime), text(list, TagFromName.StudyID), text(list, TagFromName.AccessionNumber),
                text(list, TagFromName.ReferringPhysicianName));
    }

    private static String text(AttributeList list, AttributeTag tag) {
        return Attribute.getSingleStringValueOrEmptyString(list, tag).trim();
    }
}
