package org.recon4j.imagej;

import java.util.function.UnaryOperator;
import org.recon4j.algorithm.ParallelBeamFbp;
import org.recon4j.geometry.ParallelBeamGeometry;
import org.recon4j.geometry.VolumeGeometry;

/**
 * Plugins &gt; Recon4J &gt; Parallel FBP: the library's parallel-beam FBP on the active stack of
 * sinograms. {@code run("Parallel FBP...", "angles=0:1:180 filter=ram-lak")}; other keys optional
 * with the command line's defaults.
 */
public final class ParallelFbpCommand extends SinogramCommand {
    public ParallelFbpCommand() {
        super("Parallel FBP", 180);
    }

    @Override
    UnaryOperator<float[]> reconstructor(double[] radians, int bins, double offset, double binSpacing, VolumeGeometry grid) {
        ParallelBeamFbp fbp = new ParallelBeamFbp(ParallelBeamGeometry.of(radians, bins, binSpacing, offset), grid, window,
                cutoff, 0);
        return fbp::reconstruct;
    }
}
