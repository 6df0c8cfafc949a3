package org.wsss.io;

import static org.apache.spark.sql.types.DataTypes.BinaryType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;

import org.apache.spark.sql.types.StructType;

/** The schemas of every table the stages hand to each other. */
public final class Tables {
    private Tables() {}

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
            .add("cams", BinaryType, false));

    public static final TableSpec CAMS_REJECTS = new TableSpec("cams_rejects", rejectsSchema());

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
            .add("mask", BinaryType, false));

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
            .add("label_stride8", BinaryType, false));

    public static final TableSpec AFFINITY_LABELS_REJECTS = new TableSpec("affinity_labels_rejects", rejectsSchema());

    public static final TableSpec RANDOM_WALK_REJECTS = new TableSpec("random_walk_rejects", rejectsSchema());

    public static final TableSpec SEGMENT_REJECTS = new TableSpec("segment_rejects", rejectsSchema());

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
