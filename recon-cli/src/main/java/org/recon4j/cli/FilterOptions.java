package org.recon4j.cli;

import org.recon4j.filter.FilterWindow;
import picocli.CommandLine.Option;

/** The ramp filter's window and cut-off, for fbp and fdk. */
final class FilterOptions {
    @Option(names = "--filter", paramLabel = "NAME", defaultValue = "ram-lak",
            description = "ram-lak, shepp-logan, cosine, hamming or hann (default ${DEFAULT-VALUE}).")
    String filter;

    @Option(names = "--cutoff", paramLabel = "F", defaultValue = "1",
            description = "Filter cut-off as a fraction of Nyquist, in (0, 1] (default ${DEFAULT-VALUE}).")
    double cutoff;

    FilterWindow window() {
        return FilterWindow.parse(filter);
    }
}
