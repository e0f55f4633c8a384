package org.recon4j.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.recon4j.gpu.ComputeDevice;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code recon devices}: what {@code --device} can choose from on this machine. */
@Command(name = "devices", mixinStandardHelpOptions = true,
        description = "List the devices reconstructions can run on: Java threads and every OpenCL device.")
final class DevicesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.printf("java    Java threads: %d cores (always available)%n", Runtime.getRuntime().availableProcessors());
        List<ComputeDevice> devices = ComputeDevice.list();
        if (devices.isEmpty()) {
            out.println("no OpenCL devices: no OpenCL driver was found (on Debian: apt-get install pocl-opencl-icd"
                    + " for the CPU, or the GPU vendor's driver)");
        }
        for (ComputeDevice device : devices) {
            out.printf("%-7s %s, %s, %d compute units, %.1f GiB (largest buffer %.1f GiB)%n",
                    device.type().toLowerCase(java.util.Locale.ROOT), device.name(), device.platform(),
                    device.computeUnits(), device.globalMemory() / 1073741824.0, device.maxAllocation() / 1073741824.0);
        }
        ComputeDevice chosen = DeviceOptions.automatic();
        out.println("--device auto uses: " + (chosen == null ? "Java threads" : chosen.name()));
        out.flush();
        return 0;
    }
}
