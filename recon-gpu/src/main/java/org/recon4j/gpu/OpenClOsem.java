package org.recon4j.gpu;

import java.util.Arrays;
import java.util.function.IntConsumer;
import org.recon4j.InvalidInputException;
import org.recon4j.algorithm.Osem;
import org.recon4j.projector.ViewSet;
import org.recon4j.util.Checks;

/**
 * OSEM (MLEM with one subset) run wholly on the device, as recon-core's {@code Osem} computes it:
 * the same subsets (interleaved, in order 0, 1, ... as STIR), the same ratio and update, the
 * initial image 1 everywhere. The counts, the additive term and the subsets' sensitivity images
 * are sent once and stay with the projector's tables; between sub-iterations only the subset's
 * view list goes to the device. On devices with their own memory what each launch writes comes
 * back, as Aparapi needs when the garbage collector moves an array ({@link DeviceQueue}); devices
 * that work in the Java arrays copy nothing back.
 * {@code Osem} with an {@link OpenClSpectProjector} gives the same images (tested) but also sends
 * the image and the projections on every projection.
 */
public final class OpenClOsem {
    private final OpenClSpectProjector projector;
    private final ViewSet[] subsets;

    /**
     * @param counts   measured counts, non-negative, the projector's layout
     * @param additive expected scatter per bin (non-negative), or null
     */
    public OpenClOsem(OpenClSpectProjector projector, float[] counts, float[] additive, int subsetCount) {
        if (projector == null) {
            throw new InvalidInputException("OpenCL OSEM needs an OpenCL SPECT projector");
        }
        Checks.length("counts", counts, projector.projectionSize());
        Osem.checkCounts(counts, additive);
        this.projector = projector;
        this.subsets = ViewSet.interleaved(projector.viewCount(), subsetCount, false);
        long sensitivityValues = (long) subsets.length * projector.volume().voxelCount();
        OpenClProjector.requireFits(projector.device(), 4 * sensitivityValues, "the subsets' sensitivity images need");
        SpectKernel kernel = projector.kernel();
        synchronized (projector) {
            kernel.counts = counts.clone();
            kernel.hasAdditive = additive == null ? 0 : 1;
            kernel.additive = additive == null ? new float[1] : additive.clone();
            kernel.sensitivities = new float[(int) sensitivityValues];
            projector.queue.put(kernel, kernel.counts);
            projector.queue.put(kernel, kernel.additive);
            Arrays.fill(kernel.projections, 1f);
            projector.queue.put(kernel, kernel.projections);
            for (int s = 0; s < subsets.length; s++) {
                projector.selectViews(subsets[s]);
                projector.backOnDevice();
                kernel.subset = s;
                projector.run(SpectKernel.SENSITIVITY, projector.volume().voxelCount(), "the OSEM sensitivities",
                        kernel.sensitivities);
            }
        }
    }

    public int subsetCount() {
        return subsets.length;
    }

    public float[] run(int iterations) {
        return run(iterations, iteration -> { });
    }

    /** Runs {@code iterations} full iterations from an image of ones; {@code progress} hears each one's end. */
    public float[] run(int iterations, IntConsumer progress) {
        if (iterations < 1) {
            throw new InvalidInputException("OSEM needs at least one iteration, found " + iterations);
        }
        SpectKernel kernel = projector.kernel();
        int voxels = projector.volume().voxelCount();
        synchronized (projector) {
            Arrays.fill(kernel.volumeIn, 1f);
            projector.queue.put(kernel, kernel.volumeIn);
            for (int iteration = 1; iteration <= iterations; iteration++) {
                for (int s = 0; s < subsets.length; s++) {
                    projector.selectViews(subsets[s]);
                    projector.forwardOnDevice(subsets[s].size());
                    projector.run(SpectKernel.RATIO, (long) subsets[s].size() * projector.geometry().frameSize(),
                            "the OSEM ratios", kernel.projections);
                    projector.backOnDevice();
                    kernel.subset = s;
                    projector.run(SpectKernel.UPDATE, voxels, "the OSEM update", kernel.volumeIn);
                }
                progress.accept(iteration);
            }
            float[] image = new float[voxels];
            System.arraycopy(kernel.volumeIn, 0, image, 0, voxels);
            return image;
        }
    }

    public DeviceStatistics statistics() {
        return projector.statistics();
    }
}
