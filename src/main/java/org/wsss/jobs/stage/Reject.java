package org.wsss.jobs.stage;

import java.io.Serializable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/** An input a stage refused, with a reason fit for a table and a count. */
public record Reject(String item, String reason, String detail, String source) implements Serializable {
    public Row toRow() {
        return RowFactory.create(item, reason, detail, source);
    }
}
