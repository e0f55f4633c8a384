package org.recon4j.gpu;

import com.aparapi.Kernel;
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
        this.volume = volume;
        this.viewCount = viewCount;
        this.projectionSize = projectionSize;
        this.queue = new DeviceQueue(device);
        this.kernel = queue.prepare(kernel);
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
