package org.wsss.jobs.stage;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.size;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.wsss.io.SparkValues;
import org.wsss.io.TableIO;
import org.wsss.io.TableSpec;
import org.wsss.io.Tables;

/**
 * The output of a per-image stage that resumes and follows changes. An image is pending unless its row (or its
 * reject) was made from the stage's current inputs, that is carries the current fingerprint in
 * {@link Tables#MADE_BY}; so a first run writes everything, a resumed run what is missing, and a run after an input
 * changed everything again. Each run's rows are published as one batch that retires, in the same atomic step, the
 * older rows of the images it redid: every image has one version of each method, never a mix.
 *
 * <p>A table that several stages share tells their rows apart by a method column (the masks table: {@code cam}
 * from the CAM stage, {@code rw} and {@code rw_crf} from the random walk). There an image is done for a stage only
 * when each of the stage's methods has its current row ({@link #pendingMethods}).
 */
public final class ResumableOutput {
    static final String KEY = "image_id";
    static final String METHOD = "method";
    /** Column that {@link #pendingMethods} adds: the stage's methods already written for the image. */
    public static final String WRITTEN_METHODS = "written_methods";
    private static final StructType IMAGE_KEYS = new StructType().add(KEY, DataTypes.StringType, false);
    private static final StructType METHOD_KEYS = IMAGE_KEYS.add(METHOD, DataTypes.StringType, false);

    private final SparkSession spark;
    private final TableIO tables;
    private final TableSpec output;
    private final TableSpec rejects;
    private final String madeBy;
    /** The keys the rows of this run replace: set by {@code pending}, retired by {@code publish}. */
    private List<Row> replacedKeys = List.of();
    private List<String> pendingImages = List.of();

    /** Counts of what one run published. */
    public record Published(long rows, Map<String, Long> rejects) {}

    /**
     * @param madeBy the fingerprint of the stage's current inputs, stamped on every row and reject it publishes
     */
    public ResumableOutput(StageContext context, TableSpec output, TableSpec rejects, String madeBy) {
        this.spark = context.spark();
        this.tables = context.tables();
        this.output = output;
        this.rejects = rejects;
        this.madeBy = madeBy;
    }

    /** The inputs (with an {@code image_id} column) that have neither a current row nor a current reject. */
    Dataset<Row> pending(Dataset<Row> inputs) {
        Dataset<Row> result = notRejected(inputs);
        if (tables.exists(output)) {
            result = result.join(current(output).select(KEY), SparkValues.stringSeq(KEY), "left_anti");
        }
        pendingImages = result.select(KEY).distinct().as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
        replacedKeys = pendingImages.stream().map(id -> (Row) RowFactory.create(id)).toList();
        return result;
    }

    /**
     * The inputs (with an {@code image_id} column) that have no current reject and lack the current row of at least
     * one of {@code methods}, with a column {@link #WRITTEN_METHODS} (an array of strings) naming those of
     * {@code methods} whose current row is written. Rows of other methods are left alone.
     */
    Dataset<Row> pendingMethods(Dataset<Row> inputs, List<String> methods) {
        Column none = array().cast(DataTypes.createArrayType(DataTypes.StringType));
        Dataset<Row> result = notRejected(inputs);
        if (!tables.exists(output)) {
            result = result.withColumn(WRITTEN_METHODS, none);
        } else {
            Dataset<Row> written = current(output)
                    .filter(col(METHOD).isin(methods.toArray()))
                    .groupBy(KEY)
                    .agg(collect_set(col(METHOD)).as(WRITTEN_METHODS));
            result = result.join(written, SparkValues.stringSeq(KEY), "left")
                    .withColumn(WRITTEN_METHODS, coalesce(col(WRITTEN_METHODS), none))
                    .filter(size(col(WRITTEN_METHODS)).lt(methods.size()));
        }
        List<Row> keys = new ArrayList<>();
        List<String> images = new ArrayList<>();
        for (Row row : result.select(KEY, WRITTEN_METHODS).collectAsList()) {
            String image = row.getAs(KEY);
            List<String> written = row.getList(row.fieldIndex(WRITTEN_METHODS));
            images.add(image);
            for (String method : methods) {
                if (!written.contains(method)) keys.add(RowFactory.create(image, method));
            }
        }
        pendingImages = images;
        replacedKeys = keys;
        return result;
    }

    /** The rows of {@code table} made from the current inputs. */
    private Dataset<Row> current(TableSpec table) {
        return tables.read(table).filter(col(Tables.MADE_BY).equalTo(madeBy));
    }

    private Dataset<Row> notRejected(Dataset<Row> inputs) {
        if (!tables.exists(rejects)) {
            return inputs;
        }
        return inputs.join(current(rejects).selectExpr("item AS " + KEY), SparkValues.stringSeq(KEY), "left_anti");
    }

    /** Publishes the outcomes of this run (computed once: they are cached while being written). */
    public Published publish(JavaRDD<Outcome> outcomes) {
        return publish(outcomes, null, List.of(), null);
    }

    /**
     * As {@link #publish(JavaRDD)}, also publishing to {@code derived} one row made from each output row (the CAM
     * stage's CAM-only masks, method {@code derivedMethods.get(0)}) and retiring the pending images' older rows of
     * every one of {@code derivedMethods}. The output batch is published first; should a run stop between the two,
     * the next run re-derives the missing rows from the output table (see the stage), so no image is written twice.
     */
    public Published publish(JavaRDD<Outcome> outcomes, TableSpec derived, List<String> derivedMethods,
                      Function<Row, Row> derive) {
        JavaRDD<Outcome> cached = outcomes.persist(StorageLevel.MEMORY_AND_DISK());
        try {
            JavaRDD<Row> rows = cached.filter(Outcome::isRow).map(Outcome::row);
            Function<Row, Row> stamp = stamp(madeBy);
            JavaRDD<Row> rejectRows = cached.filter(o -> !o.isRow()).map(o -> stamp.call(o.reject().toRow()));
            long rowCount = rows.count();
            Map<String, Long> byReason = new TreeMap<>(cached.filter(o -> !o.isRow())
                    .map(o -> o.reject().reason()).countByValue());
            tables.publish(output, spark.createDataFrame(rows.map(stamp), output.schema()), keys(replacedKeys));
            if (derived != null) {
                List<Row> derivedKeys = new ArrayList<>();
                for (String id : pendingImages) {
                    for (String method : derivedMethods) derivedKeys.add(RowFactory.create(id, method));
                }
                tables.publish(derived, spark.createDataFrame(rows.map(derive).map(stamp), derived.schema()),
                        spark.createDataFrame(derivedKeys, METHOD_KEYS));
            }
            tables.publish(rejects, spark.createDataFrame(rejectRows, rejects.schema()),
                    spark.createDataFrame(pendingImages.stream().map(id -> (Row) RowFactory.create(id)).toList(),
                            IMAGE_KEYS).withColumnRenamed(KEY, "item"));
            return new Published(rowCount, byReason);
        } finally {
            cached.unpersist(false);
        }
    }

    private Dataset<Row> keys(List<Row> keys) {
        boolean byMethod = !keys.isEmpty() && keys.get(0).size() == 2;
        return spark.createDataFrame(keys, byMethod ? METHOD_KEYS : IMAGE_KEYS);
    }

    /** Appends the fingerprint to rows built without it (the lineage column is every such table's last). */
    public static Function<Row, Row> stamp(String madeBy) {
        return row -> {
            Object[] values = new Object[row.size() + 1];
            for (int i = 0; i < row.size(); i++) values[i] = row.get(i);
            values[row.size()] = madeBy;
            return RowFactory.create(values);
        };
    }
}
