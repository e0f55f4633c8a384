package org.recon4j.util;

import org.recon4j.InvalidInputException;

/** Validation helpers for public entry points; each failure names the value and what was found. */
public final class Checks {
    private Checks() {
    }

    public static int positive(String name, int value) {
        if (value <= 0) {
            throw new InvalidInputException(name + " must be positive, found " + value);
        }
        return value;
    }

    public static double positiveFinite(String name, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new InvalidInputException(name + " must be a positive finite number, found " + value);
        }
        return value;
    }

    public static double finite(String name, double value) {
        if (!Double.isFinite(value)) {
            throw new InvalidInputException(name + " must be finite, found " + value);
        }
        return value;
    }

    public static void length(String name, float[] array, long expected) {
        if (array == null) {
            throw new InvalidInputException(name + " must not be null");
        }
        if (array.length != expected) {
            throw new InvalidInputException(name + " must hold " + expected + " values, found " + array.length);
        }
    }

    /** Refuses NaN and infinite values, naming the first one found. */
    public static void allFinite(String name, float[] array) {
        for (int i = 0; i < array.length; i++) {
            if (!Float.isFinite(array[i])) {
                throw new InvalidInputException(name + " must hold finite values, found " + array[i] + " at index " + i);
            }
        }
    }

    /** The product of the sizes, refused when it does not fit in one Java array. */
    public static int elementCount(String name, long... sizes) {
        long count = 1;
        for (long size : sizes) {
            if (size <= 0) {
                throw new InvalidInputException(name + " sizes must be positive, found " + size);
            }
            count *= size;
            if (count > MAX_ARRAY_LENGTH) {
                throw new InvalidInputException(name + " has more than " + MAX_ARRAY_LENGTH
                        + " elements, which no Java array can hold");
            }
        }
        return (int) count;
    }

    /** Refuses an allocation of {@code bytes} that cannot fit in what the heap has left. */
    public static void memoryAvailable(String what, long bytes) {
        Runtime runtime = Runtime.getRuntime();
        long free = runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
        if (bytes > free) {
            // what looks used may be garbage: collect once before refusing
            System.gc();
            free = runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
        }
        if (bytes > free) {
            throw new InvalidInputException(String.format(
                    "%s needs %.1f MiB but the Java heap has about %.1f MiB free (raise it with -Xmx)",
                    what, bytes / 1048576.0, free / 1048576.0));
        }
    }

    public static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;
}
