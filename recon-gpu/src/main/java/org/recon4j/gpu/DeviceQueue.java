package org.recon4j.gpu;

import com.aparapi.Kernel;
import com.aparapi.Range;

/**
 * Runs Recon4J's kernels on one device in Aparapi's explicit mode: arrays move only when
 * {@link #put} or {@link #get} says so, and stay on the device in between. Counts what moved and
 * checks after every launch that the kernel really ran there, since Aparapi would otherwise fall
 * back to Java threads without a word.
 */
final class DeviceQueue {
    /** Work-group size: a multiple of every vendor's SIMD width; ranges are padded up to it. */
    static final int GROUP = 64;
    private final ComputeDevice device;
    private long launches;
    private long kernelNanos;
    private long bytesToDevice;
    private long bytesFromDevice;

    DeviceQueue(ComputeDevice device) {
        if (device == null) {
            throw new IllegalArgumentException("a device queue needs a device");
        }
        this.device = device;
    }

    ComputeDevice device() {
        return device;
    }

    <K extends Kernel> K prepare(K kernel) {
        kernel.setExplicit(true);
        return kernel;
    }

    void put(Kernel kernel, float[] array) {
        kernel.put(array);
        bytesToDevice += 4L * array.length;
    }

    void put(Kernel kernel, int[] array) {
        kernel.put(array);
        bytesToDevice += 4L * array.length;
    }

    void get(Kernel kernel, float[] array) {
        kernel.get(array);
        bytesFromDevice += 4L * array.length;
    }

    /** Launches {@code kernel} over {@code items} work-items (padded to whole groups; kernels ignore the extra). */
    void run(Kernel kernel, long items, String what) {
        if (items <= 0) {
            return;
        }
        long padded = (items + GROUP - 1) / GROUP * GROUP;
        if (padded > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(what + " needs " + items + " work-items, more than one launch can hold");
        }
        Range range = device.aparapiDevice().createRange((int) padded, GROUP);
        long start = System.nanoTime();
        try {
            kernel.execute(range);
        } catch (AssertionError e) {
            // with assertions on, Aparapi asserts instead of falling back from a device it was given
            throw fallback(what, e);
        }
        kernelNanos += System.nanoTime() - start;
        launches++;
        if (!kernel.isRunningCL() || kernel.getTargetDevice() != device.aparapiDevice()) {
            throw fallback(what, null);
        }
    }

    private DeviceFallbackException fallback(String what, Throwable cause) {
        DeviceFallbackException error = new DeviceFallbackException(what + " did not run on " + device.name()
                + " (Aparapi fell back to Java: the driver or the kernel translation failed; set"
                + " -Dcom.aparapi.enableShowGeneratedOpenCL=true to see the kernel)");
        if (cause != null) {
            error.initCause(cause);
        }
        return error;
    }

    DeviceStatistics statistics() {
        return new DeviceStatistics(device.name(), launches, kernelNanos, bytesToDevice, bytesFromDevice);
    }
}
