package org.recon4j.cli;

import java.util.concurrent.Callable;
import org.recon4j.evaluation.CtScan;
import org.recon4j.algorithm.DivergentBeamFbp;
import org.recon4j.filter.FilterWindow;
import org.recon4j.gpu.ComputeDevice;
import org.recon4j.gpu.OpenClFbp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code recon fdk}: Feldkamp-Davis-Kress reconstruction of circular cone-beam projections. */
@Command(name = "fdk", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"FDK reconstruction of cone-beam projections on a circular orbit (flat panel).",
            "The input is a MetaImage with DimSize 'nu nv views' (one detector image per view, as RTK stores them). "
                + "Short scans get Parker weights. Angles in degrees; lengths in mm."})
final class FdkCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ScanOptions scan;

    @Mixin
    FilterOptions filterOptions;

    @Mixin
    SlabOptions slabs;

    @Override
    public Integer call() throws Exception {
        FilterWindow window = filterOptions.window();
        if (slabs.isTask()) {
            slabs.runTask(scan.readInput(CtScan.Kind.CONE), window, filterOptions.cutoff, scan.threads);
            return 0;
        }
        CtScan data = scan.read(CtScan.Kind.CONE);
        if (slabs.master != null) {
            slabs.runOnSpark(spec.commandLine().getErr(), scan, data, "fdk");
            return 0;
        }
        ProgressBar progress = new ProgressBar(spec.commandLine().getErr(), "fdk", scan.quiet);
        ComputeDevice device = scan.device.resolve();
        long start = System.nanoTime();
        float[] image;
        if (device != null) {
            try (OpenClFbp fdk = OpenClFbp.fdk(data.cone(), data.volume(), window, filterOptions.cutoff, device)) {
                image = fdk.reconstruct(data.data().data(), progress);
            }
        } else {
            image = DivergentBeamFbp.fdk(data.cone(), data.volume(), window, filterOptions.cutoff, scan.threads)
                    .reconstruct(data.data().data(), progress);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        scan.write(spec.commandLine().getErr(), "fdk", data, image, String.format(
                "from %d views of %d x %d (%s, cutoff %.3g) in %.3f s on %s", data.views(), data.cone().columns(),
                data.cone().rows(), window, filterOptions.cutoff, seconds, DeviceOptions.describe(device, scan.threads)));
        return 0;
    }
}
