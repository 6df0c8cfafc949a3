package org.wsss.jobs.stage;

import java.io.Serializable;
import org.apache.spark.sql.Row;

/** What a task made of one input: an output row, or a reject with its reason (exactly one is set). */
public record Outcome(Row row, Reject reject) implements Serializable {
    public static Outcome of(Row row) {
        return new Outcome(row, null);
    }

    public static Outcome rejected(String item, String reason, String detail, String source) {
        return new Outcome(null, new Reject(item, reason, detail, source));
    }

    public boolean isRow() {
        return row != null;
    }
}
