package org.wsss.jobs.seg;

import static org.apache.spark.sql.types.DataTypes.BinaryType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.wsss.jobs.stage.ImageTransformer.withResult;

import java.io.IOException;
import java.io.Serial;
import java.util.Iterator;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import org.wsss.config.CrfConfig;
import org.wsss.io.Storage;
import org.wsss.jobs.stage.ImageTransformer;
import org.wsss.spark.PartitionBatches;

/**
 * The stage-3 network as a Spark ML {@link ImageTransformer}, for Spark applications of their own: point it at a
 * {@code train-seg} checkpoint folder and an input column holding either image URIs (string) or encoded image
 * bytes (binary), and it adds {@code width}, {@code height}, {@code seg_classes}, the mask (output column; a label
 * PNG, 0 background) and {@code seg_error} (null when the image was segmented). Rows are never dropped. With
 * {@link #setCrf} the masks are the CRF-refined ones.
 */
public final class SegTransformer extends ImageTransformer<SegTransformer> {
    private static final long serialVersionUID = 1L;
    public static final String CLASSES = "seg_classes";
    public static final String ERROR = "seg_error";

    private final IntParam maxLongSide;
    private final BooleanParam oneClass;
    private CrfConfig crf;

    public SegTransformer() {
        this(Identifiable$.MODULE$.randomUID("segTransformer"));
    }

    /** Spark ML copies stages through this constructor. */
    public SegTransformer(String uid) {
        super(uid, "train-seg checkpoints", "column with image URIs (string) or encoded images (binary)", "mask",
                CLASSES, ERROR);
        maxLongSide = new IntParam(this, "maxLongSide", "segment larger images at this long side (0: never)");
        oneClass = new BooleanParam(this, "oneClass", "every pet pixel takes the image's majority class");
        setDefault(maxLongSide, 1024);
        setDefault(oneClass, false);
    }

    @Override
    protected SegTransformer self() {
        return this;
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

    public SegTransformer setMaxLongSide(int value) {
        set(maxLongSide, value);
        return this;
    }

    /** The dense CRF that refines every mask, as {@code segment.crf} does; {@code null} (the default) for none. */
    public SegTransformer setCrf(CrfConfig value) {
        this.crf = value;
        return this;
    }

    @Override
    protected SegTransformer copySettings(SegTransformer copy) {
        return copy.setCrf(crf);
    }

    @Override
    protected void checkInputType(DataType type) {
        if (!type.equals(StringType) && !type.equals(BinaryType)) {
            throw new IllegalArgumentException("input column " + $(inputCol()) + " is " + type.simpleString()
                    + ": expected string (image URIs) or binary (encoded images)");
        }
    }

    @Override
    protected FlatMapFunction<Iterator<Row>, Row> partitionWork(SparkSession spark, Storage storage,
                                                                 StructType input) {
        int field = input.fieldIndex($(inputCol()));
        Segmenters segmenters = new Segmenters(executorModel(spark, storage, SegCheckpoint::latest),
                (Integer) $(maxLongSide), (Boolean) $(oneClass), crf);
        return new SegmentRows(segmenters, storage, field, input.fields()[field].dataType().equals(BinaryType));
    }

    /** Segments one partition's rows, each followed by the added columns. */
    static final class SegmentRows implements FlatMapFunction<Iterator<Row>, Row> {
        @Serial
        private static final long serialVersionUID = 1L;
        private final Segmenters segmenters;
        private final Storage storage;
        private final int field;
        private final boolean bytes;

        SegmentRows(Segmenters segmenters, Storage storage, int field, boolean bytes) {
            this.segmenters = segmenters;
            this.storage = storage;
            this.field = field;
            this.bytes = bytes;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            ImageSegmenter segmenter = segmenters.forTask();
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
            return withResult(row, mask.width(), mask.height(), mask.classes(), mask.maskPng(), mask.error());
        }
    }
}
