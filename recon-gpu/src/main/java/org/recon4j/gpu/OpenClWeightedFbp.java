package org.recon4j.gpu;

import org.recon4j.InvalidInputException;
import org.recon4j.Progress;
import org.recon4j.filter.FilterWindow;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.helical.HelicalGeometry;
import org.recon4j.helical.ParallelProjections;
import org.recon4j.helical.WeightedFbp;
import org.recon4j.util.Checks;

/**
 * Helical weighted FBP with the back-projection on an OpenCL device: the rebinning and filtering
 * run on Java threads ({@link WeightedFbp#rebin}), the rebinned projections go to the device once,
 * and every voxel is gathered there. Agrees with {@link WeightedFbp} to float rounding.
 */
public final class OpenClWeightedFbp {
    private OpenClWeightedFbp() {
    }

    /** Reconstructs {@code projections} ({@code [view][row][channel]}) on {@code grid}. */
    public static float[] reconstruct(HelicalGeometry geometry, VolumeGeometry grid, FilterWindow window, double cutoff,
                                      double q, ComputeDevice device, float[] projections, Progress progress) {
        WeightedFbp cpu = new WeightedFbp(geometry, grid, window, cutoff, q, 0);
        ParallelProjections rebinned = cpu.rebin(projections, (done, total) -> progress.update(done, total + 1));
        long bytes = 4L * (rebinned.values().length + rebinned.sourceZ().length + grid.voxelCount());
        if (4L * rebinned.values().length > device.maxAllocation() || bytes > device.globalMemory()) {
            throw new InvalidInputException(String.format(java.util.Locale.ROOT,
                    "the rebinned projections need %.1f MB on %s (largest buffer %.1f MB, memory %.1f MB)", bytes * 1e-6,
                    device.name(), device.maxAllocation() * 1e-6, device.globalMemory() * 1e-6));
        }
        WeightedBackProjectionKernel kernel = kernel(rebinned, grid);
        DeviceQueue queue = new DeviceQueue(device);
        try {
            queue.prepare(kernel);
            queue.put(kernel, kernel.values);
            queue.put(kernel, kernel.sourceZ);
            queue.put(kernel, kernel.lengths);
            queue.put(kernel, kernel.rowWeights);
            queue.put(kernel, kernel.cosines);
            queue.put(kernel, kernel.sines);
            queue.run(kernel, grid.voxelCount(), "the helical back-projection", kernel.image);
            progress.update(rebinned.views() + 1, rebinned.views() + 1);
            Checks.allFinite("helical reconstruction", kernel.image);
            return kernel.image;
        } finally {
            kernel.dispose();
        }
    }

    private static WeightedBackProjectionKernel kernel(ParallelProjections p, VolumeGeometry grid) {
        WeightedBackProjectionKernel kernel = new WeightedBackProjectionKernel();
        kernel.nx = grid.nx();
        kernel.ny = grid.ny();
        kernel.nz = grid.nz();
        kernel.firstX = (float) grid.x(0);
        kernel.firstY = (float) grid.y(0);
        kernel.firstZ = (float) grid.z(0);
        kernel.spacingX = (float) grid.dx();
        kernel.spacingY = (float) grid.dy();
        kernel.spacingZ = (float) grid.dz();
        kernel.views = p.views();
        kernel.families = p.anglesPerHalfTurn();
        kernel.bins = p.bins();
        kernel.rows = p.rows();
        kernel.firstBin = (float) p.firstBin();
        kernel.binSpacing = (float) p.binSpacing();
        kernel.firstRow = (float) p.firstRow();
        kernel.rowSpacing = (float) p.rowSpacing();
        kernel.radiusSquared = (float) (p.sourceToIsocentre() * p.sourceToIsocentre());
        kernel.fieldOfViewSquared = (float) (p.fieldOfViewRadius() * p.fieldOfViewRadius());
        kernel.cosines = new float[p.views()];
        kernel.sines = new float[p.views()];
        for (int view = 0; view < p.views(); view++) {
            kernel.cosines[view] = (float) Math.cos(p.angle(view));
            kernel.sines[view] = (float) Math.sin(p.angle(view));
        }
        kernel.values = p.values();
        kernel.sourceZ = p.sourceZ();
        kernel.lengths = p.rayLength();
        kernel.rowWeights = p.rowWeights();
        kernel.image = new float[grid.voxelCount()];
        viewWindow(kernel, p, grid);
        return kernel;
    }

    /**
     * The straight line through the views' central source z and how far a ray's source may be
     * from a voxel it reaches: the detector's half height scaled to the farthest voxel, plus the
     * line's largest miss.
     */
    private static void viewWindow(WeightedBackProjectionKernel kernel, ParallelProjections p, VolumeGeometry grid) {
        int views = p.views();
        int centre = p.bins() / 2;
        double first = p.sourceZ()[centre];
        double last = p.sourceZ()[(views - 1) * p.bins() + centre];
        double slope = views > 1 ? (last - first) / (views - 1) : 0;
        double miss = 0;
        for (int view = 0; view < views; view++) {
            for (int n = 0; n < p.bins(); n++) {
                miss = Math.max(miss, Math.abs(p.sourceZ()[view * p.bins() + n] - (first + view * slope)));
            }
        }
        double reach = Math.hypot(Math.abs(grid.x(0)) + grid.dx(), Math.abs(grid.y(0)) + grid.dy());
        double shortest = Double.POSITIVE_INFINITY;
        for (float length : p.rayLength()) {
            shortest = Math.min(shortest, length);
        }
        double height = Math.max(Math.abs(p.firstRow()), Math.abs(p.firstRow() + (p.rows() - 1) * p.rowSpacing()));
        kernel.zIntercept = (float) first;
        kernel.zSlope = Math.abs(slope) < 1e-9 ? 0f : (float) slope;
        kernel.zReach = (float) (height * (p.sourceToIsocentre() + reach) / shortest + miss + 1e-3);
    }
}
