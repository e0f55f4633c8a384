package org.recon4j.spect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.recon4j.InvalidInputException;
import org.recon4j.algorithm.SpectFbp;
import org.recon4j.filter.FilterWindow;
import org.recon4j.geometry.SpectGeometry;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.phantom.EmissionPhantom;
import org.recon4j.projector.SpectProjector;

class SpectFbpAndPhantomsTest {
    @Test
    void iecSpheresHaveTheirVolumes() {
        EmissionPhantom phantom = EmissionPhantom.nemaIecBody(4);
        VolumeGeometry grid = new VolumeGeometry(40, 40, 40, 1, 1, 1, 0, 0, 0);
        for (double diameter : new double[] {22, 37}) {
            EmissionPhantom.Region region = phantom.region("sphere" + (int) diameter);
            float[] inside = new EmissionPhantom(java.util.List.of(new EmissionPhantom.Region("s",
                    region.solid(), 1, 0))).activity(grid.withCentre(57.2 * Math.cos(Math.toRadians(diameter == 22 ? 180 : 300)),
                    35 + 57.2 * Math.sin(Math.toRadians(diameter == 22 ? 180 : 300)), 0), 4);
            double volume = 0;
            for (float value : inside) {
                volume += value;
            }
            double expected = Math.PI / 6 * diameter * diameter * diameter;
            assertEquals(expected, volume, 0.01 * expected, diameter + " mm sphere");
        }
        assertEquals(0.0, phantom.region("lung").activity());
        EmissionPhantom jaszczak = EmissionPhantom.jaszczak();
        assertTrue(jaszczak.regions().size() == 13);
    }

    @Test
    void changCorrectsTheAttenuationOfAUniformBody() {
        EmissionPhantom phantom = EmissionPhantom.nemaIecBody(1);
        VolumeGeometry grid = new VolumeGeometry(64, 64, 8, 5, 5, 5, 0, 0, 0);
        float[] activity = phantom.activity(grid, 2);
        float[] mu = phantom.attenuation(grid, 2);
        boolean[] body = new boolean[mu.length];
        for (int i = 0; i < mu.length; i++) {
            body[i] = mu[i] > 0;
        }
        SpectGeometry geometry = SpectGeometry.fromDicom(0, 3, SpectGeometry.Direction.CC, 120, new double[] {250},
                72, 8, 5, 5);
        SpectProjector projector = new SpectProjector(geometry, grid, mu, body, null, 0);
        float[] projections = new float[geometry.projectionSize()];
        projector.forward(activity, projections);
        float[] plain = SpectFbp.reconstruct(projections, geometry, grid, FilterWindow.HANN, 1, null, 0);
        float[] corrected = SpectFbp.reconstruct(projections, geometry, grid, FilterWindow.HANN, 1, projector, 0);
        boolean[] centre = new boolean[mu.length];
        boolean[] background = new boolean[mu.length];
        for (int z = 2; z < 6; z++) {
            for (int y = 0; y < 64; y++) {
                for (int x = 0; x < 64; x++) {
                    double px = grid.x(x);
                    double py = grid.y(y);
                    int i = (z * 64 + y) * 64 + x;
                    double r = Math.hypot(px, py - 35);
                    centre[i] = r > 35 && r < 45; // between the lung insert and the spheres... all background here
                    background[i] = r > 30 && r < 120 && py < 100 && activity[i] == 1f;
                }
            }
        }
        double plainMean = RoiMetrics.mean(plain, background);
        double correctedMean = RoiMetrics.mean(corrected, background);
        double plainCentre = RoiMetrics.mean(plain, centre);
        System.out.printf("IEC body FBP: background %.3f without attenuation correction, %.3f with Chang; near the axis %.3f%n",
                plainMean, correctedMean, plainCentre);
        assertTrue(plainCentre < 0.5, "attenuation depresses the centre: " + plainCentre);
        assertEquals(1.0, correctedMean, 0.1, "Chang's first order brings the background to about 1");
        assertThrows(InvalidInputException.class, () -> SpectFbp.reconstruct(projections, geometry,
                new VolumeGeometry(64, 64, 9, 5, 5, 5, 0, 0, 0), FilterWindow.HANN, 1, null, 0));
    }
}
