package org.recon4j.gpu;

import java.util.Locale;

/**
 * What the device did for one projector or reconstruction since it was made: kernel launches,
 * time inside them (host clock, launch to completion), and bytes moved each way. The device is
 * named so that every figure says where it came from.
 */
public record DeviceStatistics(String device, long launches, long kernelNanos, long bytesToDevice,
                               long bytesFromDevice) {
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s: %d kernel launches, %.3f s in kernels, %.1f MB to the device, %.1f MB back",
                device, launches, kernelNanos * 1e-9, bytesToDevice * 1e-6, bytesFromDevice * 1e-6);
    }
}
