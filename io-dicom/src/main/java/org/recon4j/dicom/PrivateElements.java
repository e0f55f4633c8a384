package org.recon4j.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.recon4j.InvalidInputException;

/**
 * Private elements decoded by the VR their format documents, whatever VR the file gives them:
 * files that passed through other tools often carry private elements as UN (raw bytes, little
 * endian in the transfer syntaxes read here), others keep FL, US, CS or DS.
 */
final class PrivateElements {
    private final AttributeList list;
    private final String file;

    PrivateElements(AttributeList list, String file) {
        this.list = list;
        this.file = file;
    }

    boolean has(int group, int element) {
        return list.get(new AttributeTag(group, element)) != null;
    }

    private Attribute required(int group, int element, String name) {
        Attribute attribute = list.get(new AttributeTag(group, element));
        if (attribute == null) {
            throw new InvalidInputException(String.format("%s: the DICOM-CT-PD element (%04X,%04X) %s is missing", file,
                    group, element, name));
        }
        return attribute;
    }

    /** Raw little-endian bytes of an element stored as UN, or null when the file typed it. */
    private static byte[] unknownBytes(Attribute attribute) {
        String vr = new String(attribute.getVR(), StandardCharsets.US_ASCII);
        if (!vr.equals("UN") && !vr.equals("OB")) {
            return null;
        }
        try {
            return attribute.getByteValues();
        } catch (DicomException e) {
            return new byte[0];
        }
    }

    /** FL values (VM {@code count}). */
    float[] floats(int group, int element, String name, int count) {
        Attribute attribute = required(group, element, name);
        byte[] raw = unknownBytes(attribute);
        float[] values = new float[count];
        if (raw != null) {
            if (raw.length < 4 * count) {
                throw invalid(group, element, name, count + " float(s)", raw.length + " bytes");
            }
            ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
            return values;
        }
        try {
            float[] typed = attribute.getFloatValues();
            if (typed == null || typed.length < count) {
                throw invalid(group, element, name, count + " value(s)", typed == null ? "none" : typed.length + "");
            }
            System.arraycopy(typed, 0, values, 0, count);
            return values;
        } catch (DicomException e) {
            throw invalid(group, element, name, count + " float(s)", e.getMessage());
        }
    }

    float floatValue(int group, int element, String name) {
        return floats(group, element, name, 1)[0];
    }

    /** A US value. */
    int unsignedShort(int group, int element, String name) {
        Attribute attribute = required(group, element, name);
        byte[] raw = unknownBytes(attribute);
        if (raw != null) {
            if (raw.length < 2) {
                throw invalid(group, element, name, "an unsigned short", raw.length + " bytes");
            }
            return (raw[0] & 0xff) | (raw[1] & 0xff) << 8;
        }
        try {
            return attribute.getIntegerValues()[0];
        } catch (DicomException | RuntimeException e) {
            throw invalid(group, element, name, "an unsigned short", attribute.toString());
        }
    }

    /** A CS or DS value as trimmed text ("" when absent). */
    String text(int group, int element) {
        Attribute attribute = list.get(new AttributeTag(group, element));
        if (attribute == null) {
            return "";
        }
        byte[] raw = unknownBytes(attribute);
        if (raw != null) {
            return new String(raw, StandardCharsets.US_ASCII).replace('\0', ' ').trim();
        }
        return attribute.getSingleStringValueOrEmptyString().trim();
    }

    private InvalidInputException invalid(int group, int element, String name, String expected, String found) {
        return new InvalidInputException(String.format("%s: (%04X,%04X) %s must hold %s, found %s", file,
                group, element, name, expected, found));
    }
}
