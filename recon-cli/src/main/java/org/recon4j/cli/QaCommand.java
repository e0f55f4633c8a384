package org.recon4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code recon qa}: quality-assurance tests of SPECT cameras and CT scanners. */
@Command(name = "qa", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Quality assurance from projections and reconstructions: the standard tests of a gamma camera",
            "(NEMA NU 1 style) and of CT image quality (AAPM TG-233), with pass/fail against tolerances.",
            "Each prints its figures with units; --json writes them, --report writes an HTML page."},
        subcommands = {QaSpectCorCommand.class, QaSpectResolutionCommand.class, QaSpectUniformityCommand.class,
            QaCtImageCommand.class, CommandLine.HelpCommand.class})
final class QaCommand {
}
