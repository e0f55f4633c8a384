package org.recon4j.cli;

import java.util.List;
import java.util.Locale;
import org.recon4j.InvalidInputException;
import org.recon4j.gpu.ComputeDevice;
import org.recon4j.util.Parallel;
import picocli.CommandLine.Option;

/**
 * {@code --device}: where the projectors run. {@code auto} (the default) takes an OpenCL GPU when
 * there is one and Java threads otherwise; {@code java} always Java threads; {@code gpu},
 * {@code cpu} or part of a device name an OpenCL device, and an error when there is none.
 */
final class DeviceOptions {
    @Option(names = "--device", paramLabel = "auto|java|gpu|cpu|NAME", defaultValue = "auto",
            description = "Where to compute: auto (an OpenCL GPU if any, else Java threads), java, gpu, cpu "
                    + "(an OpenCL CPU driver) or part of an OpenCL device's name; see 'recon devices' (default ${DEFAULT-VALUE}).")
    String device;

    /** The OpenCL device to use, or null for recon-core's Java threads. */
    ComputeDevice resolve() {
        String request = device.trim().toLowerCase(Locale.ROOT);
        if (request.equals("java")) {
            return null;
        }
        if (request.equals("auto")) {
            return automatic();
        }
        if (request.isEmpty()) {
            throw new InvalidInputException("--device must be auto, java, gpu, cpu or part of a device name, found nothing");
        }
        return ComputeDevice.select(device);
    }

    /**
     * What {@code auto} picks: the first OpenCL GPU, or null (Java threads) when there is none.
     * PoCL alone is a CPU driver: Java threads do as well, without native start-up.
     */
    static ComputeDevice automatic() {
        if (!ComputeDevice.otherThanPoclInstalled()) {
            return null;
        }
        List<ComputeDevice> devices = ComputeDevice.list();
        return devices.isEmpty() || !devices.get(0).isGpu() ? null : devices.get(0);
    }

    /** How a summary line names where the work ran. */
    static String describe(ComputeDevice device, int threads) {
        return device == null ? Parallel.resolveThreads(threads) + " threads" : device.name() + " (OpenCL)";
    }
}
