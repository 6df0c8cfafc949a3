package org.wsss.jobs;

import java.util.List;
import org.apache.spark.sql.Row;

/** Small helpers for reading stage-table rows by column name. */
final class StageInputs {
    private StageInputs() {}

    static int[] intArray(Row row, String column) {
        List<Integer> values = row.getList(row.fieldIndex(column));
        int[] out = new int[values.size()];
        for (int i = 0; i < out.length; i++) out[i] = values.get(i);
        return out;
    }

    static String string(Row row, String column) {
        return row.getString(row.fieldIndex(column));
    }

    static int integer(Row row, String column) {
        return row.getInt(row.fieldIndex(column));
    }

    static byte[] bytes(Row row, String column) {
        return (byte[]) row.get(row.fieldIndex(column));
    }

    static int partitions(int configured, StageContext context) {
        return configured > 0 ? configured : Math.max(1, 2 * context.spark().sparkContext().defaultParallelism());
    }

    static double secondsSince(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
