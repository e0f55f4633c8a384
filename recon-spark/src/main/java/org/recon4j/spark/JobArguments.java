package org.recon4j.spark;

import java.io.Serializable;
import java.util.List;
import java.util.Set;

/**
 * What one command line holds, as {@link CommandLineTool#analyse} reads it.
 *
 * @param arguments the line with each {@code --option=value} split in two, so that every path is one argument
 * @param inputs    the indices in {@code arguments} of input paths
 * @param outputs   the indices in {@code arguments} of output paths
 * @param given     the names of the options given (every alias of each)
 * @param accepted  the names of the options the command accepts
 */
public record JobArguments(List<String> arguments, List<Integer> inputs, List<Integer> outputs, Set<String> given,
                           Set<String> accepted) implements Serializable {
    public JobArguments {
        arguments = List.copyOf(arguments);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        given = Set.copyOf(given);
        accepted = Set.copyOf(accepted);
    }

    /** True when the command accepts {@code option} and the line does not give it. */
    public boolean lacks(String option) {
        return accepted.contains(option) && !given.contains(option);
    }
}
