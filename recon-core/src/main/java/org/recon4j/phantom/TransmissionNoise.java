package org.recon4j.phantom;

import java.util.SplittableRandom;
import org.recon4j.util.Checks;

/**
 * Poisson noise of a transmission measurement. A line integral p (image units x mm) becomes
 * {@code -ln(N / I0) / mu} where N ~ Poisson(I0 exp(-mu p)) and mu converts image units x mm to
 * attenuation (e.g. 0.02 per mm makes a value of 1 about water at 70 keV). A zero count is
 * clamped to 0.5 photons, as a scanner's log step does, so the result stays finite.
 * The same seed gives the same noise on any machine and thread count.
 */
public final class TransmissionNoise {
    private TransmissionNoise() {
    }

    public static float[] apply(float[] lineIntegrals, double photons, double attenuationPerUnit, long seed) {
        Checks.positiveFinite("photon count", photons);
        Checks.positiveFinite("attenuation per image unit", attenuationPerUnit);
        SplittableRandom random = new SplittableRandom(seed);
        float[] noisy = new float[lineIntegrals.length];
        for (int i = 0; i < lineIntegrals.length; i++) {
            double mean = photons * Math.exp(-attenuationPerUnit * lineIntegrals[i]);
            double counts = Math.max(0.5, Poisson.sample(random, mean));
            noisy[i] = (float) (-Math.log(counts / photons) / attenuationPerUnit);
        }
        return noisy;
    }
}
