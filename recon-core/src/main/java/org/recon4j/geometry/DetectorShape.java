package org.recon4j.geometry;

import java.util.Locale;
import org.recon4j.InvalidInputException;

/** The shape of a fan-beam detector row. */
public enum DetectorShape {
    /** Equiangular: bins on an arc centred on the source, spaced by equal fan angles. */
    ARC,
    /** Equispaced: bins on a straight line perpendicular to the central ray. */
    FLAT;

    public static DetectorShape parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "arc", "curved", "equiangular" -> ARC;
            case "flat", "equispaced", "planar" -> FLAT;
            default -> throw new InvalidInputException("unknown detector shape '" + text + "': expected arc or flat");
        };
    }
}
