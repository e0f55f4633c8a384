package org.recon4j.phantom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PoissonTest {
    @ParameterizedTest
    @ValueSource(doubles = {0.5, 3, 9.9, 10, 57, 1e4})
    void meanAndVarianceEqualTheRate(double rate) {
        SplittableRandom random = new SplittableRandom(42);
        int draws = 200_000;
        double sum = 0;
        double squares = 0;
        for (int i = 0; i < draws; i++) {
            long k = Poisson.sample(random, rate);
            sum += k;
            squares += (double) k * k;
        }
        double mean = sum / draws;
        double variance = squares / draws - mean * mean;
        double standardError = Math.sqrt(rate / draws);
        assertEquals(rate, mean, 5 * standardError, "mean");
        assertEquals(rate, variance, 0.02 * rate + 5 * rate * Math.sqrt(2.0 / draws), "variance");
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 99})
    void noiseIsReproducibleFromItsSeed(long seed) {
        float[] clean = {0, 10, 50, 100};
        assertArrayEquals(TransmissionNoise.apply(clean, 1e4, 0.02, seed), TransmissionNoise.apply(clean, 1e4, 0.02, seed));
    }
}
