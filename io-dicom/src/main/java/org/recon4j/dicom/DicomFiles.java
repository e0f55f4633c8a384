package org.recon4j.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.TagFromName;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.recon4j.InvalidInputException;

/** Reading a DICOM Part 10 file through PixelMed, refusing what PixelMed cannot read well. */
final class DicomFiles {
    private static final Set<String> UNCOMPRESSED = Set.of("1.2.840.10008.1.2", "1.2.840.10008.1.2.1",
            "1.2.840.10008.1.2.2");

    private DicomFiles() {
    }

    /** The whole attribute list, after checking the preamble and that the pixels are not compressed. */
    static AttributeList readPart10(Path file) throws IOException {
        String name = file.getFileName().toString();
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("DICOM file " + file + " does not exist");
        }
        byte[] head = new byte[132];
        int read;
        try (InputStream in = Files.newInputStream(file)) {
            read = in.readNBytes(head, 0, head.length);
        }
        if (read < 132 || head[128] != 'D' || head[129] != 'I' || head[130] != 'C' || head[131] != 'M') {
            throw new InvalidInputException(name + ": not a DICOM file with preamble and file meta "
                    + "information (Part 10); rewrite it with e.g. dcmconv or gdcmconv");
        }
        try {
            AttributeList list = new AttributeList();
            list.read(file.toString(), TagFromName.PixelData);
            String syntax = Attribute.getSingleStringValueOrEmptyString(list, TagFromName.TransferSyntaxUID);
            if (!UNCOMPRESSED.contains(syntax)) {
                throw new InvalidInputException(name + ": compressed DICOM (transfer syntax " + syntax
                        + ") is not supported; decompress it first, e.g. with dcmdjpeg or gdcmconv --raw");
            }
            AttributeList whole = new AttributeList();
            whole.read(file.toString());
            return whole;
        } catch (DicomException e) {
            throw new InvalidInputException(name + ": not readable as DICOM: " + e.getMessage(), e);
        }
    }
}
