package org.recon4j.helical;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.recon4j.InvalidInputException;
import org.recon4j.Progress;
import org.recon4j.filter.FilterWindow;
import org.recon4j.algorithm.DivergentBeamFbp;
import org.recon4j.geometry.DetectorShape;
import org.recon4j.geometry.FanBeamGeometry;
import org.recon4j.geometry.VolumeGeometry;

/**
 * Weighted FBP against the analytic phantom its data were computed from (exact line integrals
 * along the true rays, shifted sources included), for pitches 0.5 to 1.5, both rotation senses
 * and table directions, arc and flat detectors and every flying focal spot mode.
 */
class WeightedFbpTest {
    /** 10 HU of water. */
    private static final double TEN_HU = 0.01 * HelicalSimulation.WATER;
    private static final VolumeGeometry GRID = new VolumeGeometry(140, 140, 8, 0.5, 0.5, 1.0, 0, 0, 0);

    record Result(double rmse, double water, double brightInsert, double darkInsert, double profileSpread,
                  double edgeRmse) {
    }

    static Result reconstruct(HelicalGeometry scanned, HelicalGeometry assumed) {
        return reconstruct(scanned, assumed, 1);
    }

    static Result reconstruct(HelicalGeometry scanned, HelicalGeometry assumed, double cutoff) {
        float[] data = HelicalSimulation.project(scanned);
        float[] image = new WeightedFbp(assumed, GRID, FilterWindow.HANN, cutoff, WeightedFbp.DEFAULT_Q, 0)
                .reconstruct(data, Progress.NONE);
        return measure(image);
    }

    /** Error inside the body (2 mm from every edge), ROI means, and the spread of slice means of water. */
    static Result measure(float[] image) {
        double squared = 0;
        int count = 0;
        double[] slices = new double[GRID.nz()];
        for (int k = 0; k < GRID.nz(); k++) {
            for (int j = 0; j < GRID.ny(); j++) {
                for (int i = 0; i < GRID.nx(); i++) {
                    double x = GRID.x(i);
                    double y = GRID.y(j);
                    double z = GRID.z(k);
                    if (!awayFromEdges(x, y, z)) {
                        continue;
                    }
                    double error = image[(k * GRID.ny() + j) * GRID.nx() + i] - HelicalSimulation.truth(x, y, z);
                    squared += error * error;
                    count++;
                }
            }
            slices[k] = mean(image, k, -8, 12, 4);
        }
        double spread = 0;
        for (double value : slices) {
            spread = Math.max(spread, Math.abs(value - slices[0]));
        }
        double water = 0;
        double bright = 0;
        double dark = 0;
        for (int k = 0; k < GRID.nz(); k++) {
            water += mean(image, k, -8, 12, 4) / GRID.nz();
            bright += mean(image, k, 12, 6, 4) / GRID.nz();
            dark += mean(image, k, -12, -4, 3) / GRID.nz();
        }
        return new Result(Math.sqrt(squared / count), water, bright, dark, spread, edgeRmse(image));
    }

    /** Error against each voxel's mean of 4 x 4 x 4 points, over every voxel within 30 mm of the axis. */
    static double edgeRmse(float[] image) {
        double squared = 0;
        int count = 0;
        for (int k = 0; k < GRID.nz(); k++) {
            for (int j = 0; j < GRID.ny(); j++) {
                for (int i = 0; i < GRID.nx(); i++) {
                    if (Math.hypot(GRID.x(i), GRID.y(j)) > 30) {
                        continue;
                    }
                    double truth = 0;
                    for (int a = 0; a < 4; a++) {
                        for (int b = 0; b < 4; b++) {
                            for (int c = 0; c < 4; c++) {
                                truth += HelicalSimulation.truth(GRID.x(i) + (a - 1.5) / 4 * GRID.dx(),
                                        GRID.y(j) + (b - 1.5) / 4 * GRID.dy(), GRID.z(k) + (c - 1.5) / 4 * GRID.dz()) / 64;
                            }
                        }
                    }
                    double error = image[(k * GRID.ny() + j) * GRID.nx() + i] - truth;
                    squared += error * error;
                    count++;
                }
            }
        }
        return Math.sqrt(squared / count);
    }

