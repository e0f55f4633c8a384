package org.recon4j.gpu;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;

/**
 * The OpenCL device the tests run on: the first one listed (a GPU where there is one, otherwise a
 * CPU driver such as PoCL, which CI installs). Without any, the tests are skipped with a message
 * saying so rather than passed.
 */
final class OpenClTestDevice {
    private static final List<ComputeDevice> DEVICES = ComputeDevice.list();

    private OpenClTestDevice() {
    }

    static ComputeDevice get() {
        assumeTrue(!DEVICES.isEmpty(), "no OpenCL device on this machine: install pocl-opencl-icd to run the OpenCL tests");
        return DEVICES.get(0);
    }
}
