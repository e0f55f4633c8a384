package org.recon4j.algorithm;

import org.recon4j.geometry.VolumeGeometry;

/**
 * What the divergent-beam back-projections need of a scan: the volume, the source angles, the
 * source-to-axis and source-to-detector distances (mm) and the detector's columns and rows,
 * pixel spacings and offsets, as {@code DivergentBeamFbp} describes them. Fan beam has one row.
 */
record CircularOrbit(VolumeGeometry volume, double[] angles, double sourceToAxis, double sourceToDetector,
                     int columns, int rows, double columnSpacing, double rowSpacing, double offsetU, double offsetV) {
}