    private static boolean awayFromEdges(double x, double y, double z) {
        for (double dx = -2; dx <= 2; dx += 2) {
            for (double dy = -2; dy <= 2; dy += 2) {
                for (double dz = -2; dz <= 2; dz += 2) {
                    if (HelicalSimulation.truth(x + dx, y + dy, z + dz) != HelicalSimulation.truth(x, y, z)) {
                        return false;
                    }
                }
            }
        }
        return HelicalSimulation.truth(x, y, z) > 0;
    }

    static double mean(float[] image, int slice, double cx, double cy, double radius) {
        double sum = 0;
        int count = 0;
        for (int j = 0; j < GRID.ny(); j++) {
            for (int i = 0; i < GRID.nx(); i++) {
                if (Math.hypot(GRID.x(i) - cx, GRID.y(j) - cy) <= radius) {
                    sum += image[(slice * GRID.ny() + j) * GRID.nx() + i];
                    count++;
                }
            }
        }
        return sum / count;
    }

    static HelicalGeometry scan(double pitch, boolean betaFalls, FocalSpots spots, DetectorShape shape) {
        double turns = 2.2 + 1.0 / Math.abs(pitch);
        return HelicalSimulation.scan(HelicalSimulation.detector(shape), 360 * spots.count(), turns, pitch, betaFalls, spots);
    }

