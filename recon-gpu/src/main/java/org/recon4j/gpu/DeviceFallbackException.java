package org.recon4j.gpu;

/**
 * A kernel did not run on the OpenCL device it was given: Aparapi could not translate it, the
 * driver refused it, or it would have fallen back to Java threads. Recon4J never returns results
 * from a silent fallback.
 */
public final class DeviceFallbackException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DeviceFallbackException(String message) {
        super(message);
    }
}
