package org.recon4j.qa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.recon4j.InvalidInputException;
import org.recon4j.algorithm.Osem;
import org.recon4j.geometry.SpectGeometry;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.io.FloatVolume;
import org.recon4j.phantom.Poisson;
import org.recon4j.projector.CollimatorResponse;
import org.recon4j.projector.SpectProjector;
import org.recon4j.projector.ViewSet;

/** The SPECT tests on data with known answers: offsets, tilts, widths and rings put in and found back. */
class SpectQaTest {
    private static final double SIGMA_TO_FWHM = 2 * Math.sqrt(2 * Math.log(2));
    private static final double SIGMA_TO_FWTM = 2 * Math.sqrt(2 * Math.log(10));

    @Test
    void profileWidthsOfASampledGaussian() {
        double sigma = 3;
        double[] profile = new double[41];
        for (int i = 0; i < profile.length; i++) {
            profile[i] = Math.exp(-0.5 * Math.pow((i - 20.3) / sigma, 2));
        }
        assertEquals(SIGMA_TO_FWHM * sigma, Profiles.fullWidth(profile, 1, 0.5), 0.02 * SIGMA_TO_FWHM * sigma);
        assertEquals(SIGMA_TO_FWTM * sigma, Profiles.fullWidth(profile, 1, 0.1), 0.02 * SIGMA_TO_FWTM * sigma);
        assertEquals(20.3, Profiles.parabolicPeak(profile, Profiles.argMax(profile))[0], 0.05);
    }

    /** Projects one point source through the collimator response, with the detector shifted by {@code offsetU}. */
    private static float[] pointSourceProjections(SpectGeometry geometry, double counts, long seed) {
        VolumeGeometry grid = VolumeGeometry.stack(64, 32, 4);
        float[] activity = new float[grid.voxelCount()];
        activity[(16 * 64 + 42) * 64 + 20] = 1;
        SpectProjector projector = new SpectProjector(geometry, grid, null, null, CollimatorResponse.linear(0.0163, 1.466, 3), 2);
        float[] projections = new float[projector.projectionSize()];
        projector.forward(activity, projections, ViewSet.all(geometry.viewCount()));
        double total = 0;
        for (float value : projections) {
            total += value;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < projections.length; i++) {
            projections[i] = Poisson.sample(random, projections[i] * counts / total);
        }
        return projections;
    }

    private static SpectGeometry head(double startDegrees, double offsetU) {
        int views = 60;
        double[] angles = new double[views];
        double[] radii = new double[views];
        for (int view = 0; view < views; view++) {
            angles[view] = Math.toRadians(startDegrees - 3 * view);
            radii[view] = 230;
        }
        return SpectGeometry.of(angles, radii, 64, 32, 4, 4, offsetU, 0);
    }

    @Test
    void centreOfRotationPutIntoTheSimulationIsFoundBackPerHead() {
        // two heads 180 degrees apart, each with its own detector shift
        SpectGeometry first = head(0, 1.3);
        SpectGeometry second = head(180, -2.1);
        float[] projections1 = pointSourceProjections(first, 6e5, 1);
        float[] projections2 = pointSourceProjections(second, 6e5, 2);
        float[] both = new float[projections1.length * 2];
        System.arraycopy(projections1, 0, both, 0, projections1.length);
        System.arraycopy(projections2, 0, both, projections1.length, projections2.length);
        double[] angles = new double[120];
        double[] radii = new double[120];
        for (int view = 0; view < 120; view++) {
            angles[view] = (view < 60 ? first : second).angle(view % 60);
            radii[view] = 230;
        }
        SpectGeometry geometry = SpectGeometry.of(angles, radii, 64, 32, 4, 4, 0, 0);
        List<SpectCentreOfRotation.Head> heads = SpectCentreOfRotation.measure(both, geometry,
                SpectCentreOfRotation.consecutiveHeads(120, 2));
        assertEquals(2, heads.size());
        // a detector shifted by +s sees the axis at -s from its centre
        assertEquals(-1.3, heads.get(0).corOffsetMm(), 0.1);
        assertEquals(2.1, heads.get(1).corOffsetMm(), 0.1);
        assertEquals(-1.3 / 4, heads.get(0).corOffsetPixels(), 0.025);
        // the source's voxel centre lies 11.5 voxels of 4 mm off the axis in x and 10.5 in y
        assertEquals(Math.hypot(11.5 * 4, 10.5 * 4), heads.get(0).sourceRadiusMm(), 1);
        assertTrue(heads.get(0).axialTiltDegrees() < 0.3, "no tilt was simulated: " + heads.get(0).axialTiltDegrees());
    }

