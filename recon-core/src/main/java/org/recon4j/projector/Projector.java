package org.recon4j.projector;

import org.recon4j.InvalidInputException;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.util.Checks;

/**
 * A linear projection operator A between a volume and projection data, with its exact adjoint.
 * Both calls overwrite their output: {@code forward} writes {@code A x} for the selected views
 * and leaves other projection values untouched; {@code back} writes {@code A_S^T y} using only
 * the selected views S. Arrays are flat {@code float[]}: the volume as {@link VolumeGeometry}
 * says, the projections in the geometry's own order. Implementations are safe to call from
 * several threads at once and give the same bits for the same input and thread count.
 */
public interface Projector {
    VolumeGeometry volume();

    /** Number of values in the projection data. */
    int projectionSize();

    int viewCount();

    void forward(float[] volume, float[] projections, ViewSet views);

    void back(float[] projections, float[] volume, ViewSet views);

    default void forward(float[] volume, float[] projections) {
        forward(volume, projections, ViewSet.all(viewCount()));
    }

    default void back(float[] projections, float[] volume) {
        back(projections, volume, ViewSet.all(viewCount()));
    }

    /** The checks every implementation makes on a call: array lengths and a view set for this projector. */
    static void checkCall(Projector projector, float[] volume, float[] projections, ViewSet views) {
        Checks.length("volume", volume, projector.volume().voxelCount());
        Checks.length("projections", projections, projector.projectionSize());
        if (views.total() != projector.viewCount()) {
            throw new InvalidInputException("view set is for " + views.total() + " views, the projector has "
                    + projector.viewCount());
        }
    }
}
