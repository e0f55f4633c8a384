package org.recon4j.phantom;

import java.util.SplittableRandom;

/**
 * Poisson deviates from a seeded generator: Knuth's product method below a mean of 10, and
 * Hörmann's transformed rejection (PTRS, 1993) above, which is exact and takes about one
 * uniform pair per deviate at any mean.
 */
public final class Poisson {
    private Poisson() {
    }

    public static long sample(SplittableRandom random, double mean) {
        if (!(mean >= 0) || !Double.isFinite(mean)) {
            throw new IllegalArgumentException("Poisson mean must be finite and >= 0, found " + mean);
        }
        if (mean == 0) {
            return 0;
        }
        return mean < 10 ? product(random, mean) : transformedRejection(random, mean);
    }

    private static long product(SplittableRandom random, double mean) {
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        long count = 0;
        while (product > limit) {
            count++;
            product *= random.nextDouble();
        }
        return count;
    }

    private static long transformedRejection(SplittableRandom random, double mean) {
        double logMean = Math.log(mean);
        double b = 0.931 + 2.53 * Math.sqrt(mean);
        double a = -0.059 + 0.02483 * b;
        double inverseAlpha = 1.1239 + 1.1328 / (b - 3.4);
        double vr = 0.9277 - 3.6224 / (b - 2);
        while (true) {
            double u = random.nextDouble() - 0.5;
            double v = random.nextDouble();
            double us = 0.5 - Math.abs(u);
            long k = (long) Math.floor((2 * a / us + b) * u + mean + 0.43);
            if (us >= 0.07 && v <= vr) {
                return k;
            }
            if (k < 0 || (us < 0.013 && v > us)) {
                continue;
            }
            double logV = Math.log(v * inverseAlpha / (a / (us * us) + b));
            if (logV <= -mean + k * logMean - logFactorial(k)) {
                return k;
            }
        }
    }

    private static double logFactorial(long k) {
        if (k < 2) {
            return 0;
        }
        double x = k + 1.0;
        // Stirling series for ln Gamma(x); error below 1e-10 for x >= 2
        return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x) - 1 / (360 * x * x * x);
    }
}
