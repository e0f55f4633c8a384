package org.recon4j.gpu;

import com.aparapi.Kernel;

/** Allocates inside the kernel, which OpenCL cannot do: Aparapi would run it in Java instead. */
final class UntranslatableKernel extends Kernel {
    float[] values = new float[3];

    @Override
    public void run() {
        float[] scratch = new float[2];
        values[getGlobalId() % 3] = scratch.length;
    }
}
