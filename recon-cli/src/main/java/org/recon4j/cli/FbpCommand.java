package org.recon4j.cli;

import java.util.concurrent.Callable;
import org.recon4j.evaluation.CtScan;
import org.recon4j.InvalidInputException;
import org.recon4j.filter.FilterWindow;
import org.recon4j.gpu.ComputeDevice;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recon fbp}: filtered back-projection of parallel- or fan-beam sinograms. */
@Command(name = "fbp", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Filtered back-projection of parallel- or fan-beam sinograms.",
            "The input is a MetaImage with DimSize 'bins views [slices]'; each slice is reconstructed "
                + "from its own sinogram. Angles are in degrees; lengths in mm."})
final class FbpCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ScanOptions scan;

    @Option(names = "--geometry", paramLabel = "KIND", defaultValue = "parallel",
            description = "parallel, fan-arc or fan-flat (default ${DEFAULT-VALUE}); fan beams need --sod and --sdd.")
    String geometry;

    @Mixin
    FilterOptions filterOptions;

    @Mixin
    SlabOptions slabs;

    @Override
    public Integer call() throws Exception {
        CtScan.Kind kind = CtScan.Kind.parse(geometry);
        if (kind == CtScan.Kind.CONE) {
            throw new InvalidInputException("fbp takes parallel and fan geometries; use 'recon fdk' for cone beam");
        }
        FilterWindow window = filterOptions.window();
        if (slabs.isTask()) {
            slabs.runTask(scan.readInput(kind), window, filterOptions.cutoff, scan.threads);
            return 0;
        }
        CtScan data = scan.read(kind);
        if (slabs.master != null) {
            slabs.runOnSpark(spec.commandLine().getErr(), scan, data, "fbp");
            return 0;
        }
        ProgressBar progress = new ProgressBar(spec.commandLine().getErr(), "fbp", scan.quiet);
        ComputeDevice device = scan.device.resolve();
        long start = System.nanoTime();
        float[] image = data.fbp(window, filterOptions.cutoff, scan.threads, device, progress);
        double seconds = (System.nanoTime() - start) / 1e9;
        scan.write(spec.commandLine().getErr(), "fbp", data, image, String.format(
                "from %d views x %d bins (%s, %s, cutoff %.3g) in %.3f s on %s", data.views(),
                data.data().size(0), data.kind().label(), window, filterOptions.cutoff, seconds,
                DeviceOptions.describe(device, scan.threads)));
        return 0;
    }
}
