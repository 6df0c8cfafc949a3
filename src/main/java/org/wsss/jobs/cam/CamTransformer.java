package org.wsss.jobs.cam;

import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.wsss.io.Storage;
import org.wsss.jobs.stage.ExecutorModel;
import org.wsss.jobs.stage.ImageTransformer;
import org.wsss.model.cam.CamModel;

/**
 * Multi-scale CAMs as a Spark ML {@link ImageTransformer}, usable by any Spark application: point it at a stage-1
 * checkpoint folder, name the image-location column and (optionally) a present-classes column, and it adds
 * {@code width}, {@code height}, {@code cam_classes}, the CAMs (output column; 8-bit deflated planes, see
 * {@code CamCodec}) and {@code cam_error}.
 */
public final class CamTransformer extends ImageTransformer<CamTransformer> {
    private static final long serialVersionUID = 1L;
    public static final String CLASSES = "cam_classes";
    public static final String ERROR = "cam_error";
    /** How the error of an image too large for the memory budget begins. */
    public static final String OVER_BUDGET = "too large for the memory budget";

    /** What executors need besides the model; plain values only. */
    record Options(List<Double> scales, boolean flip, int batchSize, double predictionThreshold,
                   long memoryBudget, String budgetSetting) implements Serializable {}

    private final Param<String> classesCol;
    private final IntParam batchSize;
    private List<Double> scales = List.of(1.0, 0.5, 1.5, 2.0);
    private boolean flip = true;
    private double predictionThreshold = 0.5;
    private long memoryBudget = 3L << 30;
    private String budgetSetting = "CamTransformer memory budget";

    public CamTransformer() {
        this(Identifiable$.MODULE$.randomUID("camTransformer"));
    }

    /** Spark ML copies stages through this constructor. */
    public CamTransformer(String uid) {
        super(uid, "stage-1 checkpoints", "column with image locations (URIs)", "cams", CLASSES, ERROR);
        classesCol = new Param<>(this, "classesCol",
                "column with present class ids (array<int>); empty: predicted by the classifier");
        batchSize = new IntParam(this, "batchSize", "images per batch within a task");
        setDefault(classesCol, "");
        setDefault(batchSize, 8);
    }

    @Override
    protected CamTransformer self() {
        return this;
    }

    public Param<String> classesCol() {
        return classesCol;
    }

    public IntParam batchSize() {
        return batchSize;
    }

    public CamTransformer setClassesCol(String value) {
        set(classesCol, value);
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
        return setGpuResource(resource);
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
    protected FlatMapFunction<Iterator<Row>, Row> partitionWork(SparkSession spark, Storage storage,
                                                                 StructType input) {
        ExecutorModel<CamModel> model = executorModel(spark, storage, CamCheckpoint::latest);
        String classes = $(classesCol);
        int classesField = classes.isEmpty() ? -1 : input.fieldIndex(classes);
        Options options = new Options(scales, flip, (Integer) $(batchSize), predictionThreshold, memoryBudget,
                budgetSetting);
        return new ComputeCams(model, storage, options, input.fieldIndex($(inputCol())), classesField);
    }

    @Override
    protected CamTransformer copySettings(CamTransformer copy) {
        return copy.setInference(scales, flip, predictionThreshold, gpuResource())
                .setMemoryBudget(memoryBudget, budgetSetting);
    }
}
