package org.wsss.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * Reads and writes the stage tables: schema checked on read, output moved into place only when complete.
 *
 * <p>A table that grows by batches (the per-image stages' outputs) keeps a small manifest, {@code _batches}, naming
 * its live batch folders. Readers read only those, so publishing (new rows, and rows that replace older versions of
 * the same keys) is one atomic replacement of the manifest: a crash before it leaves the old rows, after it the new
 * ones, never both. Folders no manifest names are leftovers of a crash, removed by the next publish.
 */
public final class TableIO {
    private final SparkSession spark;
    private final Storage storage;
    private final RunLayout layout;

    /** The partition column that batch folders add; dropped on read. */
    public static final String BATCH_COLUMN = "batch";
    /** The list of a batched table's live batch folders, one per line. */
    public static final String MANIFEST = "_batches";

    /** Called between writing a publish's batch folders and switching the manifest to them; a crash test's hook. */
    @FunctionalInterface
    public interface SwitchGate {
        void beforeSwitch(TableSpec table);
    }

    private static volatile SwitchGate gate = table -> { };

    public TableIO(SparkSession spark, Storage storage, RunLayout layout) {
        this.spark = spark;
        this.storage = storage;
        this.layout = layout;
    }

    /** Installs {@code newGate} (tests only: it stands for the moment a JVM may die mid-publish). */
    public static void setSwitchGate(SwitchGate newGate) {
        gate = newGate;
    }

    public boolean exists(TableSpec table) {
        return storage.exists(layout.table(table));
    }

    /**
     * Reads a table written by an earlier stage and fails, naming the columns, if it is not what we declared. A
     * table written before lineage was recorded reads with an empty {@link Tables#MADE_BY} column (unknown, so stale).
     */
    public Dataset<Row> read(TableSpec table) {
        Path location = layout.table(table);
        if (!storage.exists(location)) {
            throw new MissingInputException("table " + table.name() + " not found at " + location
                    + ": run the stage that writes it first");
        }
        Dataset<Row> rows = readLive(table, location);
        List<String> problems = table.mismatches(rows.schema());
        if (!problems.isEmpty()) {
            throw new IllegalStateException("table " + table.name() + " at " + location
                    + " does not have the expected schema: " + String.join("; ", problems));
        }
        if (table.hasLineage() && !Arrays.asList(rows.schema().fieldNames()).contains(Tables.MADE_BY)) {
            rows = rows.withColumn(Tables.MADE_BY, functions.lit(null).cast(DataTypes.StringType));
        }
        return rows.select(columnsOf(table));
    }

    private Dataset<Row> readLive(TableSpec table, Path location) {
        List<String> live = liveBatches(table);
        // Batches written before lineage was recorded lack a column: merged, it reads as empty there.
        if (live == null) return spark.read().option("mergeSchema", "true").parquet(location.toString());
        if (live.isEmpty()) return spark.createDataFrame(List.of(), table.schema());
        String[] paths = live.stream().map(batch -> new Path(location, batch).toString()).toArray(String[]::new);
        return spark.read().option("basePath", location.toString()).option("mergeSchema", "true").parquet(paths);
    }

    /** The live batch folders of a table, or null when it has no manifest (written whole, or before manifests). */
    private List<String> liveBatches(TableSpec table) {
        Path manifest = new Path(layout.table(table), MANIFEST);
        try {
            if (!storage.existsAtomicallyWritten(manifest)) return null;
            return storage.readTextAtomicallyWritten(manifest).lines().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the batch list of table " + table.name(), e);
        }
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

    /** Adds {@code rows} to a table as one new batch, published atomically (see {@link #publish}). */
    public void appendBatch(TableSpec table, Dataset<Row> rows) {
        publish(table, rows, null);
    }

    /**
     * Publishes {@code rows} as a new batch and, in the same atomic step, retires every older row whose key
     * columns match a row of {@code replacedKeys} (null: nothing retired). Older batches holding such rows are
     * rewritten without them first; the manifest switch then makes the new batch set live at once.
     */
    public void publish(TableSpec table, Dataset<Row> rows, Dataset<Row> replacedKeys) {
        checkSchema(table, rows);
        Path location = layout.table(table);
        try {
            List<String> live = liveBatches(table);
            if (live == null) {
                requireNoWholeTable(table, location);
                live = existingBatches(location);
            }
            if (live.isEmpty() && rows.isEmpty()) return; // nothing to add, nothing to retire
            Set<String> next = new LinkedHashSet<>(live);
            List<String> retired = new ArrayList<>();
            if (replacedKeys != null && !live.isEmpty()) {
                String[] keys = replacedKeys.columns();
                Dataset<Row> current = readLive(table, location);
                List<String> touched = current.join(replacedKeys, SparkValues.stringSeq(keys), "left_semi")
                        .select(BATCH_COLUMN).distinct().as(Encoders.STRING()).collectAsList();
                for (String value : touched) {
                    String batch = BATCH_COLUMN + "=" + value;
                    Dataset<Row> kept = spark.read().parquet(new Path(location, batch).toString())
                            .join(replacedKeys, SparkValues.stringSeq(keys), "left_anti");
                    next.remove(batch);
                    retired.add(batch);
                    if (!kept.isEmpty()) next.add(writeBatch(table, kept.select(columnsPresentIn(table, kept))));
                }
            }
            if (!rows.isEmpty()) next.add(writeBatch(table, rows));
            gate.beforeSwitch(table);
            storage.writeTextAtomically(new Path(location, MANIFEST), String.join("\n", next) + "\n");
            removeUnlisted(location, next);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot publish a batch of table " + table.name(), e);
        }
    }

    /** Writes {@code rows} to staging, then renames it into the table as a batch folder no manifest names yet. */
    private String writeBatch(TableSpec table, Dataset<Row> rows) throws IOException {
        Path staging = layout.staging(table.name());
        rows.write().mode(SaveMode.ErrorIfExists).parquet(staging.toString());
        String batch = BATCH_COLUMN + "=b" + LocalDateTime.now(ZoneOffset.UTC)
                .format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss")) + "-" + UUID.randomUUID().toString()
                .substring(0, 8);
        Path target = new Path(layout.table(table), batch);
        storage.mkdirs(target.getParent());
        if (!storage.fs(target).rename(staging, target)) {
            throw new IOException("cannot move " + staging + " to " + target);
        }
        return batch;
    }

    private List<String> existingBatches(Path location) throws IOException {
        List<String> batches = new ArrayList<>();
        for (Path folder : storage.listDirectories(location)) {
            if (folder.getName().startsWith(BATCH_COLUMN + "=")) batches.add(folder.getName());
        }
        batches.sort(null);
        return batches;
    }

    /** Rows written whole ({@link #replace}) lie outside any batch: a manifest would hide them. */
    private void requireNoWholeTable(TableSpec table, Path location) throws IOException {
        for (org.apache.hadoop.fs.FileStatus file : storage.listFiles(location)) {
            if (file.getPath().getName().startsWith("part-")) {
                throw new IllegalStateException("table " + table.name() + " at " + location
                        + " was written whole, not in batches: it cannot take a batch");
            }
        }
    }

    private void removeUnlisted(Path location, Set<String> live) throws IOException {
        for (String batch : existingBatches(location)) {
            if (!live.contains(batch)) storage.deleteRecursively(new Path(location, batch));
        }
    }

    private static void checkSchema(TableSpec table, Dataset<Row> rows) {
        List<String> problems = table.mismatches(rows.schema());
        if (!problems.isEmpty()) {
            throw new IllegalStateException("rows for table " + table.name() + " do not match its schema: "
                    + String.join("; ", problems));
        }
    }

    /** A kept batch's columns as declared (a batch from before lineage keeps lacking that column). */
    private static Column[] columnsPresentIn(TableSpec table, Dataset<Row> rows) {
        List<String> present = Arrays.asList(rows.columns());
        return Arrays.stream(table.schema().fieldNames()).filter(present::contains).map(functions::col)
                .toArray(Column[]::new);
    }

    private static Column[] columnsOf(TableSpec table) {
        return Arrays.stream(table.schema().fieldNames()).map(functions::col).toArray(Column[]::new);
    }
}
