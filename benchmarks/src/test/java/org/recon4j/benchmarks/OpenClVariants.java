package org.recon4j.benchmarks;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.recon4j.gpu.ComputeDevice;

/** The opencl variants of the benchmarks need an OpenCL device; without one they are skipped, saying so. */
final class OpenClVariants {
    private OpenClVariants() {
    }

    static void skipWithoutDevice(String implementation) {
        if (implementation.equals(BenchmarkBase.OPENCL)) {
            assumeTrue(!ComputeDevice.list().isEmpty(),
                    "no OpenCL device (apt-get install pocl-opencl-icd); the opencl variant is skipped");
        }
    }
}
