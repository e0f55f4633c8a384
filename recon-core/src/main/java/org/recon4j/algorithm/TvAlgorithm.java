package org.recon4j.algorithm;

import java.util.Locale;
import org.recon4j.InvalidInputException;
import org.recon4j.projector.Projector;

/** The two solvers of TV-regularised least squares, by the names the command line uses. */
public enum TvAlgorithm {
    FISTA,
    PDHG;

    public static TvAlgorithm parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("unknown TV algorithm '" + name + "': expected fista or pdhg");
        }
    }

    /** A solver of {@code min 0.5 ||A x - b||^2 + alpha TV(x)} starting from zero. */
    public IterativeReconstruction create(Projector projector, float[] data, double alpha, boolean nonNegative) {
        return this == FISTA ? new Fista(projector, data, alpha, nonNegative) : new Pdhg(projector, data, alpha, nonNegative);
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
