package org.recon4j.gpu;

import com.aparapi.Kernel;
import com.aparapi.Range;

/**
 * Runs Recon4J's kernels on one device in Aparapi's explicit mode: inputs move when {@link #put}
 * says so, results when {@link #result} does. Counts what moved and checks after every launch that
 * the kernel really ran there, since Aparapi would otherwise fall back to Java threads without a word.
 *
 * <p>The garbage collector and device memory. At each launch Aparapi compares every array's
 * address with the one it saw last; when the collector has moved an array, Aparapi frees its
 * buffer and makes a new one from the Java array. On a device with its own memory, data that lived
 * only there (attenuation factors, intermediate sums, an OSEM estimate) was then silently replaced
 * by stale Java values: an H100 run showed it. So on such devices every array a launch writes comes
 * back at once ({@link #run}'s {@code written}), and no launch starts while a buffer holds something
 * its array lacks. CPU drivers work in the Java arrays themselves, whose contents travel with them;
 * there a copy back would read the old place after a move, so only results are fetched.
 */
final class DeviceQueue {
    /** Work-group size: a multiple of every vendor's SIMD width; ranges are padded up to it. */
    static final int GROUP = 64;
    private final ComputeDevice device;
    /** Whether written arrays come back after each launch: on devices with their own memory. */
    private final boolean mirrors;
    private long launches;
    private long kernelNanos;
    private long bytesToDevice;
    private long bytesFromDevice;

    DeviceQueue(ComputeDevice device) {
        if (device == null) {
            throw new IllegalArgumentException("a device queue needs a device");
        }
        this.device = device;
        this.mirrors = !device.sharesJavaArrays();
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

    /**
     * Launches {@code kernel} over {@code items} work-items (padded to whole groups; kernels ignore
     * the extra). {@code written}: the arrays the launch writes, copied back on devices with their
     * own memory (see above).
     */
    void run(Kernel kernel, long items, String what, float[]... written) {
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
        if (mirrors) {
            for (float[] array : written) {
                fetch(kernel, array);
            }
        }
    }

    /** Makes {@code array}, written by the last launches, current in Java (on CPU drivers by a copy). */
    void result(Kernel kernel, float[] array) {
        if (!mirrors) {
            fetch(kernel, array);
        }
    }

    private void fetch(Kernel kernel, float[] array) {
        kernel.get(array);
        bytesFromDevice += 4L * array.length;
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
