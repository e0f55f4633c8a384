package org.recon4j.gpu;

import com.aparapi.Kernel;

/** Squares its input; OpenCL can run it. (Top level: Aparapi's class reader warns on nested classes.) */
final class SquareKernel extends Kernel {
    int count;
    float[] values;

    @Override
    public void run() {
        int id = getGlobalId();
        if (id < count) {
            values[id] = values[id] * values[id];
        }
    }
}
