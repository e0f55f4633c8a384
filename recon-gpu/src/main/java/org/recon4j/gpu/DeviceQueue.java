package org.recon4j.gpu;

import com.aparapi.Kernel;
import com.aparapi.device.OpenCLDevice;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs Recon4J's kernels on one device in Aparapi's explicit mode: inputs move when {@link #put}
 * says so, and what a launch writes is in its Java arrays when {@link #run} returns. Counts what
 * moved and checks after every launch that the kernel really ran there, since Aparapi would
 * otherwise fall back to Java threads without a word.
 *
 * <p>The garbage collector and device memory. At each launch Aparapi compares every array's
 * address with the one it saw last; when the collector has moved an array, Aparapi frees its
 * buffer and makes a new one from the Java array. On a device with its own memory, data that lived
 * only there (attenuation factors, intermediate sums, an OSEM estimate) was then silently replaced
 * by stale Java values: an H100 run showed it. So on such devices every array a launch writes comes
 * back at once ({@link #run}'s {@code written}), and no launch starts while a buffer holds something
 * its array lacks. Some CPU drivers (PoCL) instead work in the Java arrays themselves, whose
 * contents travel with them when moved; there nothing is copied back, as a copy after a move would
 * read the old place (PoCL returned garbage so). Which kind a device is, a one-time probe tells.
 */
final class DeviceQueue {
    /** Work-group size: a multiple of every vendor's SIMD width; ranges are padded up to it. */
    static final int GROUP = 64;
    private static final Map<OpenCLDevice, Boolean> WORKS_IN_JAVA_ARRAYS = new ConcurrentHashMap<>();
    private final ComputeDevice device;
    /** Whether written arrays come back after each launch: on devices that keep their own copies. */
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
        this.mirrors = !worksInJavaArrays(device);
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
     * Whether kernels on {@code device} write straight into the Java arrays: a kernel writes ones
     * into a fresh array on the device, and nothing is copied back. Probed once per device.
     */
    static boolean worksInJavaArrays(ComputeDevice device) {
        return WORKS_IN_JAVA_ARRAYS.computeIfAbsent(device.aparapiDevice(), key -> {
            ProbeKernel probe = new ProbeKernel();
            probe.setExplicit(true);
            probe.values = new float[GROUP];
            try {
                launch(probe, device, GROUP, "the memory probe");
                return probe.values[GROUP - 1] == 1f;
            } finally {
                probe.dispose();
            }
        });
    }

    /**
     * Launches {@code kernel} over {@code items} work-items (padded to whole groups; kernels ignore
     * the extra). {@code written}: the arrays the launch writes, copied back on devices that keep
     * their own copies (see above).
     */
    void run(Kernel kernel, long items, String what, float[]... written) {
        if (items <= 0) {
            return;
        }
        long padded = (items + GROUP - 1) / GROUP * GROUP;
        if (padded > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(what + " needs " + items + " work-items, more than one launch can hold");
        }
        long start = System.nanoTime();
        launch(kernel, device, (int) padded, what);
        kernelNanos += System.nanoTime() - start;
        launches++;
        if (mirrors) {
            for (float[] array : written) {
                kernel.get(array);
                bytesFromDevice += 4L * array.length;
            }
        }
    }

    /** Runs {@code kernel} over {@code items} (a whole number of groups) on {@code device}, or fails. */
    private static void launch(Kernel kernel, ComputeDevice device, int items, String what) {
        try {
            kernel.execute(device.aparapiDevice().createRange(items, GROUP));
        } catch (AssertionError e) {
            // with assertions on, Aparapi asserts instead of falling back from a device it was given
            throw fallback(device, what, e);
        }
        if (!kernel.isRunningCL() || kernel.getTargetDevice() != device.aparapiDevice()) {
            throw fallback(device, what, null);
        }
    }

    private static DeviceFallbackException fallback(ComputeDevice device, String what, Throwable cause) {
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