    @Test
    void headTiltSwingsTheRowCentroidWithDepth() {
        // frames drawn by hand: a Gaussian spot whose row follows the depth through a 2 degree tilt
        int views = 64;
        int columns = 80;
        int rows = 40;
        double pixel = 3;
        double tilt = Math.toRadians(2);
        double x = 60;
        double y = -25;
        double offset = 0.7;
        double[] angles = new double[views];
        double[] radii = new double[views];
        float[] frames = new float[views * rows * columns];
        for (int view = 0; view < views; view++) {
            double a = 2 * Math.PI * view / views;
            angles[view] = a;
            radii[view] = 200;
            double u = x * Math.cos(a) - y * Math.sin(a) - offset;
            double depthSwing = x * -Math.sin(a) + y * -Math.cos(a);
            double v = 5 + depthSwing * Math.tan(tilt);
            for (int row = 0; row < rows; row++) {
                for (int column = 0; column < columns; column++) {
                    double du = (column - (columns - 1) / 2.0) * pixel - u;
                    double dv = (row - (rows - 1) / 2.0) * pixel - v;
                    frames[(view * rows + row) * columns + column] = (float) (1000 * Math.exp(-(du * du + dv * dv) / (2 * 16)));
                }
            }
        }
        SpectGeometry geometry = SpectGeometry.of(angles, radii, columns, rows, pixel, pixel, 0, 0);
        SpectCentreOfRotation.Head head = SpectCentreOfRotation.measure(frames, geometry, new int[views]).get(0);
        assertEquals(-offset, head.corOffsetMm(), 0.02);
        assertEquals(Math.hypot(x, y), head.sourceRadiusMm(), 0.1);
        assertEquals(2, head.axialTiltDegrees(), 0.05);
        assertEquals(Math.hypot(x, y) * Math.tan(tilt), head.axialDeviationMm(), 0.1);
    }

    @Test
    void aSourceAtTheDetectorsEdgeIsRefusedInOneLine() {
        SpectGeometry geometry = head(0, 0);
        float[] frames = new float[geometry.viewCount() * geometry.frameSize()];
        for (int view = 0; view < geometry.viewCount(); view++) {
            frames[view * geometry.frameSize() + 16 * 64 + 1] = 100;
            frames[view * geometry.frameSize() + 16 * 64 + 2] = 50;
        }
        InvalidInputException failure = assertThrows(InvalidInputException.class,
                () -> SpectCentreOfRotation.measure(frames, geometry, new int[geometry.viewCount()]));
        assertTrue(failure.getMessage().startsWith("point source too close to the edge"), failure.getMessage());
    }

    @Test
    void viewsThatShowNoSinglePointSourceAreRefused() {
        // a spot that jumps about from view to view: no orbit fits it
        SpectGeometry geometry = head(0, 0);
        float[] frames = new float[geometry.viewCount() * geometry.frameSize()];
        SplittableRandom random = new SplittableRandom(9);
        for (int view = 0; view < geometry.viewCount(); view++) {
            int column = 12 + random.nextInt(40);
            frames[view * geometry.frameSize() + 16 * 64 + column] = 100;
        }
        InvalidInputException failure = assertThrows(InvalidInputException.class,
                () -> SpectCentreOfRotation.measure(frames, geometry, new int[geometry.viewCount()]));
        assertTrue(failure.getMessage().startsWith("head 1: no single point source found"), failure.getMessage());
    }

