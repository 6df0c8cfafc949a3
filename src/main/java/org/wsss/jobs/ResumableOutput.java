package org.wsss.jobs;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.size;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;
import org.wsss.io.SparkValues;
import org.wsss.io.TableIO;
import org.wsss.io.TableSpec;

/**
 * The output of a per-image stage that resumes: inputs already written (or already rejected) are skipped, and each
 * run's new rows and rejects are published as one batch each, so a re-run never writes an image twice.
 *
 * <p>A table that several stages share tells their rows apart by a method column (the masks table: {@code cam}
 * from the CAM stage, {@code rw} and {@code rw_crf} from the random walk). There an image is done for a stage only
 * when each of the stage's methods has its row, and a re-run writes just the missing ones ({@link #pendingMethods}).
 */
final class ResumableOutput {
    static final String KEY = "image_id";
    /** Column that {@link #pendingMethods} adds: the stage's methods already written for the image. */
    static final String WRITTEN_METHODS = "written_methods";

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
        Dataset<Row> result = notRejected(inputs);
        if (tables.exists(output)) {
            result = result.join(tables.read(output).select(KEY), SparkValues.stringSeq(KEY), "left_anti");
        }
        return result;
    }

    /**
     * The inputs (with an {@code image_id} column) that no earlier run rejected and that lack the row of at least
     * one of {@code methods} in the output's {@code methodColumn}, with a column {@link #WRITTEN_METHODS} (an array
     * of strings) naming those of {@code methods} already written for the image. Rows of other methods are ignored.
     */
    Dataset<Row> pendingMethods(Dataset<Row> inputs, String methodColumn, List<String> methods) {
        Column none = array().cast(DataTypes.createArrayType(DataTypes.StringType));
        Dataset<Row> result = notRejected(inputs);
        if (!tables.exists(output)) {
            return result.withColumn(WRITTEN_METHODS, none);
        }
        Dataset<Row> written = tables.read(output)
                .filter(col(methodColumn).isin(methods.toArray()))
                .groupBy(KEY)
                .agg(collect_set(col(methodColumn)).as(WRITTEN_METHODS));
        return result.join(written, SparkValues.stringSeq(KEY), "left")
                .withColumn(WRITTEN_METHODS, coalesce(col(WRITTEN_METHODS), none))
                .filter(size(col(WRITTEN_METHODS)).lt(methods.size()));
    }

    private Dataset<Row> notRejected(Dataset<Row> inputs) {
        if (!tables.exists(rejects)) {
            return inputs;
        }
        return inputs.join(tables.read(rejects).selectExpr("item AS " + KEY), SparkValues.stringSeq(KEY), "left_anti");
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
