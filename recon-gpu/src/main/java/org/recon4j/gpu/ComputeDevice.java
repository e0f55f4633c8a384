package org.recon4j.gpu;

import com.aparapi.device.OpenCLDevice;
import com.aparapi.internal.opencl.OpenCLLoader;
import com.aparapi.internal.opencl.OpenCLPlatform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.recon4j.InvalidInputException;

/**
 * An OpenCL device that Recon4J's kernels can run on: a GPU, a CPU driver such as PoCL, or an
 * accelerator. {@link #list()} finds them; {@link #select(String)} picks one the way the
 * command line's {@code --device} does.
 */
public final class ComputeDevice {
    private final OpenCLDevice device;
    private final String platform;

    private ComputeDevice(OpenCLDevice device, String platform) {
        this.device = device;
        this.platform = platform;
    }

    /** Every OpenCL device on this machine, GPUs first then by memory; empty when OpenCL is absent. */
    public static List<ComputeDevice> list() {
        List<ComputeDevice> devices = new ArrayList<>();
        if (!openClPresent()) {
            return devices;
        }
        for (OpenCLPlatform platform : new OpenCLPlatform().getOpenCLPlatforms()) {
            for (OpenCLDevice device : platform.getOpenCLDevices()) {
                devices.add(new ComputeDevice(device, platform.getName().trim()));
            }
        }
        devices.sort(Comparator.comparing((ComputeDevice d) -> !d.isGpu())
                .thenComparing(Comparator.comparingLong(ComputeDevice::globalMemory).reversed()));
        return devices;
    }

    /**
     * A cheap check, before loading any native code, for an OpenCL driver other than PoCL: an ICD
     * file in /etc/OpenCL/vendors that does not name PoCL, or an OCL_ICD_VENDORS setting. The
     * command line's {@code --device auto} looks for a GPU only then, which keeps machines with
     * PoCL alone free of Aparapi's start-up cost and warnings.
     */
    public static boolean otherThanPoclInstalled() {
        if (System.getenv("OCL_ICD_VENDORS") != null) {
            return true;
        }
        Path vendors = Path.of("/etc/OpenCL/vendors");
        if (!Files.isDirectory(vendors)) {
            return false;
        }
        try (Stream<Path> files = Files.list(vendors)) {
            return files.filter(file -> file.toString().endsWith(".icd")).anyMatch(file -> {
                try {
                    return !Files.readString(file).toLowerCase(Locale.ROOT).contains("pocl");
                } catch (IOException e) {
                    return true;
                }
            });
        } catch (IOException e) {
            return true;
        }
    }

    /** Whether an OpenCL driver and Aparapi's native bridge load on this machine. */
    public static boolean openClPresent() {
        quietAparapiLogging();
        try {
            return OpenCLLoader.isOpenCLAvailable();
        } catch (LinkageError e) {
            return false;
        }
    }

    /**
     * The device a user asked for: {@code gpu} (the first GPU), {@code cpu} (the first OpenCL
     * CPU device), {@code best} (a GPU if any, otherwise any OpenCL device), or a case-insensitive
     * part of a device's name.
     *
     * @throws InvalidInputException naming the devices there are when none matches
     */
    public static ComputeDevice select(String request) {
        if (request == null || request.isBlank()) {
            throw new InvalidInputException("a device request must be gpu, cpu, best or part of a device name, found nothing");
        }
        List<ComputeDevice> devices = list();
        String wanted = request.trim().toLowerCase(Locale.ROOT);
        for (ComputeDevice device : devices) {
            boolean matches = switch (wanted) {
                case "best" -> true;
                case "gpu" -> device.isGpu();
                case "cpu" -> "CPU".equals(device.type());
                default -> device.name().toLowerCase(Locale.ROOT).contains(wanted);
            };
            if (matches) {
                return device;
            }
        }
        throw new InvalidInputException("no OpenCL device matches '" + request + "'; found "
                + (devices.isEmpty() ? "no OpenCL devices (is an OpenCL driver such as pocl-opencl-icd installed?)"
                        : describeAll(devices)));
    }

    private static String describeAll(List<ComputeDevice> devices) {
        List<String> names = new ArrayList<>();
        for (ComputeDevice device : devices) {
            names.add(device.toString());
        }
        return String.join("; ", names);
    }

    /** Aparapi logs a warning for every fallback; Recon4J reports fallbacks itself, as errors. */
    private static void quietAparapiLogging() {
        Logger.getLogger("com.aparapi").setLevel(Level.SEVERE);
    }

    OpenCLDevice aparapiDevice() {
        return device;
    }

    public String name() {
        return device.getName().trim();
    }

    public String platform() {
        return platform;
    }

    /** GPU, CPU or ACCELERATOR. */
    public String type() {
        return device.getType().name();
    }

    public boolean isGpu() {
        return "GPU".equals(type());
    }

    public long globalMemory() {
        return device.getGlobalMemSize();
    }

    /** The largest single buffer the device accepts. */
    public long maxAllocation() {
        return device.getMaxMemAllocSize();
    }

    public int computeUnits() {
        return device.getMaxComputeUnits();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s (%s, %s, %d compute units, %.1f GiB)", name(), type(), platform,
                computeUnits(), globalMemory() / (1024.0 * 1024 * 1024));
    }
}