    private static FloatVolume gaussians(double[][] sources, double[] sigmas, int n, double voxel) {
        float[] data = new float[n * n * n];
        for (int z = 0; z < n; z++) {
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) {
                    double sum = 0;
                    for (double[] source : sources) {
                        double scale = source.length > 4 ? source[4] : 1;
                        double dx = (x * voxel - source[0]) / (scale * sigmas[0]);
                        double dy = (y * voxel - source[1]) / (scale * sigmas[1]);
                        double dz = (z * voxel - source[2]) / (scale * sigmas[2]);
                        sum += source[3] * Math.exp(-0.5 * (dx * dx + dy * dy + dz * dz));
                    }
                    data[(z * n + y) * n + x] = (float) sum;
                }
            }
        }
        return new FloatVolume(new int[] {n, n, n}, new double[] {voxel, voxel, voxel}, new double[3], data);
    }

    @Test
    void pointSourceWidthsAreThoseOfTheBlurPutIn() {
        // the second source is 1.2 times wider and shares the first's row: each is measured about its own peak
        double[] sigmas = {3, 4, 5};
        FloatVolume image = gaussians(new double[][] {{30.7, 60.2, 50.9, 1, 1}, {86.3, 60.2, 50.9, 0.8, 1.2}}, sigmas, 64, 2);
        List<PointSourceResolution.Measurement> sources = PointSourceResolution.measure(image,
                PointSourceResolution.Source.POINT, 0.3, 20);
        assertEquals(2, sources.size());
        double[] scales = {1, 1.2};
        for (int k = 0; k < 2; k++) {
            PointSourceResolution.Measurement source = sources.get(k);
            double scale = scales[k];
            assertEquals(SIGMA_TO_FWHM * 3 * scale, source.fwhmXMm(), 0.03 * SIGMA_TO_FWHM * 3 * scale);
            assertEquals(SIGMA_TO_FWHM * 4 * scale, source.fwhmYMm(), 0.03 * SIGMA_TO_FWHM * 4 * scale);
            assertEquals(SIGMA_TO_FWHM * 5 * scale, source.fwhmZMm(), 0.03 * SIGMA_TO_FWHM * 5 * scale);
            assertEquals(SIGMA_TO_FWTM * 5 * scale, source.fwtmZMm(), 0.03 * SIGMA_TO_FWTM * 5 * scale);
        }
        assertEquals(30.7, sources.get(0).xMm(), 0.3);
        assertEquals(86.3, sources.get(1).xMm(), 0.3);
    }

    @Test
    void radialAndTangentialWidthsOfAnOffAxisSource() {
        // an in-plane Gaussian of sigma 3 mm along the radius and 5 mm across it, 50 mm from the axis at 37 degrees
        int n = 96;
        double voxel = 2;
        double angle = Math.toRadians(37);
        double sourceX = 50 * Math.cos(angle);
        double sourceY = 50 * Math.sin(angle);
        double[] axial = {0.02, 0.3, 1, 0.3, 0.02};
        float[] data = new float[n * n * axial.length];
        for (int z = 0; z < axial.length; z++) {
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) {
                    double dx = (x - (n - 1) / 2.0) * voxel - sourceX;
                    double dy = (y - (n - 1) / 2.0) * voxel - sourceY;
                    double radial = dx * Math.cos(angle) + dy * Math.sin(angle);
                    double tangential = -dx * Math.sin(angle) + dy * Math.cos(angle);
                    data[(z * n + y) * n + x] = (float) (Math.exp(-0.5 * (radial * radial / 9 + tangential * tangential / 25))
                            * axial[z]);
                }
            }
        }
        FloatVolume image = new FloatVolume(new int[] {n, n, axial.length}, new double[] {voxel, voxel, voxel}, new double[3],
                data);
        PointSourceResolution.Measurement source = PointSourceResolution.measure(image, PointSourceResolution.Source.POINT,
                0.5, 20).get(0);
        assertEquals(SIGMA_TO_FWHM * 3, source.fwhmRadialMm(), 0.03 * SIGMA_TO_FWHM * 3);
        assertEquals(SIGMA_TO_FWHM * 5, source.fwhmTangentialMm(), 0.03 * SIGMA_TO_FWHM * 5);
        assertEquals(SIGMA_TO_FWTM * 5, source.fwtmTangentialMm(), 0.03 * SIGMA_TO_FWTM * 5);
    }

    @Test
    void lineSourcesAreMeasuredOnTheSumAlongZ() {
        double[] sigmas = {3.5, 3.5, 1e9};
        FloatVolume image = gaussians(new double[][] {{40.3, 64.8, 0, 1}}, sigmas, 64, 2);
        PointSourceResolution.Measurement line = PointSourceResolution.measure(image, PointSourceResolution.Source.LINE, 0.3, 20)
                .get(0);
        assertEquals(SIGMA_TO_FWHM * 3.5, line.fwhmXMm(), 0.03 * SIGMA_TO_FWHM * 3.5);
        assertTrue(Double.isNaN(line.fwhmZMm()));
    }

    @Test
    void resolutionRecoveryNarrowsTheReconstructedPointSource() {
        SpectGeometry geometry = head(0, 0);
        double[] angles = new double[120];
        double[] radii = new double[120];
        for (int view = 0; view < 120; view++) {
            angles[view] = Math.toRadians(-3 * view);
            radii[view] = 230;
        }
        SpectGeometry full = SpectGeometry.of(angles, radii, 64, 32, 4, 4, 0, 0);
        float[] counts = pointSourceProjections(full, 2e5, 3);
        VolumeGeometry grid = VolumeGeometry.stack(64, 32, 4);
        double[] fwhm = new double[2];
        for (int model = 0; model < 2; model++) {
            SpectProjector projector = new SpectProjector(full, grid, null, null,
                    model == 0 ? null : CollimatorResponse.linear(0.0163, 1.466, 3), 2);
            float[] initial = new float[grid.voxelCount()];
            java.util.Arrays.fill(initial, 1);
            float[] image = new Osem(projector, counts, null, initial, 8).run(6);
            PointSourceResolution.Measurement source = PointSourceResolution.measure(FloatVolume.of(grid, image),
                    PointSourceResolution.Source.POINT, 0.3, 30).get(0);
            fwhm[model] = source.fwhmXMm();
        }
        assertTrue(fwhm[1] < 0.8 * fwhm[0], "FWHM without the response model " + fwhm[0] + " mm, with it " + fwhm[1] + " mm");
        assertTrue(geometry.viewCount() == 60);
    }

    private static FloatVolume cylinder(double noise, double ringRadius, double ringAmplitude, long seed) {
        int n = 64;
        int nz = 20;
        float[] data = new float[n * n * nz];
        SplittableRandom random = new SplittableRandom(seed);
        for (int z = 2; z < nz - 2; z++) {
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) {
                    double r = Math.hypot(x - 31.5, y - 31.5);
                    if (r <= 25) {
                        double ring = Math.abs(r - ringRadius) < 0.75 ? ringAmplitude : 0;
                        data[(z * n + y) * n + x] = (float) (100 * (1 + ring) + noise * gaussian(random));
                    }
                }
            }
        }
        return new FloatVolume(new int[] {n, n, nz}, new double[] {4, 4, 4}, new double[3], data);
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    @Test
    void uniformCylinderNoiseAndNoRing() {
        TomographicUniformity.Result result = TomographicUniformity.measure(cylinder(5, 0, 0, 4), 0.75, 3);
        assertEquals(5.0, result.coefficientOfVariationPercent(), 0.3);
        assertEquals(100.0, result.radiusMm(), 4);
        assertEquals(126, result.centreXMm(), 0.5);
        assertEquals(3, result.firstSlice());
        assertEquals(16, result.lastSlice());
        assertFalse(result.ringDetected(), "deviation " + result.ringDeviationPercent());
        assertTrue(result.integralUniformityPercent() > result.differentialUniformityPercent());
    }

    @Test
    void aRingPutIntoTheCylinderIsFound() {
        TomographicUniformity.Result result = TomographicUniformity.measure(cylinder(5, 12, 0.08, 5), 0.75, 3);
        assertTrue(result.ringDetected(), "deviation " + result.ringDeviationPercent());
        assertEquals(12 * 4, result.ringRadiusMm(), 4);
        assertTrue(result.ringDeviationPercent() > 4, "deviation " + result.ringDeviationPercent());
    }

    @Test
    void anImageWithoutACylinderIsRefused() {
        float[] data = new float[32 * 32 * 8];
        data[100] = 1;
        InvalidInputException failure = assertThrows(InvalidInputException.class, () -> TomographicUniformity.measure(
                new FloatVolume(new int[] {32, 32, 8}, new double[] {4, 4, 4}, new double[3], data), 0.75, 3));
        assertTrue(failure.getMessage().startsWith("no uniform cylinder found"), failure.getMessage());
    }
}
