package org.recon4j.projector;

import java.util.Arrays;
import org.recon4j.InvalidInputException;

/** A set of view indices, for ordered-subset methods. Immutable. */
public final class ViewSet {
    private final int[] views;
    private final int total;

    private ViewSet(int[] views, int total) {
        this.views = views;
        this.total = total;
    }

    public static ViewSet all(int total) {
        int[] views = new int[total];
        Arrays.setAll(views, v -> v);
        return new ViewSet(views, total);
    }

    public static ViewSet of(int total, int... views) {
        int[] sorted = views.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            if (sorted[i] < 0 || sorted[i] >= total || i > 0 && sorted[i] == sorted[i - 1]) {
                throw new InvalidInputException("view set must hold distinct views in [0, " + total + "), found "
                        + sorted[i]);
            }
        }
        return new ViewSet(sorted, total);
    }

    /**
     * Interleaved subsets: subset s holds views {@code s, s + n, s + 2n, ...}. Subsets are
     * returned in the order 0, n/2, n/4, 3n/4, ... (bit-reversed), which spreads consecutive
     * subsets over the circle.
     */
    public static ViewSet[] interleaved(int total, int subsets) {
        return interleaved(total, subsets, true);
    }

    /**
     * Interleaved subsets as above, returned in bit-reversed order or, with {@code bitReversed}
     * false, in the order 0, 1, 2, ... (as STIR's OSMAPOSL runs them).
     */
    public static ViewSet[] interleaved(int total, int subsets, boolean bitReversed) {
        if (subsets < 1 || subsets > total) {
            throw new InvalidInputException("subset count must be in 1.." + total + " (the view count), found " + subsets);
        }
        ViewSet[] result = new ViewSet[subsets];
        int[] order = bitReversed ? bitReversedOrder(subsets) : sequentialOrder(subsets);
        for (int i = 0; i < subsets; i++) {
            int first = order[i];
            int[] members = new int[(total - first + subsets - 1) / subsets];
            for (int k = 0; k < members.length; k++) {
                members[k] = first + k * subsets;
            }
            result[i] = new ViewSet(members, total);
        }
        return result;
    }

    private static int[] sequentialOrder(int count) {
        int[] order = new int[count];
        Arrays.setAll(order, i -> i);
        return order;
    }

    private static int[] bitReversedOrder(int count) {
        int bits = 0;
        while ((1 << bits) < count) {
            bits++;
        }
        int[] order = new int[count];
        int filled = 0;
        for (int i = 0; i < (1 << bits) && filled < count; i++) {
            int reversed = Integer.reverse(i) >>> (32 - Math.max(bits, 1));
            if (bits == 0) {
                reversed = 0;
            }
            if (reversed < count) {
                order[filled++] = reversed;
            }
        }
        return order;
    }

    public int size() {
        return views.length;
    }

    public int view(int i) {
        return views[i];
    }

    public int total() {
        return total;
    }

    public boolean isAll() {
        return views.length == total;
    }

    @Override
    public String toString() {
        return views.length == total ? "all " + total + " views" : Arrays.toString(views);
    }
}
