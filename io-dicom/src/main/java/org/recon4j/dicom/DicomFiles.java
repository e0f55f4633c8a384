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

/**
 * Reading a DICOM Part 10 file through PixelMed, refusing what PixelMed cannot read well. Every
 * failure, PixelMed's own runtime errors on damaged files included, becomes one
 * {@link InvalidInputException} naming the file; PixelMed's log lines go to SLF4J, whose binding
 * the application chooses (the CLI binds none).
 */
final class DicomFiles {
    private static final Set<String> UNCOMPRESSED = Set.of("1.2.840.10008.1.2", "1.2.840.10008.1.2.1",
            "1.2.840.10008.1.2.2");

    private DicomFiles() {
    }

    /** Whether a file starts as DICOM Part 10 does: a 128-byte preamble, then "DICM". */
    static boolean hasPart10Preamble(Path file) throws IOException {
        if (!Files.isRegularFile(file) || Files.size(file) < 132) {
            return false;
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(132);
        }
        return head.length == 132 && head[128] == 'D' && head[129] == 'I' && head[130] == 'C' && head[131] == 'M';
    }

    /** The whole attribute list, after checking the preamble and that the pixels are not compressed. */
    static AttributeList readPart10(Path file) throws IOException {
        String name = file.getFileName().toString();
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("DICOM file " + file + " does not exist");
        }
        if (!hasPart10Preamble(file)) {
            throw new InvalidInputException(name + ": not a DICOM file with preamble and file meta "
                    + "information (Part 10); rewrite it with e.g. dcmconv or gdcmconv");
        }
        AttributeList header = read(file, true);
        String syntax = Attribute.getSingleStringValueOrEmptyString(header, TagFromName.TransferSyntaxUID);
        if (!UNCOMPRESSED.contains(syntax)) {
            throw new InvalidInputException(name + ": compressed DICOM (transfer syntax " + syntax
                    + ") is not supported; decompress it first, e.g. with dcmdjpeg or gdcmconv --raw");
        }
        return read(file, false);
    }

    /**
     * PixelMed reads a damaged file as far as it can and logs the rest; a length field that lies
     * can make it throw anything from an index error to a failed allocation of gigabytes. All of
     * it means the same to a caller: this file is not readable DICOM.
     */
    private static AttributeList read(Path file, boolean headerOnly) {
        String name = file.getFileName().toString();
        try {
            AttributeList list = new AttributeList();
            if (headerOnly) {
                list.read(file.toString(), TagFromName.PixelData);
            } else {
                list.read(file.toString());
            }
            return list;
        } catch (DicomException | IOException e) {
            throw new InvalidInputException(name + ": not readable as DICOM: " + e.getMessage(), e);
        } catch (RuntimeException | OutOfMemoryError e) {
            throw new InvalidInputException(name + ": not readable as DICOM (damaged or truncated: "
                    + e.getClass().getSimpleName() + ")", e);
        }
    }
}
