package org.recon4j.dicom;

import java.util.Locale;
import org.recon4j.InvalidInputException;

/**
 * How the gantry frame of DICOM-CT-PD maps onto the patient's LPS axes, by Patient Position
 * (0018,5100). The format's frame puts the focal centre at {@code (-rho sin phi, rho cos phi, z)}:
 * seen from the table, phi = 0 at 12 o'clock, counter-clockwise. With the table's z taken as the
 * patient's z (the files carry no offset between the two), a head-first supine patient has
 * {@code LPS = (x, -y, z)}, feet-first supine {@code (-x, -y, -z)}; prone turns x and y over.
 */
public enum PatientFrame {
    HFS(1, -1, 1), FFS(-1, -1, -1), HFP(-1, 1, 1), FFP(1, 1, -1);

    private final int signX;
    private final int signY;
    private final int signZ;

    PatientFrame(int signX, int signY, int signZ) {
        this.signX = signX;
        this.signY = signY;
        this.signZ = signZ;
    }

    /** The frame for Patient Position {@code position}; head-first supine when it is empty. */
    public static PatientFrame of(String position) {
        String text = position == null ? "" : position.trim().toUpperCase(Locale.ROOT);
        if (text.isEmpty()) {
            return HFS;
        }
        for (PatientFrame frame : values()) {
            if (frame.name().equals(text)) {
                return frame;
            }
        }
        throw new InvalidInputException("Patient Position (0018,5100) '" + position
                + "' is not supported for raw CT data: expected HFS, FFS, HFP or FFP");
    }

    /**
     * +1 when Recon4J's source angle grows with phi, -1 when it falls: the format's frame is
     * left-handed, so a mapping that flips one in-plane axis (supine) turns the sense over.
     */
    public int angleSense() {
        return signX * signY;
    }

    /** Recon4J's source angle beta (source at {@code R (sin beta, -cos beta)}) for the format's phi. */
    public double sourceAngle(double phi) {
        return angleSense() * phi + (signY > 0 ? Math.PI : 0);
    }

    /** The patient z of the format's z. */
    public double z(double formatZ) {
        return signZ * formatZ;
    }

    /**
     * Whether the format's column order runs against Recon4J's bin order: the format's fan angle
     * {@code gamma} turns with phi, Recon4J's alpha against beta.
     */
    public boolean reversesColumns() {
        return angleSense() > 0;
    }

    /** Whether the format's row order (row 1 at the largest format z) runs against Recon4J's +z. */
    public boolean reversesRows() {
        return signZ > 0;
    }
}
