package org.recon4j.evaluation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What reports and benchmark records say about the machine they ran on. */
public final class Machine {
    private Machine() {
    }

    /** The CPU's model name (Linux), else the architecture Java reports. */
    public static String cpuName() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux: fall back to what Java knows
        }
        return System.getProperty("os.arch");
    }

    /** Recon4J's version from the jar's manifest, or "development" when run from classes. */
    public static String reconVersion() {
        String version = Machine.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }
}
