package org.recon4j.evaluation;

import java.util.Locale;
import org.recon4j.InvalidInputException;
import org.recon4j.Progress;
import org.recon4j.algorithm.DivergentBeamFbp;
import org.recon4j.algorithm.ParallelBeamFbp;
import org.recon4j.dicom.CtProjectionData;
import org.recon4j.filter.FilterWindow;
import org.recon4j.geometry.ConeBeamGeometry;
import org.recon4j.geometry.FanBeamGeometry;
import org.recon4j.geometry.ParallelBeamGeometry;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.gpu.ComputeDevice;
import org.recon4j.gpu.OpenClFbp;
import org.recon4j.gpu.OpenClJosephProjector;
import org.recon4j.gpu.OpenClWeightedFbp;
import org.recon4j.helical.HelicalGeometry;
import org.recon4j.helical.WeightedFbp;
import org.recon4j.io.FloatVolume;
import org.recon4j.projector.JosephProjector;
import org.recon4j.projector.Projector;

/**
 * CT data to reconstruct: the measured projections, their geometry (one of parallel, fan or
 * cone, by {@code kind}; a helical scan's geometry is its DICOM-CT-PD scan's), the image grid,
 * and the DICOM-CT-PD scan they came from, if any. Helical data hold the projections
 * {@code [view][row][channel]} in Recon4J's order ({@link CtProjectionData.Scan#projections()}).
 */
public record CtScan(Kind kind, FloatVolume data, ParallelBeamGeometry parallel, FanBeamGeometry fan,
                     ConeBeamGeometry cone, VolumeGeometry volume, CtProjectionData.Scan raw) {

    /** The acquisition geometries, by the names the command line uses. */
    public enum Kind {
        PARALLEL("parallel"), FAN_ARC("fan-arc"), FAN_FLAT("fan-flat"), CONE("cone"),
        /** Helical (or flying focal spot) DICOM-CT-PD data: never a --geometry choice, the files say so. */
        HELICAL("helical");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public static Kind parse(String text) {
            for (Kind kind : values()) {
                if (kind != HELICAL && kind.label.equals(text.trim().toLowerCase(Locale.ROOT))) {
                    return kind;
                }
            }
            throw new InvalidInputException("unknown geometry '" + text + "': expected parallel, fan-arc, fan-flat or cone");
        }
    }

    public int views() {
        if (kind == Kind.HELICAL) {
            return raw.viewCount();
        }
        return kind == Kind.CONE ? cone.viewCount() : kind == Kind.PARALLEL ? parallel.viewCount() : fan.viewCount();
    }

    /** Parallel- or fan-beam FBP on Java threads ({@code device} null) or on an OpenCL device. */
    public float[] fbp(FilterWindow window, double cutoff, int threads, ComputeDevice device, Progress progress) {
        if (kind == Kind.HELICAL) {
            return helicalFbp(volume, window, cutoff, threads, device, progress);
        }
        if (device != null) {
            try (OpenClFbp fbp = kind == Kind.PARALLEL ? OpenClFbp.parallel(parallel, volume, window, cutoff, device)
                    : OpenClFbp.fan(fan, volume, window, cutoff, device)) {
                return fbp.reconstruct(data.data(), progress);
            }
        }
        return kind == Kind.PARALLEL
                ? new ParallelBeamFbp(parallel, volume, window, cutoff, threads).reconstruct(data.data(), progress)
                : DivergentBeamFbp.fan(fan, volume, window, cutoff, threads).reconstruct(data.data(), progress);
    }

    /**
     * Slices {@code firstSlice} to {@code firstSlice + sliceCount - 1} of the FBP (FDK for cone
     * beam) on Java threads, with the same bits as those slices of the whole volume.
     */
    public float[] reconstructSlab(FilterWindow window, double cutoff, int threads, int firstSlice, int sliceCount) {
        return switch (kind) {
            case HELICAL -> helicalFbp(new VolumeGeometry(volume.nx(), volume.ny(), sliceCount, volume.dx(), volume.dy(),
                    volume.dz(), volume.cx(), volume.cy(), volume.z(firstSlice) + (sliceCount - 1) / 2.0 * volume.dz()),
                    window, cutoff, threads, null, Progress.NONE);
            case PARALLEL -> {
                float[] slab = new float[sliceCount * volume.sliceSize()];
                new ParallelBeamFbp(parallel, volume, window, cutoff, threads).reconstructSlab(data.data(), firstSlice,
                        sliceCount, slab, Progress.NONE);
                yield slab;
            }
            case CONE -> DivergentBeamFbp.fdk(cone, volume, window, cutoff, threads).reconstructSlab(data.data(),
                    firstSlice, sliceCount, Progress.NONE);
            default -> DivergentBeamFbp.fan(fan, volume, window, cutoff, threads).reconstructSlab(data.data(), firstSlice,
                    sliceCount, Progress.NONE);
        };
    }

    /**
     * Weighted FBP of helical data on {@code grid}; each voxel's value does not depend on the
     * grid's other slices, so a slab of the grid has the whole volume's bits.
     */
    private float[] helicalFbp(VolumeGeometry grid, FilterWindow window, double cutoff, int threads, ComputeDevice device,
                               Progress progress) {
        HelicalGeometry geometry = raw.helical();
        if (device != null) {
            return OpenClWeightedFbp.reconstruct(geometry, grid, window, cutoff, WeightedFbp.DEFAULT_Q, device,
                    data.data(), progress);
        }
        return new WeightedFbp(geometry, grid, window, cutoff, WeightedFbp.DEFAULT_Q, threads).reconstruct(data.data(),
                progress);
    }

    /** The Joseph pair on Java threads ({@code device} null) or on an OpenCL device. */
    public Projector projector(int threads, ComputeDevice device) {
        if (kind == Kind.HELICAL) {
            throw new InvalidInputException("helical DICOM-CT-PD data reconstruct with 'recon fbp' (weighted FBP); the"
                    + " iterative methods have no helical projector yet");
        }
        if (device != null) {
            return switch (kind) {
                case PARALLEL -> OpenClJosephProjector.parallel(parallel, volume, device);
                case CONE -> OpenClJosephProjector.cone(cone, volume, device);
                default -> OpenClJosephProjector.fan(fan, volume, device);
            };
        }
        return switch (kind) {
            case PARALLEL -> JosephProjector.parallel(parallel, volume, threads);
            case CONE -> JosephProjector.cone(cone, volume, threads);
            default -> JosephProjector.fan(fan, volume, threads);
        };
    }
}
