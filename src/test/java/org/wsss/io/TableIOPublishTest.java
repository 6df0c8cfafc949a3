package org.wsss.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsss.testing.TestSpark;

/** Publishing rows that replace older versions of the same keys is one atomic step. */
class TableIOPublishTest {
    private static final TableSpec TABLE = new TableSpec("things", new StructType()
            .add("image_id", DataTypes.StringType, false)
            .add("value", DataTypes.IntegerType, false)
            .add(Tables.MADE_BY, DataTypes.StringType, true));
    private static final StructType KEYS = new StructType().add("image_id", DataTypes.StringType, false);

    @TempDir
    Path dir;

    @AfterEach
    void openTheGate() {
        TableIO.setSwitchGate(table -> { });
    }

    private TableIO tables() {
        return new TableIO(spark(), Storage.local(), new RunLayout(dir.toString()));
    }

    private static SparkSession spark() {
        return TestSpark.session();
    }

    private static Dataset<Row> rows(Object[]... values) {
        return spark().createDataFrame(Stream.of(values).map(v -> (Row) RowFactory.create(v)).toList(), TABLE.schema());
    }

    private static Dataset<Row> keys(String... ids) {
        return spark().createDataFrame(Stream.of(ids).map(id -> (Row) RowFactory.create(id)).toList(), KEYS);
    }

    private Map<String, String> contents() {
        Map<String, String> byImage = new TreeMap<>();
        for (Row row : tables().read(TABLE).collectAsList()) {
            String previous = byImage.put(row.getString(0), row.getInt(1) + "@" + row.getString(2));
            assertEquals(null, previous, "two rows of " + row.getString(0));
        }
        return byImage;
    }

    private long batchFolders() throws Exception {
        try (Stream<Path> files = Files.list(dir.resolve(TABLE.name()))) {
            return files.filter(f -> f.getFileName().toString().startsWith(TableIO.BATCH_COLUMN + "=")).count();
        }
    }

    @Test
    void replacedKeysAreRetiredInTheSameStep() throws Exception {
        tables().appendBatch(TABLE, rows(new Object[] {"a", 1, "v1"}, new Object[] {"b", 2, "v1"}));
        tables().publish(TABLE, rows(new Object[] {"a", 10, "v2"}), keys("a"));
        assertEquals(Map.of("a", "10@v2", "b", "2@v1"), contents());
        assertEquals(2, batchFolders(), "the first batch was rewritten without a; the old folder is gone");

        tables().publish(TABLE, rows(), keys("b"));
        assertEquals(Map.of("a", "10@v2"), contents(), "an image redone into a reject loses its old row");
    }

    @Test
    void aCrashBeforeTheSwitchLeavesTheOldRowsAndTheNextPublishTidiesUp() throws Exception {
        tables().appendBatch(TABLE, rows(new Object[] {"a", 1, "v1"}, new Object[] {"b", 2, "v1"}));
        TableIO.setSwitchGate(table -> {
            throw new IllegalStateException("killed");
        });
        assertThrows(IllegalStateException.class,
                () -> tables().publish(TABLE, rows(new Object[] {"a", 10, "v2"}), keys("a")));
        assertEquals(Map.of("a", "1@v1", "b", "2@v1"), contents());
        assertEquals(3, batchFolders(), "the old batch, its rewrite and the new batch: only the first is live");

        openTheGate();
        tables().publish(TABLE, rows(new Object[] {"a", 11, "v3"}), keys("a"));
        assertEquals(Map.of("a", "11@v3", "b", "2@v1"), contents());
        assertEquals(2, batchFolders());
    }

    @Test
    void aTableWrittenBeforeLineageReadsAsUnknown() {
        StructType old = TABLE.computedSchema();
        spark().createDataFrame(List.of(RowFactory.create("a", 1)), old).write()
                .parquet(dir.resolve(TABLE.name()).resolve(TableIO.BATCH_COLUMN + "=b1").toString());
        assertEquals(Map.of("a", "1@null"), contents());
        tables().publish(TABLE, rows(new Object[] {"b", 2, "v1"}), keys("b"));
        assertEquals(Map.of("a", "1@null", "b", "2@v1"), contents(), "old batches stay live beside new ones");
    }

    @Test
    void aTableWrittenWholeRefusesBatchesRatherThanHidingItsRows() {
        tables().replace(TABLE, rows(new Object[] {"a", 1, "v1"}));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> tables().publish(TABLE, rows(new Object[] {"b", 2, "v1"}), keys("b")));
        assertTrue(e.getMessage().contains("written whole"), e.getMessage());
        assertEquals(Map.of("a", "1@v1"), contents());
    }
}
