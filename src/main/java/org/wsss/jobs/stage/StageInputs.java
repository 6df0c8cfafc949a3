package org.wsss.jobs.stage;

import java.util.List;
import org.apache.spark.sql.Row;

/** Small helpers for reading stage-table rows by column name. */
public final class StageInputs {
    private StageInputs() {}

    public static int[] intArray(Row row, String column) {
        List<Integer> values = row.getList(row.fieldIndex(column));
        int[] out = new int[values.size()];
        for (int i = 0; i < out.length; i++) out[i] = values.get(i);
        return out;
    }

    public static String string(Row row, String column) {
        return row.getString(row.fieldIndex(column));
    }

    public static int integer(Row row, String column) {
        return row.getInt(row.fieldIndex(column));
    }

    public static byte[] bytes(Row row, String column) {
        return (byte[]) row.get(row.fieldIndex(column));
    }

    public static int partitions(int configured, StageContext context) {
        return configured > 0 ? configured : Math.max(1, 2 * context.spark().sparkContext().defaultParallelism());
    }

    public static double secondsSince(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
