package org.recon4j.algorithm;

import org.recon4j.InvalidInputException;
import org.recon4j.regularisation.TotalVariation;

/** {@code 0.5 ||A x - b||^2 + alpha TV(x)}, the objective FISTA and PDHG share, summed in double. */
final class TvObjective {
    private final float[] data;
    private final double alpha;
    private final TotalVariation tv;

    TvObjective(float[] data, double alpha, TotalVariation tv) {
        if (!(alpha >= 0) || Double.isInfinite(alpha)) {
            throw new InvalidInputException("the TV weight alpha must be finite and >= 0, found " + alpha);
        }
        this.data = data;
        this.alpha = alpha;
        this.tv = tv;
    }

    double alpha() {
        return alpha;
    }

    /** {@code ||A x - b||^2} from the projections {@code A x}. */
    double squaredResidual(float[] projected) {
        double sum = 0;
        for (int i = 0; i < data.length; i++) {
            double r = projected[i] - data[i];
            sum += r * r;
        }
        return sum;
    }

    double value(float[] image, double squaredResidual) {
        return 0.5 * squaredResidual + (alpha == 0 ? 0 : alpha * tv.value(image));
    }
}
