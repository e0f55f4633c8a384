package org.recon4j.imagej;

import ij.gui.GenericDialog;
import java.util.function.UnaryOperator;
import org.recon4j.InvalidInputException;
import org.recon4j.algorithm.DivergentBeamFbp;
import org.recon4j.geometry.DetectorShape;
import org.recon4j.geometry.FanBeamGeometry;
import org.recon4j.geometry.VolumeGeometry;

/**
 * Plugins &gt; Recon4J &gt; Fan-beam FBP: the library's fan-beam FBP (arc or flat detector, the
 * conventions of docs/CONVENTIONS.md) on the active stack of fan sinograms.
 * {@code run("Fan-beam FBP...", "angles=0:1:360 detector=arc source_to_axis=500 source_to_detector=1000")}.
 */
public final class FanFbpCommand extends SinogramCommand {
    private static final String[] DETECTORS = {"arc", "flat"};
    private String detector;
    private double sourceToAxis;
    private double sourceToDetector;

    public FanFbpCommand() {
        super("Fan-beam FBP", 360);
    }

    @Override
    void addGeometryFields(GenericDialog dialog) {
        dialog.addChoice("Detector", DETECTORS, DETECTORS[0]);
        dialog.addNumericField("Source_to_axis", 0, 2, 8, "mm");
        dialog.addNumericField("Source_to_detector", 0, 2, 8, "mm");
    }

    @Override
    void readGeometryFields(GenericDialog dialog) {
        detector = dialog.getNextChoice();
        sourceToAxis = dialog.getNextNumber();
        sourceToDetector = dialog.getNextNumber();
    }

    @Override
    UnaryOperator<float[]> reconstructor(double[] radians, int bins, double offset, double binSpacing, VolumeGeometry grid) {
        if (!(sourceToAxis > 0) || !(sourceToDetector > sourceToAxis)) {
            throw new InvalidInputException("Source_to_axis must be positive and Source_to_detector larger, found "
                    + sourceToAxis + " and " + sourceToDetector + " mm");
        }
        DetectorShape shape = detector.equals("flat") ? DetectorShape.FLAT : DetectorShape.ARC;
        DivergentBeamFbp fbp = DivergentBeamFbp.fan(FanBeamGeometry.of(radians, sourceToAxis, sourceToDetector, shape, bins,
                binSpacing, offset), grid, window, cutoff, 0);
        return fbp::reconstruct;
    }
}
