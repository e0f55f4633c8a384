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

    static {
        // named once in the log, so a run on a lent GPU shows which device the figures came from
        System.err.println("OpenCL tests run on: " + (DEVICES.isEmpty() ? "no device" : DEVICES.get(0)));
    }

    private OpenClTestDevice() {
    }

    static ComputeDevice get() {
        assumeTrue(!DEVICES.isEmpty(), "no OpenCL device on this machine: install pocl-opencl-icd to run the OpenCL tests");
        return DEVICES.get(0);
    }
}
