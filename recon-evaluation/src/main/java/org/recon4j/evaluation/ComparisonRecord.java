package org.recon4j.evaluation;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.recon4j.InvalidInputException;
import org.recon4j.io.AtomicFiles;

/**
 * What a comparison saves beside its HTML report: the format, the command's arguments (so that
 * {@code recon compare --spec FILE} reruns it) and each method's figures. Files of the first
 * version, which held the arguments only, still read.
 */
public record ComparisonRecord(String format, List<String> arguments, List<MethodResult> results) {
    /** A CT comparison ({@code recon compare}). */
    public static final String CT_FORMAT = "recon4j-compare/1";
    /** A SPECT comparison ({@code recon compare-spect}). */
    public static final String SPECT_FORMAT = "recon4j-compare-spect/1";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public ComparisonRecord {
        arguments = arguments == null ? List.of() : List.copyOf(arguments);
        results = results == null ? List.of() : List.copyOf(results);
    }

    /** Writes the record whole or not at all. */
    public void write(Path file) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(this);
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    /** Reads a record of either format; a file that is not one is refused in one line. */
    public static ComparisonRecord read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("comparison file " + file + " does not exist");
        }
        ComparisonRecord record;
        try {
            record = JSON.readValue(file.toFile(), ComparisonRecord.class);
        } catch (JacksonException e) {
            throw new InvalidInputException(file.getFileName() + ": expected a comparison saved by 'recon compare', "
                    + "found text that is not one (" + e.getOriginalMessage() + ")");
        }
        if (record == null || !(CT_FORMAT.equals(record.format()) || SPECT_FORMAT.equals(record.format()))) {
            throw new InvalidInputException(file.getFileName() + ": expected a comparison saved by 'recon compare' (format "
                    + CT_FORMAT + "), found format " + (record == null ? "none" : record.format()));
        }
        return record;
    }
}
