package org.recon4j.spark;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.recon4j.evaluation.MethodResult;

/**
 * The results table: one row per job, or per job and method for a comparison, as Parquet (for
 * {@code spark.read.parquet}) and CSV (a header line, then the rows). Every metric any
 * comparison computed gets its own column, named as the comparison names it (lower case, words
 * joined by '_'), empty where a row has none.
 */
public final class ResultsTable {
    private static final String[] COLUMNS = {"id", "line", "command", "status", "exit_code", "message", "seconds",
        "device", "executor_host", "executor_jvm", "java_version", "outputs", "output_bytes", "method",
        "method_seconds"};
    /** Where the list-valued columns and the method's columns sit in a row. */
    private static final int OUTPUTS = 11;
    private static final int OUTPUT_BYTES = 12;
    private static final int METHOD = 13;

    private ResultsTable() {
    }

    /** The metric columns, in first-seen order. */
    static List<String> metricColumns(List<JobResult> results) {
        Set<String> names = new LinkedHashSet<>();
        for (JobResult result : results) {
            for (MethodResult method : result.methods()) {
                for (String metric : method.metrics().keySet()) {
                    names.add(column(metric));
                }
            }
        }
        return List.copyOf(names);
    }

    static String column(String metric) {
        return metric.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
    }

    /** The rows: each job's fields, then its method's (null for a job without methods). */
    static List<Object[]> rows(List<JobResult> results, List<String> metrics) {
        List<Object[]> rows = new ArrayList<>();
        for (JobResult result : results) {
            List<MethodResult> methods = result.methods().isEmpty() ? Collections.singletonList(null) : result.methods();
            for (MethodResult method : methods) {
                Object[] row = new Object[COLUMNS.length + metrics.size()];
                row[0] = result.id();
                row[1] = result.line();
                row[2] = result.command();
                row[3] = result.status();
                row[4] = result.exitCode();
                row[5] = result.message();
                row[6] = result.seconds();
                row[7] = result.device();
                row[8] = result.executorHost();
                row[9] = result.executorJvm();
                row[10] = result.javaVersion();
                row[OUTPUTS] = result.outputs();
                row[OUTPUT_BYTES] = result.outputBytes();
                if (method != null) {
                    row[METHOD] = method.method();
                    row[METHOD + 1] = method.seconds();
                    method.metrics().forEach((name, value) -> row[COLUMNS.length + metrics.indexOf(column(name))] = value);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    static StructType schema(List<String> metrics) {
        DataType[] types = {DataTypes.StringType, DataTypes.IntegerType, DataTypes.StringType, DataTypes.StringType,
            DataTypes.IntegerType, DataTypes.StringType, DataTypes.DoubleType, DataTypes.StringType,
            DataTypes.StringType, DataTypes.StringType, DataTypes.StringType,
            DataTypes.createArrayType(DataTypes.StringType, false), DataTypes.createArrayType(DataTypes.LongType, false),
            DataTypes.StringType, DataTypes.DoubleType};
        List<StructField> fields = new ArrayList<>();
        for (int i = 0; i < COLUMNS.length; i++) {
            fields.add(DataTypes.createStructField(COLUMNS[i], types[i], i >= METHOD));
        }
        for (String metric : metrics) {
            fields.add(DataTypes.createStructField(metric, DataTypes.DoubleType, true));
        }
        return DataTypes.createStructType(fields);
    }

    /** Writes both tables; each replaces an earlier one only when complete. */
    static void write(SparkSession spark, BatchLayout layout, List<JobResult> results) throws IOException {
        List<String> metrics = metricColumns(results);
        List<Object[]> rows = rows(results, metrics);
        writeCsv(layout.csv(), metrics, rows);
        List<Row> sparkRows = new ArrayList<>();
        for (Object[] row : rows) {
            Object[] values = row.clone();
            values[OUTPUTS] = scala.jdk.javaapi.CollectionConverters.asScala((List<?>) row[OUTPUTS]).toSeq();
            values[OUTPUT_BYTES] = scala.jdk.javaapi.CollectionConverters.asScala((List<?>) row[OUTPUT_BYTES]).toSeq();
            sparkRows.add(RowFactory.create(values));
        }
        Path staging = layout.out().resolve(BatchLayout.PRIVATE).resolve("results.parquet");
        JobExecution.deleteTree(staging);
        spark.createDataFrame(sparkRows, schema(metrics)).coalesce(1).write().mode(SaveMode.Overwrite)
                .parquet(staging.toUri().toString());
        JobExecution.deleteTree(layout.parquet());
        Files.move(staging, layout.parquet(), StandardCopyOption.ATOMIC_MOVE);
    }

    private static void writeCsv(Path file, List<String> metrics, List<Object[]> rows) throws IOException {
        CsvSchema.Builder builder = CsvSchema.builder().setUseHeader(true);
        for (String column : COLUMNS) {
            builder.addColumn(column);
        }
        for (String metric : metrics) {
            builder.addColumn(metric);
        }
        CsvMapper mapper = new CsvMapper();
        Path temporary = file.resolveSibling("." + file.getFileName() + ".partial");
        try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8);
             SequenceWriter sequence = mapper.writer(builder.build()).writeValues(writer)) {
            for (Object[] row : rows) {
                Object[] cells = row.clone();
                cells[OUTPUTS] = String.join(";", texts(row[OUTPUTS]));
                cells[OUTPUT_BYTES] = String.join(";", texts(row[OUTPUT_BYTES]));
                sequence.write(cells);
            }
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static List<String> texts(Object list) {
        return ((List<?>) list).stream().map(String::valueOf).toList();
    }
}
