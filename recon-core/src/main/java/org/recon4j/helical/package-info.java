/**
 * Helical multi-row CT: the scan's geometry in the patient frame ({@link HelicalGeometry}),
 * fan-to-parallel rebinning that interleaves flying focal spot positions
 * ({@link ParallelRebinning}), and Stierstorfer's weighted filtered back-projection
 * ({@link WeightedFbp}).
 */
package org.recon4j.helical;
