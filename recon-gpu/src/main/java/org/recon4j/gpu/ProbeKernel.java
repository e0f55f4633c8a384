package org.recon4j.gpu;

import com.aparapi.Kernel;

/**
 * Writes 1 into every element of {@link #values}. Run once per device without copying anything
 * back, it tells whether the device works in the Java arrays themselves ({@link DeviceQueue}).
 */
final class ProbeKernel extends Kernel {
    float[] values;

    @Override
    public void run() {
        values[getGlobalId()] = 1f;
    }
}
