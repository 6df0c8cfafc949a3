package org.wsss.jobs.cam;

import static org.apache.spark.sql.types.DataTypes.BinaryType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.wsss.io.CheckpointStore;
import org.wsss.io.HadoopConf;
import org.wsss.io.Storage;

/**
 * Multi-scale CAMs as a Spark ML {@link Transformer}, the shape the DJL Spark extension gives model inference,
 * usable by any Spark application: point it at a stage-1 checkpoint folder, name the image-location column and
 * (optionally) a present-classes column, and it adds {@code width}, {@code height}, {@code cam_classes},
 * the CAMs (output column; 8-bit deflated planes, see {@code CamCodec}) and {@code cam_error}.
 */
public final class CamTransformer extends Transformer {
    private static final long serialVersionUID = 1L;
    static final int ADDED_COLUMNS = 5;
    public static final String WIDTH = "width";
    public static final String HEIGHT = "height";
    public static final String CLASSES = "cam_classes";
    public static final String ERROR = "cam_error";
    /** How the error of an image too large for the memory budget begins. */
    public static final String OVER_BUDGET = "too large for the memory budget";

    /** What executors need besides the model; plain values only. */
    record Options(List<Double> scales, boolean flip, int batchSize, double predictionThreshold,
                   String gpuResource, long memoryBudget, String budgetSetting) implements Serializable {}

    private final String uid;
    // Spark ML finds params through public no-argument methods returning them (below).
    private final Param<String> checkpointDir;
    private final Param<String> inputCol;
    private final Param<String> classesCol;
    private final Param<String> outputCol;
    private final IntParam batchSize;
    private List<Double> scales = List.of(1.0, 0.5, 1.5, 2.0);
    private boolean flip = true;
    private double predictionThreshold = 0.5;
    private String gpuResource = "gpu";
    private long memoryBudget = 3L << 30;
    private String budgetSetting = "CamTransformer memory budget";

    public CamTransformer() {
        this(Identifiable$.MODULE$.randomUID("camTransformer"));
    }

    /** Spark ML copies stages through this constructor. */
    public CamTransformer(String uid) {
        // Params name their parent by uid, so they are made only once the uid is known.
        this.uid = uid;
        checkpointDir = new Param<>(this, "checkpointDir", "folder of stage-1 checkpoints");
        inputCol = new Param<>(this, "inputCol", "column with image locations (URIs)");
        classesCol = new Param<>(this, "classesCol",
                "column with present class ids (array<int>); empty: predicted by the classifier");
        outputCol = new Param<>(this, "outputCol", "column for the encoded CAMs");
        batchSize = new IntParam(this, "batchSize", "images per batch within a task");
        setDefault(inputCol, "image_uri");
        setDefault(classesCol, "");
        setDefault(outputCol, "cams");
        setDefault(batchSize, 8);
    }

    public Param<String> checkpointDir() {
        return checkpointDir;
    }

    public Param<String> inputCol() {
        return inputCol;
    }

    public Param<String> classesCol() {
        return classesCol;
    }

    public Param<String> outputCol() {
        return outputCol;
    }

    public IntParam batchSize() {
        return batchSize;
    }

    public CamTransformer setCheckpointDir(String value) {
        set(checkpointDir, value);
        return this;
    }

    public CamTransformer setInputCol(String value) {
        set(inputCol, value);
        return this;
    }

    public CamTransformer setClassesCol(String value) {
        set(classesCol, value);
        return this;
    }

    public CamTransformer setOutputCol(String value) {
        set(outputCol, value);
        return this;
    }

    public CamTransformer setBatchSize(int value) {
        set(batchSize, value);
        return this;
    }

    /** Scales, mirroring, the predicted-class threshold and the Spark GPU resource name. */
    public CamTransformer setInference(List<Double> newScales, boolean newFlip, double threshold, String resource) {
        this.scales = List.copyOf(newScales);
        this.flip = newFlip;
        this.predictionThreshold = threshold;
        this.gpuResource = resource;
        return this;
    }

    /**
     * Native memory each task's CAM forward may use (default 3 GiB), and the setting to name when an image does not
     * fit; see {@link org.wsss.model.cam.CamMemoryBudget}.
     */
    public CamTransformer setMemoryBudget(long bytes, String setting) {
        this.memoryBudget = bytes;
        this.budgetSetting = setting;
        return this;
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType output = transformSchema(dataset.schema());
        SparkSession spark = dataset.sparkSession();
        Storage storage = new Storage(new HadoopConf(spark.sparkContext().hadoopConfiguration()));
        CamCheckpoint checkpoint;
        try {
            checkpoint = CamCheckpoint.latest(new CheckpointStore(storage, new Path($(checkpointDir)), 1));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the stage-1 checkpoint in " + $(checkpointDir), e);
        }
        Broadcast<CamCheckpoint> model = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(checkpoint);
        String classes = $(classesCol);
        int classesField = classes.isEmpty() ? -1 : dataset.schema().fieldIndex(classes);
        Options options = new Options(scales, flip, (Integer) $(batchSize), predictionThreshold, gpuResource,
                memoryBudget, budgetSetting);
        return spark.createDataFrame(dataset.toDF().javaRDD().mapPartitions(new ComputeCams(model, storage, options,
                dataset.schema().fieldIndex($(inputCol)), classesField)), output);
    }

    @Override
    public StructType transformSchema(StructType schema) {
        if (!Arrays.asList(schema.fieldNames()).contains($(inputCol))) {
            throw new IllegalArgumentException("input column " + $(inputCol) + " not in " + schema.simpleString());
        }
        return schema.add(WIDTH, IntegerType, false).add(HEIGHT, IntegerType, false)
                .add(CLASSES, createArrayType(IntegerType, false), false)
                .add($(outputCol), BinaryType, true).add(ERROR, StringType, true);
    }

    @Override
    public Transformer copy(ParamMap extra) {
        CamTransformer copy = defaultCopy(extra);
        return copy.setInference(scales, flip, predictionThreshold, gpuResource)
                .setMemoryBudget(memoryBudget, budgetSetting);
    }

    @Override
    public String uid() {
        return uid;
    }
}
