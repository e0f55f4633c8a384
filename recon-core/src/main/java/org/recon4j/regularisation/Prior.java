package org.recon4j.regularisation;

import java.util.Locale;
import org.recon4j.InvalidInputException;
import org.recon4j.geometry.VolumeGeometry;
import org.recon4j.util.Parallel;

/**
 * A smoothness penalty R(x) over pairs of neighbouring voxels, {@code R(x) = sum over unordered
 * pairs {j, k} of w_jk phi(x_j, x_k)}, each pair once. Neighbours are the 26 voxels around a
 * voxel (8 in a single slice); {@code w_jk} is the nearest in-plane neighbour's distance over the
 * pair's distance (1 along x, 1/sqrt(2) across a diagonal, for square voxels), so beta means the
 * same in every command. Penalised methods maximise {@code L(x) - beta R(x)}.
 */
public final class Prior {
    /** The potential of a pair: its value and its derivative in the first argument. */
    public interface Potential {
        double value(double a, double b);

        double derivative(double a, double b);

        String describe();
    }

    /** {@code (a - b)^2}. */
    public static Potential quadratic() {
        return new Potential() {
            @Override
            public double value(double a, double b) {
                double d = a - b;
                return d * d;
            }

            @Override
            public double derivative(double a, double b) {
                return 2 * (a - b);
            }

            @Override
            public String describe() {
                return "quadratic";
            }
        };
    }

    /**
     * The relative difference prior (Nuyts et al. 2002): {@code (a - b)^2 / (a + b + gamma |a - b| + epsilon)}.
     * Gamma sets how edges are spared (0: quadratic-like relative to the mean; larger: edges cost less).
     */
    public static Potential relativeDifference(double gamma, double epsilon) {
        if (!(gamma >= 0) || Double.isInfinite(gamma)) {
            throw new InvalidInputException("the RDP's gamma must be finite and >= 0, found " + gamma);
        }
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new InvalidInputException("the RDP's epsilon must be finite and > 0, found " + epsilon);
        }
        return new Potential() {
            @Override
            public double value(double a, double b) {
                double d = a - b;
                return d * d / (a + b + gamma * Math.abs(d) + epsilon);
            }

            @Override
            public double derivative(double a, double b) {
                double d = a - b;
                double denominator = a + b + gamma * Math.abs(d) + epsilon;
                return d * (a + 3 * b + gamma * Math.abs(d) + 2 * epsilon) / (denominator * denominator);
            }

            @Override
            public String describe() {
                return String.format(Locale.ROOT, "relative difference (gamma %g)", gamma);
            }
        };
    }

    /** The RDP's epsilon where none is given: small against any count level, enough to keep 0/0 away. */
    public static final double DEFAULT_EPSILON = 1e-9;

    private final VolumeGeometry grid;
    private final Potential potential;
    private final int[][] offsets;
    private final double[] weights;
    private final int threads;

    /** @param threads worker threads for the value and gradient, 0 = all cores (the same bits for any count) */
    public Prior(VolumeGeometry grid, Potential potential, int threads) {
        this.grid = grid;
        this.potential = potential;
        this.threads = Parallel.resolveThreads(threads);
        int reachZ = grid.nz() > 1 ? 1 : 0;
        int count = (reachZ == 1 ? 27 : 9) - 1;
        offsets = new int[count][];
        weights = new double[count];
        int n = 0;
        for (int dz = -reachZ; dz <= reachZ; dz++) {
            for (int dy = -1; dy <= 1; dy++) {
                for (int dx = -1; dx <= 1; dx++) {
                    if (dx == 0 && dy == 0 && dz == 0) {
                        continue;
                    }
                    double distance = Math.sqrt(Math.pow(dx * grid.dx(), 2) + Math.pow(dy * grid.dy(), 2)
                            + Math.pow(dz * grid.dz(), 2));
                    offsets[n] = new int[] {dx, dy, dz};
                    weights[n] = Math.min(grid.dx(), grid.dy()) / distance;
                    n++;
                }
            }
        }
    }

    public Potential potential() {
        return potential;
    }

    /** R(x), each unordered pair once. */
    public double value(float[] image) {
        double[] planes = new double[grid.nz()];
        try (Parallel parallel = new Parallel(threads)) {
            parallel.forEach(grid.nz(), z -> planes[z] = plane(z, image, null));
        }
        double total = 0;
        for (double plane : planes) {
            total += plane;
        }
        return 0.5 * total;
    }

    /** Writes dR/dx into {@code gradient}. */
    public void gradient(float[] image, float[] gradient) {
        try (Parallel parallel = new Parallel(threads)) {
            parallel.forEach(grid.nz(), z -> plane(z, image, gradient));
        }
    }

    /**
     * One plane's voxels j and each neighbour k inside the grid: with {@code gradient} null it
     * sums {@code w phi(x_j, x_k)} (so every pair is seen twice over the grid), else it writes
     * {@code sum_k w dphi/da(x_j, x_k)} for each j of the plane.
     */
    private double plane(int z, float[] image, float[] gradient) {
        int nx = grid.nx();
        int ny = grid.ny();
        int nz = grid.nz();
        double total = 0;
        for (int y = 0; y < ny; y++) {
            for (int x = 0; x < nx; x++) {
                int j = (z * ny + y) * nx + x;
                double a = image[j];
                double sum = 0;
                for (int n = 0; n < offsets.length; n++) {
                    int[] offset = offsets[n];
                    int kx = x + offset[0];
                    int ky = y + offset[1];
                    int kz = z + offset[2];
                    if (kx < 0 || ky < 0 || kz < 0 || kx >= nx || ky >= ny || kz >= nz) {
                        continue;
                    }
                    double b = image[(kz * ny + ky) * nx + kx];
                    sum += weights[n] * (gradient == null ? potential.value(a, b) : potential.derivative(a, b));
                }
                if (gradient == null) {
                    total += sum;
                } else {
                    gradient[j] = (float) sum;
                }
            }
        }
        return total;
    }

    /** Parses {@code quadratic:BETA} or {@code rdp:BETA[:GAMMA]} (gamma 2 by default, as STIR's). */
    public static Parsed parse(String text) {
        String[] parts = text.trim().split(":");
        String name = parts[0].toLowerCase(Locale.ROOT);
        boolean quadratic = name.equals("quadratic") && parts.length == 2;
        boolean rdp = name.equals("rdp") && (parts.length == 2 || parts.length == 3);
        if (!quadratic && !rdp) {
            throw new InvalidInputException("unknown prior '" + text + "': expected quadratic:BETA or rdp:BETA[:GAMMA]");
        }
        double beta = number(text, parts[1]);
        if (!(beta >= 0) || Double.isInfinite(beta)) {
            throw new InvalidInputException("the prior's beta must be finite and >= 0, found " + parts[1]);
        }
        Potential potential = quadratic ? quadratic()
                : relativeDifference(parts.length == 3 ? number(text, parts[2]) : DEFAULT_GAMMA, DEFAULT_EPSILON);
        return new Parsed(potential, beta);
    }

    /** STIR's default gamma for the relative difference prior. */
    public static final double DEFAULT_GAMMA = 2;

    /** A prior named on the command line: its potential and weight. */
    public record Parsed(Potential potential, double beta) {
    }

    private static double number(String text, String part) {
        try {
            return Double.parseDouble(part);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("prior '" + text + "' has '" + part + "' where a number belongs");
        }
    }
}
