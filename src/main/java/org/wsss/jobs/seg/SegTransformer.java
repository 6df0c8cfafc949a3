package org.wsss.jobs.seg;

import static org.apache.spark.sql.types.DataTypes.BinaryType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;

import ai.djl.Device;
import java.io.IOException;
import java.io.Serial;
import java.io.UncheckedIOException;
import java.util.Iterator;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable$;
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
import org.wsss.model.seg.SegModel;
import org.wsss.spark.ExecutorModelCache;
import org.wsss.spark.PartitionBatches;
import org.wsss.spark.TaskDevices;

/**
 * The stage-3 network as a Spark ML {@link Transformer}, for Spark applications of their own: point it at a
 * {@code train-seg} checkpoint folder and an input column holding either image URIs (string) or encoded image
 * bytes (binary), and it adds {@code width}, {@code height}, {@code seg_classes}, the mask (output column; a label
 * PNG, 0 background) and {@code seg_error} (null when the image was segmented). Rows are never dropped.
 */
public final class SegTransformer extends Transformer {
    private static final long serialVersionUID = 1L;
    public static final String WIDTH = "width";
    public static final String HEIGHT = "height";
    public static final String CLASSES = "seg_classes";
    public static final String ERROR = "seg_error";
    private static final int ADDED_COLUMNS = 5;

    private final String uid;
    private final Param<String> checkpointDir;
    private final Param<String> inputCol;
    private final Param<String> outputCol;
    private final IntParam maxLongSide;
    private final BooleanParam oneClass;
    private String gpuResource = "gpu";

    public SegTransformer() {
        this(Identifiable$.MODULE$.randomUID("segTransformer"));
    }

    /** Spark ML copies stages through this constructor. */
    public SegTransformer(String uid) {
        this.uid = uid;
        checkpointDir = new Param<>(this, "checkpointDir", "folder of train-seg checkpoints");
        inputCol = new Param<>(this, "inputCol", "column with image URIs (string) or encoded images (binary)");
        outputCol = new Param<>(this, "outputCol", "column for the mask PNGs");
        maxLongSide = new IntParam(this, "maxLongSide", "segment larger images at this long side (0: never)");
        setDefault(inputCol, "image_uri");
        setDefault(outputCol, "mask");
        oneClass = new BooleanParam(this, "oneClass", "every pet pixel takes the image's majority class");
        setDefault(maxLongSide, 1024);
        setDefault(oneClass, false);
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

    public IntParam maxLongSide() {
        return maxLongSide;
    }

    public BooleanParam oneClass() {
        return oneClass;
    }

    public SegTransformer setOneClass(boolean value) {
        set(oneClass, value);
        return this;
    }

    public SegTransformer setCheckpointDir(String value) {
        set(checkpointDir, value);
        return this;
    }

    public SegTransformer setInputCol(String value) {
        set(inputCol, value);
        return this;
    }

    public SegTransformer setOutputCol(String value) {
        set(outputCol, value);
        return this;
    }

    public SegTransformer setMaxLongSide(int value) {
        set(maxLongSide, value);
        return this;
    }

    /** The Spark resource name of GPUs (default {@code gpu}). */
    public SegTransformer setGpuResource(String resource) {
        this.gpuResource = resource;
        return this;
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType output = transformSchema(dataset.schema());
        SparkSession spark = dataset.sparkSession();
        Storage storage = new Storage(new HadoopConf(spark.sparkContext().hadoopConfiguration()));
        SegCheckpoint checkpoint;
        try {
            checkpoint = SegCheckpoint.latest(new CheckpointStore(storage, new Path($(checkpointDir)), 1));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the segmentation checkpoint in " + $(checkpointDir), e);
        }
        Broadcast<SegCheckpoint> model = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(checkpoint);
        int field = dataset.schema().fieldIndex($(inputCol));
        boolean bytes = dataset.schema().fields()[field].dataType().equals(BinaryType);
        return spark.createDataFrame(dataset.toDF().javaRDD().mapPartitions(new SegmentRows(model, storage,
                field, bytes, (Integer) $(maxLongSide), (Boolean) $(oneClass), gpuResource)), output);
    }

    @Override
    public StructType transformSchema(StructType schema) {
        if (!java.util.Arrays.asList(schema.fieldNames()).contains($(inputCol))) {
            throw new IllegalArgumentException("input column " + $(inputCol) + " not in " + schema.simpleString());
        }
        DataType type = schema.apply($(inputCol)).dataType();
        if (!type.equals(StringType) && !type.equals(BinaryType)) {
            throw new IllegalArgumentException("input column " + $(inputCol) + " is " + type.simpleString()
                    + ": expected string (image URIs) or binary (encoded images)");
        }
        return schema.add(WIDTH, IntegerType, false).add(HEIGHT, IntegerType, false)
                .add(CLASSES, createArrayType(IntegerType, false), false)
                .add($(outputCol), BinaryType, true).add(ERROR, StringType, true);
    }

    @Override
    public Transformer copy(ParamMap extra) {
        SegTransformer copy = defaultCopy(extra);
        return copy.setGpuResource(gpuResource);
    }

    @Override
    public String uid() {
        return uid;
    }

    /** Segments one partition's rows, each followed by the added columns; the model is cached per executor. */
    static final class SegmentRows implements FlatMapFunction<Iterator<Row>, Row> {
        @Serial
        private static final long serialVersionUID = 1L;
        private final Broadcast<SegCheckpoint> checkpoint;
        private final Storage storage;
        private final int field;
        private final boolean bytes;
        private final int maxLongSide;
        private final boolean oneClass;
        private final String gpuResource;

        SegmentRows(Broadcast<SegCheckpoint> checkpoint, Storage storage, int field, boolean bytes, int maxLongSide,
                    boolean oneClass, String gpuResource) {
            this.checkpoint = checkpoint;
            this.storage = storage;
            this.field = field;
            this.bytes = bytes;
            this.maxLongSide = maxLongSide;
            this.oneClass = oneClass;
            this.gpuResource = gpuResource;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            Device device = TaskDevices.forCurrentTask(gpuResource).device();
            SegCheckpoint trained = checkpoint.value();
            SegModel model = ExecutorModelCache.get(trained.location(), device.toString(), () -> trained.load(device));
            ImageSegmenter segmenter = new ImageSegmenter(model, maxLongSide, oneClass);
            return PartitionBatches.mapEach(rows, row -> withMask(row, maskOf(segmenter, row)));
        }

        private ImageMask maskOf(ImageSegmenter segmenter, Row row) {
            if (row.isNullAt(field)) return ImageMask.failed("no image: the input column is null");
            if (bytes) return ImageMask.of(segmenter, (byte[]) row.get(field));
            try {
                return ImageMask.of(segmenter, storage.readBytes(new Path(row.getString(field))));
            } catch (IOException e) {
                return ImageMask.failed("unreadable file: " + e);
            }
        }

        private static Row withMask(Row row, ImageMask mask) {
            Object[] values = new Object[row.length() + ADDED_COLUMNS];
            for (int i = 0; i < row.length(); i++) values[i] = row.get(i);
            int at = row.length();
            values[at] = mask.width();
            values[at + 1] = mask.height();
            values[at + 2] = SparkValues.intArray(mask.classes());
            values[at + 3] = mask.maskPng();
            values[at + 4] = mask.error();
            return RowFactory.create(values);
        }
    }
}