    @ParameterizedTest(name = "pitch {0}, beta falls {1}, {2} detector")
    @CsvSource({"1.0, false, ARC", "0.5, false, ARC", "1.5, false, ARC", "1.0, true, ARC", "-1.0, false, ARC",
        "-1.5, true, ARC", "1.0, false, FLAT"})
    void reconstructsThePhantomAtEveryPitch(double pitch, boolean betaFalls, DetectorShape shape) {
        HelicalGeometry geometry = scan(pitch, betaFalls, FocalSpots.none(), shape);
        Result result = reconstruct(geometry, geometry);
        assertTrue(result.rmse() < 5 * TEN_HU / 10, "RMSE inside the objects " + result);
        // Noise-free data: pitch-periodic (windmill or interpolation) artefacts would move the slice means of
        // water by several HU from slice to slice; rebinning and interpolation errors stay well below one.
        assertTrue(result.profileSpread() < 2 * TEN_HU / 10, "z profile through water " + result);
        assertEquals(HelicalSimulation.WATER, result.water(), TEN_HU, "water");
        assertEquals(1.2 * HelicalSimulation.WATER, result.brightInsert(), TEN_HU, "+20 % insert");
        assertEquals(0.9 * HelicalSimulation.WATER, result.darkInsert(), TEN_HU, "-10 % insert");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"FFSZ", "FFSXY", "FFSXYZ"})
    void theFlyingFocalSpotIsInterleaved(String mode) {
        FocalSpots spots = spots(mode);
        HelicalGeometry geometry = scan(1.0, false, spots, DetectorShape.ARC);
        Result interleaved = reconstruct(geometry, geometry);
        HelicalGeometry ignoring = new HelicalGeometry(geometry.detector(), geometry.sourceToIsocentre(),
                geometry.sourceAngles(), geometry.sourceZ(), FocalSpots.none(), geometry.viewsPerTurn());
        Result ignored = reconstruct(geometry, ignoring);
        assertEquals(HelicalSimulation.WATER, interleaved.water(), TEN_HU, "water");
        if (mode.equals("FFSZ")) {
            // Half-row interleaving: the rows of the two positions are 0.15 mm off where they are assumed to be.
            assertTrue(ignored.rmse() > 1.15 * interleaved.rmse(), "ignoring the axial flying focal spot: " + ignored
                    + " vs " + interleaved);
        } else {
            // Half-channel interleaving doubles the in-plane sampling: edges come out sharper.
            assertTrue(ignored.edgeRmse() > 1.5 * interleaved.edgeRmse(), "ignoring the in-plane flying focal spot: "
                    + ignored + " vs " + interleaved);
        }
    }

    /**
     * Each position reads 360 views a turn, as scanners read 2 or 4 times as often with a flying
     * focal spot. Shifts that put the second position's rows (and channels) half a sample between the first's, at the axis. */
    static FocalSpots spots(String mode) {
        double axial = 0.3;
        double angular = 1.0 / 600;
        return switch (mode) {
            case "FFSZ" -> new FocalSpots(new double[2], new double[] {-axial / 2, axial / 2}, new double[2]);
            case "FFSXY" -> new FocalSpots(new double[] {-angular / 2, angular / 2}, new double[2], new double[2]);
            default -> new FocalSpots(new double[] {-angular / 2, angular / 2, -angular / 2, angular / 2},
                    new double[] {-axial / 2, -axial / 2, axial / 2, axial / 2}, new double[4]);
        };
    }

    @Test
    void agreesWithAxialFanBeamFbpOfTheSameSlice() {
        MultiRowDetector detector = HelicalSimulation.detector(DetectorShape.ARC);
        HelicalGeometry helical = scan(1.0, false, FocalSpots.none(), DetectorShape.ARC);
        float[] image = new WeightedFbp(helical, GRID, FilterWindow.HANN, 1, WeightedFbp.DEFAULT_Q, 0)
                .reconstruct(HelicalSimulation.project(helical), Progress.NONE);
        double z = GRID.z(0);
        double[] beta = new double[360];
        double[] zs = new double[360];
        for (int i = 0; i < beta.length; i++) {
            beta[i] = 0.3 + 2 * Math.PI * i / 360;
            zs[i] = z - detector.rowHeight(7) * 300 / detector.sourceToDetector();
        }
        HelicalGeometry axial = new HelicalGeometry(detector, 300, beta, zs, FocalSpots.none(), 360);
        float[] projections = HelicalSimulation.project(axial);
        float[] sinogram = new float[360 * detector.channels()];
        for (int view = 0; view < 360; view++) {
            System.arraycopy(projections, (view * detector.rows() + 7) * detector.channels(), sinogram,
                    view * detector.channels(), detector.channels());
        }
        FanBeamGeometry fan = FanBeamGeometry.of(beta, 300, detector.sourceToDetector(), DetectorShape.ARC,
                detector.channels(), detector.channelPitch(),
                (detector.channels() - 1) / 2.0 * detector.channelPitch() - detector.centralChannel() * detector.channelPitch());
        VolumeGeometry slice = new VolumeGeometry(GRID.nx(), GRID.ny(), 1, GRID.dx(), GRID.dy(), 1, 0, 0, z);
        float[] axialImage = DivergentBeamFbp.fan(fan, slice, FilterWindow.HANN, 1, 0).reconstruct(sinogram);
        double difference = 0;
        int count = 0;
        for (int j = 0; j < GRID.ny(); j++) {
            for (int i = 0; i < GRID.nx(); i++) {
                if (Math.hypot(GRID.x(i) / 30, GRID.y(j) / 24) <= 1) {
                    difference += Math.abs(image[j * GRID.nx() + i] - axialImage[j * GRID.nx() + i]);
                    count++;
                }
            }
        }
        assertTrue(difference / count < TEN_HU / 5, "mean |helical - axial| inside the body: " + difference / count);
    }

    @Test
    void aSlabHasTheWholeGridsBits() {
        HelicalGeometry geometry = scan(1.0, true, spots("FFSZ"), DetectorShape.ARC);
        float[] data = HelicalSimulation.project(geometry);
        WeightedFbp fbp = new WeightedFbp(geometry, GRID, FilterWindow.HANN, 1, WeightedFbp.DEFAULT_Q, 2);
        float[] whole = fbp.reconstruct(data, Progress.NONE);
        float[] slab = new WeightedFbp(geometry, GRID, FilterWindow.HANN, 1, WeightedFbp.DEFAULT_Q, 1)
                .reconstructSlab(data, 3, 4, Progress.NONE);
        float[] expected = java.util.Arrays.copyOfRange(whole, 3 * GRID.sliceSize(), 7 * GRID.sliceSize());
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, slab);
    }

    @Test
    void missingViewsAreRefused() {
        HelicalGeometry geometry = scan(1.0, false, FocalSpots.none(), DetectorShape.ARC);
        double[] angles = geometry.sourceAngles().clone();
        double[] z = geometry.sourceZ().clone();
        double[] fewerAngles = new double[angles.length - 1];
        double[] fewerZ = new double[angles.length - 1];
        for (int i = 0, j = 0; i < angles.length; i++) {
            if (i != 100) {
                fewerAngles[j] = angles[i];
                fewerZ[j++] = z[i];
            }
        }
        HelicalGeometry gap = new HelicalGeometry(geometry.detector(), 300, fewerAngles, fewerZ, FocalSpots.none(), 360);
        InvalidInputException error = assertThrows(InvalidInputException.class, gap::requireEvenViews);
        assertTrue(error.getMessage().startsWith("views are not evenly spaced in angle: views 100 and 101 are 2.0000 degrees"
                + " apart, the scan's step is 1.0"), error.getMessage());
    }
}
