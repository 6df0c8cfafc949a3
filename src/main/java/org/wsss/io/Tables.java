package org.wsss.io;

import static org.apache.spark.sql.types.DataTypes.BinaryType;
import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/** The schemas of every table the stages hand to each other. */
public final class Tables {
    private Tables() {}

    /**
     * The last column of every per-image stage's rows and rejects: the fingerprint of the inputs that made the row
     * (see {@code org.wsss.jobs.stage.Declaration}). Empty in tables written before lineage was recorded: such rows are
     * stale to every stage, so they are made again.
     */
    public static final String MADE_BY = "made_by";

    /** A per-image stage's rejects: the shared shape plus what made the decision, so a change re-decides it. */
    public static StructType stageRejectsSchema() {
        return rejectsSchema().add(MADE_BY, StringType, true);
    }

    public static final TableSpec INDEX = new TableSpec("index", new StructType()
            .add("image_id", StringType, false)
            .add("split", StringType, false)
            .add("class_id", IntegerType, false)
            .add("breed", StringType, false)
            .add("species", StringType, false)
            .add("image_uri", StringType, false)
            .add("trimap_uri", StringType, false)
            .add("width", IntegerType, false)
            .add("height", IntegerType, false));

    /** Rows refused by a stage, with the reason; shared shape for every stage's rejects table. */
    public static StructType rejectsSchema() {
        return new StructType()
                .add("item", StringType, false)
                .add("reason", StringType, false)
                .add("detail", StringType, true)
                .add("source", StringType, true);
    }

    public static final TableSpec INDEX_REJECTS = new TableSpec("index_rejects", rejectsSchema());

    /**
     * Multi-scale CAMs of the present classes, per class normalised to [0, 1], at the image's full size.
     * {@code cams} holds {@code classes.length} planes of height x width, quantised to 8 bits and deflated
     * (see {@code org.wsss.algo.image.CamCodec}).
     */
    public static final TableSpec CAMS = new TableSpec("cams", new StructType()
            .add("image_id", StringType, false)
            .add("width", IntegerType, false)
            .add("height", IntegerType, false)
            .add("classes", createArrayType(IntegerType, false), false)
            .add("cams", BinaryType, false)
            .add(MADE_BY, StringType, true));

    /** A row of {@link #CAMS}, its columns in the declared order (the lineage is stamped on when published). */
    public record CamRow(String imageId, int width, int height, int[] classes, byte[] cams) {
        public static CamRow fromRow(Row row) {
            return new CamRow(row.getString(0), row.getInt(1), row.getInt(2), ints(row.getList(3)), (byte[]) row.get(4));
        }

        public Row toRow() {
            return RowFactory.create(imageId, width, height, SparkValues.intArray(classes), cams);
        }
    }

    public static final TableSpec CAMS_REJECTS = new TableSpec("cams_rejects", stageRejectsSchema());

    /**
     * Segmentation masks of every method ({@code cam}, {@code rw}, {@code rw_crf}, ...): an 8-bit greyscale PNG with
     * 0 = background and 1..37 = breed, at the image's size.
     */
    public static final TableSpec MASKS = new TableSpec("masks", new StructType()
            .add("image_id", StringType, false)
            .add("method", StringType, false)
            .add("width", IntegerType, false)
            .add("height", IntegerType, false)
            .add("classes", createArrayType(IntegerType, false), false)
            .add("mask", BinaryType, false)
            .add(MADE_BY, StringType, true));

    /** A row of {@link #MASKS}, its columns in the declared order (the lineage is stamped on when published). */
    public record MaskRow(String imageId, String method, int width, int height, int[] classes, byte[] mask) {
        public static MaskRow fromRow(Row row) {
            return new MaskRow(row.getString(0), row.getString(1), row.getInt(2), row.getInt(3), ints(row.getList(4)),
                    (byte[]) row.get(5));
        }

