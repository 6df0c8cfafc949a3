package org.wsss.jobs;

import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import scala.collection.immutable.Seq;
import org.wsss.io.SparkValues;
import org.wsss.io.TableIO;
import org.wsss.io.TableSpec;

/**
 * The output of a per-image stage that resumes: inputs already written (or already rejected) are skipped, and each
 * run's new rows and rejects are published as one batch each, so a re-run never writes an image twice.
 */
final class ResumableOutput {
    static final String KEY = "image_id";

    private final SparkSession spark;
    private final TableIO tables;
    private final TableSpec output;
    private final TableSpec rejects;

    /** Counts of what one run published. */
    record Published(long rows, Map<String, Long> rejects) {}

    ResumableOutput(StageContext context, TableSpec output, TableSpec rejects) {
        this.spark = context.spark();
        this.tables = context.tables();
        this.output = output;
        this.rejects = rejects;
    }

    /** The inputs (with an {@code image_id} column) that no earlier run has written or rejected. */
    Dataset<Row> pending(Dataset<Row> inputs) {
        Dataset<Row> result = inputs;
        Seq<String> key = SparkValues.stringSeq(KEY);
        if (tables.exists(output)) result = result.join(tables.read(output).select(KEY), key, "left_anti");
        if (tables.exists(rejects)) {
            result = result.join(tables.read(rejects).selectExpr("item AS " + KEY), key, "left_anti");
        }
        return result;
    }

    /** Publishes the outcomes of this run (computed once: they are cached while being written). */
    Published publish(JavaRDD<Outcome> outcomes) {
        return publish(outcomes, null, null);
    }

    /**
     * As {@link #publish(JavaRDD)}, also appending to {@code derived} one row made from each output row (the CAM
     * stage's CAM-only masks). The output batch is written first; should a run stop between the two, the next run
     * re-derives the missing rows from the output table (see the stage), so no image is written twice.
     */
    Published publish(JavaRDD<Outcome> outcomes, TableSpec derived, Function<Row, Row> derive) {
        JavaRDD<Outcome> cached = outcomes.persist(StorageLevel.MEMORY_AND_DISK());
        try {
            JavaRDD<Row> rows = cached.filter(Outcome::isRow).map(Outcome::row);
            JavaRDD<Row> rejectRows = cached.filter(o -> !o.isRow()).map(o -> o.reject().toRow());
            long rowCount = rows.count();
            Map<String, Long> byReason = new TreeMap<>(cached.filter(o -> !o.isRow())
                    .map(o -> o.reject().reason()).countByValue());
            if (rowCount > 0) tables.appendBatch(output, spark.createDataFrame(rows, output.schema()));
            if (rowCount > 0 && derived != null) {
                tables.appendBatch(derived, spark.createDataFrame(rows.map(derive), derived.schema()));
            }
            if (!byReason.isEmpty()) tables.appendBatch(rejects, spark.createDataFrame(rejectRows, rejects.schema()));
            return new Published(rowCount, byReason);
        } finally {
            cached.unpersist(false);
        }
    }
}
