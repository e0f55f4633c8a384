package org.recon4j.cli;

import java.io.PrintWriter;
import org.recon4j.Progress;

/**
 * A one-line progress bar on stderr, redrawn in place. Drawn only when stderr is a terminal
 * and the user did not ask for quiet; otherwise it does nothing, so logs stay clean.
 */
final class ProgressBar implements Progress {
    private static final int WIDTH = 30;
    private final PrintWriter err;
    private final String label;
    private final boolean enabled;
    private final long startNanos = System.nanoTime();
    private int drawnPercent = -1;

    ProgressBar(PrintWriter err, String label, boolean quiet) {
        this.err = err;
        this.label = label;
        this.enabled = !quiet && System.console() != null;
    }

    @Override
    public synchronized void update(long done, long total) {
        if (!enabled || total <= 0) {
            return;
        }
        int percent = (int) (100 * done / total);
        if (percent == drawnPercent || System.nanoTime() - startNanos < 500_000_000L && done < total) {
            return;
        }
        drawnPercent = percent;
        int filled = (int) ((long) WIDTH * done / total);
        err.print("\r" + label + " [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + done + "/" + total);
        if (done >= total) {
            err.print("\r" + " ".repeat(label.length() + WIDTH + 24) + "\r");
        }
        err.flush();
    }
}
