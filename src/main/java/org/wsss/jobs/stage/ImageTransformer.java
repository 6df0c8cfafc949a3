package org.wsss.jobs.stage;

import static org.apache.spark.sql.types.DataTypes.BinaryType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Iterator;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import org.wsss.io.CheckpointStore;
import org.wsss.io.HadoopConf;
import org.wsss.io.SparkValues;
import org.wsss.io.Storage;

/**
 * A trained network as a Spark ML {@link Transformer}, the shape the DJL Spark extension gives model inference: a
 * checkpoint folder, an input column of images, and five added columns: {@link #WIDTH}, {@link #HEIGHT}, the
 * image's classes, the result (output column, binary) and an error (null when the image has a result). Rows are
 * never dropped. Partitions run on the device Spark assigned their task ({@link #setGpuResource}).
 *
 * @param <T> the transformer itself, so that setters chain
 */
public abstract class ImageTransformer<T extends ImageTransformer<T>> extends Transformer {
    private static final long serialVersionUID = 1L;
    public static final String WIDTH = "width";
    public static final String HEIGHT = "height";
    /** Width, height, classes, result and error. */
    private static final int ADDED_COLUMNS = 5;

    /** Reads the latest checkpoint of a store. */
    @FunctionalInterface
    protected interface CheckpointReader<C> {
        C latest(CheckpointStore store) throws IOException;
    }

    private final String uid;
    private final String classesColumn;
    private final String errorColumn;
    // Spark ML finds params through public no-argument methods returning them (below).
    private final Param<String> checkpointDir;
    private final Param<String> inputCol;
    private final Param<String> outputCol;
    private String gpuResource = "gpu";

    /**
     * @param checkpoints what the checkpoint folder holds, for the param's description
     * @param output the output column's default name
     */
    protected ImageTransformer(String uid, String checkpoints, String input, String output, String classesColumn,
                               String errorColumn) {
        // Params name their parent by uid, so they are made only once the uid is known.
        this.uid = uid;
        this.classesColumn = classesColumn;
        this.errorColumn = errorColumn;
        checkpointDir = new Param<>(this, "checkpointDir", "folder of " + checkpoints);
        inputCol = new Param<>(this, "inputCol", input);
        outputCol = new Param<>(this, "outputCol", "column for the results");
        setDefault(inputCol, "image_uri");
        setDefault(outputCol, output);
    }

    /** This transformer, as its own type. */
    protected abstract T self();

    /** The work of one partition: each row followed by the added columns ({@link #withResult}). */
    protected abstract FlatMapFunction<Iterator<Row>, Row> partitionWork(SparkSession spark, Storage storage,
                                                                          StructType input);

    /** Refuses an input column of a type the subclass cannot read; any type by default. */
    protected void checkInputType(DataType type) {}

    /** Copies the settings that are not params into a copy made by Spark ML. */
    protected T copySettings(T copy) {
        return copy;
    }

    public Param<String> checkpointDir() {
        return checkpointDir;
    }

    public Param<String> inputCol() {
        return inputCol;
    }

    public Param<String> outputCol() {
        return outputCol;
    }

    public T setCheckpointDir(String value) {
        set(checkpointDir, value);
        return self();
    }

    public T setInputCol(String value) {
        set(inputCol, value);
        return self();
    }

    public T setOutputCol(String value) {
        set(outputCol, value);
        return self();
    }

    /** The Spark resource name of GPUs (default {@code gpu}). */
    public T setGpuResource(String resource) {
        this.gpuResource = resource;
        return self();
    }

    protected String gpuResource() {
        return gpuResource;
    }

    @Override
    public final Dataset<Row> transform(Dataset<?> dataset) {
        StructType output = transformSchema(dataset.schema());
        SparkSession spark = dataset.sparkSession();
        Storage storage = new Storage(new HadoopConf(spark.sparkContext().hadoopConfiguration()));
        return spark.createDataFrame(dataset.toDF().javaRDD().mapPartitions(
                partitionWork(spark, storage, dataset.schema())), output);
    }

    /** The latest checkpoint of the folder, for the tasks ({@link ExecutorModel}). */
    protected final <M, C extends TrainedCheckpoint<M> & Serializable> ExecutorModel<M> executorModel(
            SparkSession spark, Storage storage, CheckpointReader<C> reader) {
        C checkpoint;
        try {
            checkpoint = reader.latest(new CheckpointStore(storage, new Path($(checkpointDir)), 1));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the checkpoint in " + $(checkpointDir), e);
        }
        return ExecutorModel.broadcast(spark, checkpoint, gpuResource);
    }

    @Override
    public final StructType transformSchema(StructType schema) {
        if (!Arrays.asList(schema.fieldNames()).contains($(inputCol))) {
            throw new IllegalArgumentException("input column " + $(inputCol) + " not in " + schema.simpleString());
        }
        checkInputType(schema.apply($(inputCol)).dataType());
        return schema.add(WIDTH, IntegerType, false).add(HEIGHT, IntegerType, false)
                .add(classesColumn, createArrayType(IntegerType, false), false)
                .add($(outputCol), BinaryType, true).add(errorColumn, StringType, true);
    }

    /** {@code row} followed by the added columns, in {@link #transformSchema}'s order. */
    public static Row withResult(Row row, int width, int height, int[] classes, byte[] result, String error) {
        Object[] values = new Object[row.length() + ADDED_COLUMNS];
        for (int i = 0; i < row.length(); i++) values[i] = row.get(i);
        int at = row.length();
        values[at] = width;
        values[at + 1] = height;
        values[at + 2] = SparkValues.intArray(classes);
        values[at + 3] = result;
        values[at + 4] = error;
        return RowFactory.create(values);
    }

    @Override
    public final T copy(ParamMap extra) {
        T copy = defaultCopy(extra);
        copy.setGpuResource(gpuResource);
        return copySettings(copy);
    }

    @Override
    public final String uid() {
        return uid;
    }
}
