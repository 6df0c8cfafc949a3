package org.wsss.jobs.seg;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.Serial;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.storage.StorageLevel;
import org.wsss.config.SegmentSettings;
import org.wsss.io.CheckpointStore;
import org.wsss.io.RunLayout;
import org.wsss.io.SparkValues;
import org.wsss.io.Storage;
import org.wsss.io.TableIO;
import org.wsss.io.Tables;
import org.wsss.jobs.stage.ExecutorModel;
import org.wsss.jobs.stage.Outcome;
import org.wsss.jobs.stage.StageContext;
import org.wsss.jobs.stage.StageInputs;
import org.wsss.spark.PartitionBatches;
import org.wsss.spark.SparkSessions;

/**
 * {@code wsss segment --images}: masks of the run's segmentation network for any image collection
 * ({@link ImageCollection}), written under an output folder as the {@link Tables#SEGMENTED_IMAGES} table, its
 * rejects as {@link Tables#SEGMENTED_REJECTS}, and with {@code png} one palette PNG per image under {@code png/}.
 * Resumes: images already in either table are skipped, and each run's rows are published as one batch.
 */
public final class SegmentCollection {
    public static final String UNREADABLE_FILE = "unreadable file";
    public static final String PNG_FOLDER = "png";
    private static final String JOB_GROUP = "segment-images";
    private static final int KEEP_ANY = 1;

    /** What one run wrote. */
    public record Result(long images, Map<String, Long> rejects, long skipped, double seconds,
                         String checkpoint) {}

    private SegmentCollection() {}

    public static Result run(StageContext context, String images, String out, boolean png) throws IOException {
        long started = System.nanoTime();
        SegCheckpoint checkpoint = SegCheckpoint.latest(new CheckpointStore(context.storage(),
                context.layout().checkpoints(SegTrainingStage.CHECKPOINTS), KEEP_ANY));
        TableIO output = new TableIO(context.spark(), context.storage(), new RunLayout(out));
        Dataset<Row> all = ImageCollection.read(context.spark(), context.storage(), images);
        Dataset<Row> pending = all;
        if (output.exists(Tables.SEGMENTED_IMAGES)) {
            pending = pending.join(output.read(Tables.SEGMENTED_IMAGES).select(ImageCollection.URI),
                    SparkValues.stringSeq(ImageCollection.URI), "left_anti");
        }
        if (output.exists(Tables.SEGMENTED_REJECTS)) {
            pending = pending.join(output.read(Tables.SEGMENTED_REJECTS)
                    .select(col("item").as(ImageCollection.URI)), SparkValues.stringSeq(ImageCollection.URI),
                    "left_anti");
        }
        long total = all.count();
        SegmentSettings settings = context.settings().segment();
        Segmenters segmenters = Segmenters.of(ExecutorModel.broadcast(context.spark(), checkpoint,
                context.settings().devices().gpuResource()), settings, context.settings().crf());
        String pngRoot = png ? Storage.path(new RunLayout(out).root().toString(), PNG_FOLDER).toString() : null;
        try {
            JavaRDD<Outcome> outcomes = pending
                    .repartition(StageInputs.partitions(settings.partitions(), context))
                    .javaRDD()
                    .mapPartitions(new SegmentFiles(context.storage(), segmenters, pngRoot));
            long[] written = new long[1];
            Map<String, Long> rejects = SparkSessions.inJobGroup(context.spark(), JOB_GROUP,
                    "segment: masks for an image collection", () -> publish(context, output, outcomes, written));
            long done = written[0] + rejects.values().stream().mapToLong(Long::longValue).sum();
            return new Result(written[0], rejects, total - done, StageInputs.secondsSince(started),
                    checkpoint.location());
        } finally {
            segmenters.destroy();
        }
    }

    private static Map<String, Long> publish(StageContext context, TableIO output, JavaRDD<Outcome> outcomes,
                                             long[] written) {
        JavaRDD<Outcome> cached = outcomes.persist(StorageLevel.MEMORY_AND_DISK());
        try {
            JavaRDD<Row> rows = cached.filter(Outcome::isRow).map(Outcome::row);
            written[0] = rows.count();
            Map<String, Long> byReason = new TreeMap<>(cached.filter(o -> !o.isRow())
                    .map(o -> o.reject().reason()).countByValue());
            if (written[0] > 0) {
                output.appendBatch(Tables.SEGMENTED_IMAGES,
                        context.spark().createDataFrame(rows, Tables.SEGMENTED_IMAGES.schema()));
            }
            if (!byReason.isEmpty()) {
                output.appendBatch(Tables.SEGMENTED_REJECTS, context.spark().createDataFrame(
                        cached.filter(o -> !o.isRow()).map(o -> o.reject().toRow()),
                        Tables.SEGMENTED_REJECTS.schema()));
            }
            return byReason;
        } finally {
            cached.unpersist(false);
        }
    }

    /** Segments the files of one partition; the model is loaded once per executor and device. */
    static final class SegmentFiles implements FlatMapFunction<Iterator<Row>, Outcome> {
        @Serial
        private static final long serialVersionUID = 1L;
        private final Storage storage;
        private final Segmenters segmenters;
        private final String pngRoot;

        SegmentFiles(Storage storage, Segmenters segmenters, String pngRoot) {
            this.storage = storage;
            this.segmenters = segmenters;
            this.pngRoot = pngRoot;
        }

        @Override
        public Iterator<Outcome> call(Iterator<Row> rows) {
            if (!rows.hasNext()) return Collections.emptyIterator();
            ImageSegmenter segmenter = segmenters.forTask();
            return PartitionBatches.mapEach(rows, row -> segment(segmenter, row.getAs(ImageCollection.URI),
                    row.getAs(ImageCollection.NAME)));
        }

        private Outcome segment(ImageSegmenter segmenter, String uri, String name) {
            byte[] bytes;
            try {
                bytes = storage.readBytes(new Path(uri));
            } catch (IOException e) {
                return Outcome.rejected(uri, UNREADABLE_FILE, e.toString(), JOB_GROUP);
            }
            ImageMask mask = ImageMask.of(segmenter, bytes);
            if (!mask.ok()) return Outcome.rejected(uri, ImageMask.UNDECODABLE_IMAGE, mask.error(), JOB_GROUP);
            if (pngRoot != null) {
                try {
                    storage.writeBytes(new Path(pngRoot, pngName(name)), mask.palettePng());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException("cannot write the mask PNG of " + uri, e);
                }
            }
            return Outcome.of(RowFactory.create(uri, mask.width(), mask.height(),
                    SparkValues.intArray(mask.classes()), mask.maskPng()));
        }
    }

    /** {@code dogs/rex.jpg} becomes {@code dogs/rex.png}. */
    static String pngName(String name) {
        int dot = name.lastIndexOf('.');
        int slash = name.lastIndexOf('/');
        return (dot > slash + 1 ? name.substring(0, dot) : name) + ".png";
    }
}
