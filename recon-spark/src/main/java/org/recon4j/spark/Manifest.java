package org.recon4j.spark;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.recon4j.InvalidInputException;

/**
 * A batch manifest: JSON Lines, one job a line, {@code {"id": "p017-osem", "args": ["osem", ...]}}
 * with {@code args} exactly what one would type after {@code recon}. Blank lines and lines
 * starting with {@code #} are skipped. Every line is checked before any job runs; all problems
 * come back together, one line each, naming the manifest line.
 */
public final class Manifest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Ids name files and folders, so they keep to a portable set of characters. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    /** Commands that would nest a batch or start processes from inside a job. */
    private static final Set<String> NOT_JOBS = Set.of("batch", "cluster", "demo", "help");

    private final Path file;
    private final List<BatchJob> jobs;

    private Manifest(Path file, List<BatchJob> jobs) {
        this.file = file;
        this.jobs = List.copyOf(jobs);
    }

    public Path file() {
        return file;
    }

    public List<BatchJob> jobs() {
        return jobs;
    }

    /**
     * Reads and checks a manifest against the tool that will run it.
     *
     * @throws InvalidInputException naming every bad line (one line of text each)
     */
    public static Manifest read(Path file, CommandLineTool tool) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("manifest " + file + " does not exist");
        }
        Path folder = file.toAbsolutePath().normalize().getParent();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<String> problems = new ArrayList<>();
        List<BatchJob> jobs = new ArrayList<>();
        Map<String, Integer> idLines = new HashMap<>();
        Map<String, String> outputOwners = new HashMap<>();
        for (int index = 0; index < lines.size(); index++) {
            String text = lines.get(index).strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            int line = index + 1;
            String where = file.getFileName() + " line " + line;
            try {
                BatchJob job = parseLine(text, line, folder, tool);
                Integer earlier = idLines.putIfAbsent(job.id(), line);
                if (earlier != null) {
                    throw new InvalidInputException("id '" + job.id() + "' is already used on line " + earlier);
                }
                for (String output : job.outputs()) {
                    String owner = outputOwners.putIfAbsent(Path.of(output).normalize().toString(), job.id());
                    if (owner != null) {
                        throw new InvalidInputException("output '" + output + "' is also written by job '" + owner + "'");
                    }
                }
                jobs.add(job);
            } catch (InvalidInputException e) {
                problems.add(where + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(String.join(System.lineSeparator(), problems));
        }
        if (jobs.isEmpty()) {
            throw new InvalidInputException("manifest " + file + " holds no job: expected one JSON object a line, "
                    + "{\"id\": ..., \"args\": [...]}");
        }
        return new Manifest(file, jobs);
    }

    private static BatchJob parseLine(String text, int line, Path folder, CommandLineTool tool) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JacksonException e) {
            throw new InvalidInputException("expected a JSON object {\"id\": ..., \"args\": [...]}, found text that is not "
                    + "JSON (" + e.getOriginalMessage() + ")");
        }
        if (node == null || !node.isObject()) {
            throw new InvalidInputException("expected a JSON object {\"id\": ..., \"args\": [...]}, found "
                    + (node == null ? "nothing" : node.getNodeType().toString().toLowerCase()));
        }
        JsonNode idNode = node.get("id");
        if (idNode == null || !idNode.isTextual() || !ID.matcher(idNode.asText()).matches()) {
            throw new InvalidInputException("expected \"id\": a name of letters, digits, '.', '_' or '-' (up to 128), found "
                    + (idNode == null ? "none" : idNode.toString()));
        }
        JsonNode argsNode = node.get("args");
        if (argsNode == null || !argsNode.isArray() || argsNode.isEmpty()) {
            throw new InvalidInputException("expected \"args\": a non-empty array of strings, found "
                    + (argsNode == null ? "none" : argsNode.toString()));
        }
        List<String> args = new ArrayList<>();
        for (JsonNode argument : argsNode) {
            if (!argument.isTextual()) {
                throw new InvalidInputException("expected \"args\" to hold strings only, found " + argument);
            }
            args.add(argument.asText());
        }
        String id = idNode.asText();
        if (NOT_JOBS.contains(args.get(0))) {
            throw new InvalidInputException("'" + args.get(0) + "' cannot run as a batch job");
        }
        JobArguments analysis = tool.analyse(args);
        args = new ArrayList<>(analysis.arguments());
        String missing = null;
        for (int index : analysis.inputs()) {
            Path input = folder.resolve(args.get(index)).normalize();
            args.set(index, input.toString());
            if (missing == null && !Files.exists(input)) {
                missing = input.toString();
            }
        }
        for (int index : analysis.outputs()) {
            String output = args.get(index);
            Path relative = Path.of(output).normalize();
            if (relative.isAbsolute() || relative.startsWith("..") || relative.toString().isEmpty()) {
                throw new InvalidInputException("output '" + output + "' is outside --out: outputs are paths inside it");
            }
            if (BatchLayout.RESERVED.contains(relative.getName(0).toString())) {
                throw new InvalidInputException("output '" + output + "' takes a name the batch keeps for itself ("
                        + String.join(", ", new java.util.TreeSet<>(BatchLayout.RESERVED)) + ")");
            }
            args.set(index, relative.toString());
        }
        return new BatchJob(id, line, args, analysis, missing);
    }
}