        public Row toRow() {
            return RowFactory.create(imageId, method, width, height, SparkValues.intArray(classes), mask);
        }
    }

    /**
     * Affinity labels: {@code label} is a PNG of the full-size label map (0 background, class ids, 255 unsure);
     * {@code label_stride8} the map reduced to feature resolution by block-averaging CRF scores.
     */
    public static final TableSpec AFFINITY_LABELS = new TableSpec("affinity_labels", new StructType()
            .add("image_id", StringType, false)
            .add("width", IntegerType, false)
            .add("height", IntegerType, false)
            .add("classes", createArrayType(IntegerType, false), false)
            .add("label", BinaryType, false)
            .add("label_stride8", BinaryType, false)
            .add(MADE_BY, StringType, true));

    /** A row of {@link #AFFINITY_LABELS}, its columns in the declared order (lineage stamped when published). */
    public record AffinityLabelRow(String imageId, int width, int height, int[] classes, byte[] label,
                                   byte[] labelStride8) {
        public static AffinityLabelRow fromRow(Row row) {
            return new AffinityLabelRow(row.getString(0), row.getInt(1), row.getInt(2), ints(row.getList(3)),
                    (byte[]) row.get(4), (byte[]) row.get(5));
        }

        public Row toRow() {
            return RowFactory.create(imageId, width, height, SparkValues.intArray(classes), label, labelStride8);
        }
    }

    private static int[] ints(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).toArray();
    }

    public static final TableSpec AFFINITY_LABELS_REJECTS = new TableSpec("affinity_labels_rejects", stageRejectsSchema());

    public static final TableSpec RANDOM_WALK_REJECTS = new TableSpec("random_walk_rejects", stageRejectsSchema());

    /**
     * The tune stage's sweep: each grid point's mIoU over the tuning images. {@code method} is cam, rw or rw_crf;
     * the walk's columns are null for cam, {@code background_threshold} for the others.
     */
    public static final TableSpec TUNE_SCORES = new TableSpec("tune/scores", new StructType()
            .add("method", StringType, false)
            .add("background_threshold", DoubleType, true)
            .add("background_power", DoubleType, true)
            .add("beta", DoubleType, true)
            .add("logt", IntegerType, true)
            .add("images", LongType, false)
            .add("miou", DoubleType, false)
            .add("fg_iou", DoubleType, false)
            .add("chosen", BooleanType, false));

    public static final TableSpec SEGMENT_REJECTS = new TableSpec("segment_rejects", stageRejectsSchema());

    /**
     * Masks that {@code wsss segment --images} made for an arbitrary image collection, under its {@code --out}
     * folder: the image's URI, its size, the classes found and the mask as a label PNG (0 background).
     */
    public static final TableSpec SEGMENTED_IMAGES = new TableSpec("masks", new StructType()
            .add("image_uri", StringType, false)
            .add("width", IntegerType, false)
            .add("height", IntegerType, false)
            .add("classes", createArrayType(IntegerType, false), false)
            .add("mask", BinaryType, false));

    /** Files of a collection that could not be segmented ({@code item} is the URI), beside {@link #SEGMENTED_IMAGES}. */
    public static final TableSpec SEGMENTED_REJECTS = new TableSpec("rejects", rejectsSchema());

    /** Per-image scores of every method against its trimap (border ignored). */
    public static final TableSpec EVAL_PER_IMAGE = new TableSpec("eval/per_image", new StructType()
            .add("image_id", StringType, false)
            .add("split", StringType, false)
            .add("method", StringType, false)
            .add("miou", DoubleType, false)
            .add("fg_iou", DoubleType, false)
            .add("pixel_accuracy", DoubleType, false)
            .add("pixels", LongType, false));

    /** Image and method pairs the evaluation could not score; {@code source} names the method (or the trimap). */
    public static final TableSpec EVAL_REJECTS = new TableSpec("eval/rejects", rejectsSchema());
}
