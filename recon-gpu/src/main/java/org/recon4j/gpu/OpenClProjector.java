package org.recon4j.gpu;

import com.aparapi.Kernel;
import org.recon4j.InvalidInputException;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.projector.Projector;

/**
 * What every OpenCL projector shares: the device it runs on, the statistics of what it did there,
 * and the device buffers that {@link #close()} frees. Calls are serialised per projector.
 */
public abstract sealed class OpenClProjector implements Projector, AutoCloseable
        permits OpenClJosephProjector, OpenClSpectProjector {
    final VolumeGeometry volume;
    final int viewCount;
    final int projectionSize;
    final DeviceQueue queue;
    private final Kernel kernel;

    OpenClProjector(VolumeGeometry volume, int viewCount, int projectionSize, ComputeDevice device, Kernel kernel) {
        requireFits(device, 4L * volume.voxelCount(), "the volume needs");
        requireFits(device, 4L * projectionSize, "the projections need");
        this.volume = volume;
        this.viewCount = viewCount;
        this.projectionSize = projectionSize;
        this.queue = new DeviceQueue(device);
        this.kernel = queue.prepare(kernel);
    }

    /**
     * Refuses, before any device work, a buffer larger than the device takes in one piece or than
     * a third of its memory (the volume and the projections live there together, with tables).
     * Projectors are not split into slabs; FBP and FDK are ({@link OpenClFbp}).
     */
    static void requireFits(ComputeDevice device, long bytes, String what) {
        if (bytes > device.maxAllocation() || bytes > device.globalMemory() / 3) {
            throw new InvalidInputException(String.format(
                    "%s %.1f MB, more than %s takes for a projector (largest buffer %.1f MB, memory %.1f MB)", what,
                    bytes * 1e-6, device.name(), device.maxAllocation() * 1e-6, device.globalMemory() * 1e-6));
        }
    }

    public final ComputeDevice device() {
        return queue.device();
    }

    /** Launches, kernel time and bytes moved since this projector was made (its set-up included). */
    public final synchronized DeviceStatistics statistics() {
        return queue.statistics();
    }

    @Override
    public final VolumeGeometry volume() {
        return volume;
    }

    @Override
    public final int projectionSize() {
        return projectionSize;
    }

    @Override
    public final int viewCount() {
        return viewCount;
    }

    @Override
    public final synchronized void close() {
        kernel.dispose();
    }
}
