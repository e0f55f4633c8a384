package org.recon4j.qa;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Connected regions (4-neighbour) of a mask on one slice, for finding phantoms and their inserts. */
final class Components {
    /** One region: its pixel indices, centroid (pixels) and the radius of a disc of the same area (pixels). */
    record Component(int[] pixels, double centreX, double centreY) {
        int area() {
            return pixels.length;
        }

        double equivalentRadius() {
            return Math.sqrt(pixels.length / Math.PI);
        }

        /**
         * The area over that of the smallest disc about the centroid holding every pixel: 1 for a
         * disc, lower for elongated or ragged shapes.
         */
        double roundness(int width) {
            double farthest = 0;
            for (int pixel : pixels) {
                farthest = Math.max(farthest, Math.hypot(pixel % width - centreX, pixel / width - centreY));
            }
            return pixels.length / (Math.PI * (farthest + 0.5) * (farthest + 0.5));
        }
    }

    private Components() {
    }

    /** The mask's regions, largest first. */
    static List<Component> label(boolean[] mask, int width, int height) {
        boolean[] seen = new boolean[mask.length];
        int[] queue = new int[mask.length];
        List<Component> components = new ArrayList<>();
        for (int start = 0; start < mask.length; start++) {
            if (!mask[start] || seen[start]) {
                continue;
            }
            int head = 0;
            int tail = 0;
            queue[tail++] = start;
            seen[start] = true;
            double sumX = 0;
            double sumY = 0;
            while (head < tail) {
                int pixel = queue[head++];
                int x = pixel % width;
                int y = pixel / width;
                sumX += x;
                sumY += y;
                int[] neighbours = {x > 0 ? pixel - 1 : -1, x < width - 1 ? pixel + 1 : -1, y > 0 ? pixel - width : -1,
                    y < height - 1 ? pixel + width : -1};
                for (int neighbour : neighbours) {
                    if (neighbour >= 0 && mask[neighbour] && !seen[neighbour]) {
                        seen[neighbour] = true;
                        queue[tail++] = neighbour;
                    }
                }
            }
            int[] pixels = new int[tail];
            System.arraycopy(queue, 0, pixels, 0, tail);
            components.add(new Component(pixels, sumX / tail, sumY / tail));
        }
        components.sort(Comparator.comparingInt(Component::area).reversed());
        return components;
    }
}
