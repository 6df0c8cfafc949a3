package org.wsss.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/** Reads and writes the stage tables: schema checked on read, output moved into place only when complete. */
public final class TableIO {
    private final SparkSession spark;
    private final Storage storage;
    private final RunLayout layout;

    /** The partition column that batch folders add; dropped on read. */
    public static final String BATCH_COLUMN = "batch";

    public TableIO(SparkSession spark, Storage storage, RunLayout layout) {
        this.spark = spark;
        this.storage = storage;
        this.layout = layout;
    }

    public boolean exists(TableSpec table) {
        return storage.exists(layout.table(table));
    }

    /** Reads a table written by an earlier stage and fails, naming the columns, if it is not what we declared. */
    public Dataset<Row> read(TableSpec table) {
        Path location = layout.table(table);
        if (!storage.exists(location)) {
            throw new MissingInputException("table " + table.name() + " not found at " + location
                    + ": run the stage that writes it first");
        }
        Dataset<Row> rows = spark.read().parquet(location.toString());
        List<String> problems = table.mismatches(rows.schema());
        if (!problems.isEmpty()) {
            throw new IllegalStateException("table " + table.name() + " at " + location
                    + " does not have the expected schema: " + String.join("; ", problems));
        }
        return rows.select(columnsOf(table));
    }

    /** Replaces the table with {@code rows}: written to a staging folder first, so readers never see half a table. */
    public void replace(TableSpec table, Dataset<Row> rows) {
        Path staging = layout.staging(table.name());
        checkSchema(table, rows);
        rows.write().mode(SaveMode.ErrorIfExists).parquet(staging.toString());
        try {
            storage.replaceDirectory(staging, layout.table(table));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot publish table " + table.name(), e);
        }
    }

    /**
     * Adds {@code rows} to a table as one new batch folder ({@code batch=<id>}, which Spark reads as a partition):
     * each run's output is written to staging and then renamed into the table in one step, so a crash leaves
     * either the whole batch or nothing, and a re-run that skips finished items never writes one twice.
     */
    public void appendBatch(TableSpec table, Dataset<Row> rows) {
        Path staging = layout.staging(table.name());
        checkSchema(table, rows);
        rows.write().mode(SaveMode.ErrorIfExists).parquet(staging.toString());
        String batch = BATCH_COLUMN + "=b" + java.time.LocalDateTime.now(java.time.ZoneOffset.UTC)
                .format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss"))
                + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        Path target = new Path(layout.table(table), batch);
        try {
            storage.mkdirs(layout.table(table));
            if (!storage.fs(target).rename(staging, target)) {
                throw new IOException("cannot move " + staging + " to " + target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot publish a batch of table " + table.name(), e);
        }
    }

    private static void checkSchema(TableSpec table, Dataset<Row> rows) {
        List<String> problems = table.mismatches(rows.schema());
        if (!problems.isEmpty()) {
            throw new IllegalStateException("rows for table " + table.name() + " do not match its schema: "
                    + String.join("; ", problems));
        }
    }

    private static org.apache.spark.sql.Column[] columnsOf(TableSpec table) {
        return java.util.Arrays.stream(table.schema().fieldNames())
                .map(org.apache.spark.sql.functions::col)
                .toArray(org.apache.spark.sql.Column[]::new);
    }
}
