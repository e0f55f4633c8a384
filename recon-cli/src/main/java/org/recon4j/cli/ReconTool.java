package org.recon4j.cli;

import java.io.File;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.recon4j.InvalidInputException;
import org.recon4j.spark.CommandLineTool;
import org.recon4j.spark.JobArguments;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * The {@code recon} command as a {@link CommandLineTool}: batch jobs and slab tasks run the same
 * commands, parsed by the same options, in-process on Spark's executors. Paths are the options
 * of type path; those named {@code --out...}, {@code --json}, {@code --png} or {@code --report}
 * are outputs, the others inputs.
 */
public final class ReconTool implements CommandLineTool {
    private static final long serialVersionUID = 1L;
    private static final Set<String> OUTPUT_OPTIONS = Set.of("--json", "--png", "--report");

    @Override
    public JobArguments analyse(List<String> args) {
        List<String> arguments = split(args);
        if (arguments.size() > 1 && arguments.get(0).equals("compare") && arguments.get(1).equals("--spec")) {
            throw new InvalidInputException("compare --spec reruns a comparison where it was saved; as a job, give the "
                    + "comparison's own arguments");
        }
        CommandLine.ParseResult parsed;
        try {
            parsed = new CommandLine(new Recon()).parseArgs(arguments.toArray(String[]::new));
        } catch (ParameterException e) {
            throw new InvalidInputException(e.getMessage());
        }
        if (!parsed.hasSubcommand()) {
            throw new InvalidInputException("expected a command such as fbp or osem first, found '" + args.get(0) + "'");
        }
        CommandSpec spec = parsed.subcommand().commandSpec();
        List<Integer> inputs = new ArrayList<>();
        List<Integer> outputs = new ArrayList<>();
        Set<String> given = new HashSet<>();
        Set<String> accepted = new HashSet<>();
        spec.options().forEach(option -> accepted.addAll(List.of(option.names())));
        int positional = 0;
        for (int index = 1; index < arguments.size(); index++) {
            OptionSpec option = arguments.get(index).startsWith("-") ? spec.findOption(arguments.get(index)) : null;
            if (option == null) {
                // a positional parameter: an input when it is a path (recon info FILE)
                int position = positional++;
                if (spec.positionalParameters().stream().anyMatch(parameter -> parameter.index().contains(position)
                        && isPath(parameter))) {
                    inputs.add(index);
                }
                continue;
            }
            given.addAll(List.of(option.names()));
            int values = option.arity().max() == 0 ? 0 : Math.max(1, option.arity().min());
            boolean path = isPath(option);
            boolean output = option.longestName().startsWith("--out") || OUTPUT_OPTIONS.contains(option.longestName());
            for (int value = index + 1; value <= index + values && value < arguments.size(); value++) {
                if (path) {
                    (output ? outputs : inputs).add(value);
                }
            }
            index += values;
        }
        return new JobArguments(arguments, inputs, outputs, given, accepted);
    }

    @Override
    public int run(List<String> args, PrintWriter out, PrintWriter err) {
        return Recon.execute(args.toArray(String[]::new), out, err);
    }

    /** {@code --option=value} as two arguments, so that a path is always an argument of its own. */
    private static List<String> split(List<String> args) {
        List<String> arguments = new ArrayList<>();
        for (String argument : args) {
            int equals = argument.indexOf('=');
            if (argument.startsWith("--") && equals > 2) {
                arguments.add(argument.substring(0, equals));
                arguments.add(argument.substring(equals + 1));
            } else {
                arguments.add(argument);
            }
        }
        return arguments;
    }

    private static boolean isPath(CommandLine.Model.ArgSpec option) {
        Class<?> type = option.type();
        if (type == Path.class || type == File.class) {
            return true;
        }
        for (Class<?> auxiliary : option.auxiliaryTypes()) {
            if (auxiliary == Path.class || auxiliary == File.class) {
                return true;
            }
        }
        return false;
    }
}
