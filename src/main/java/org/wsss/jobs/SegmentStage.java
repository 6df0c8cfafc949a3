package org.wsss.jobs;

import ai.djl.Device;
import java.io.IOException;
import java.io.Serial;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.wsss.config.SegmentSettings;
import org.wsss.io.CheckpointStore;
import org.wsss.io.MaskMethods;
import org.wsss.io.StageReport;
import org.wsss.io.Storage;
import org.wsss.io.Tables;
import org.wsss.jobs.seg.ImageSegmenter;
import org.wsss.jobs.seg.SegCheckpoint;
import org.wsss.model.seg.SegModel;
import org.wsss.spark.ExecutorModelCache;
import org.wsss.spark.PartitionBatches;
import org.wsss.spark.SparkSessions;
import org.wsss.spark.TaskDevices;

/**
 * Masks of method {@code seg} for every indexed image, the test split included: one forward pass of the latest
 * stage-3 network per image, no labels needed. Resumes: images with a {@code seg} row (or a reject) are skipped.
 */
public final class SegmentStage implements Stage {
    public static final String NAME = "segment";
    /** The checkpoint store is only read here; keeping is the trainer's business. */
    private static final int KEEP_ANY = 1;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public StageReport run(StageContext context) throws IOException {
        long started = System.nanoTime();
        SegmentSettings settings = context.settings().segment();
        SegCheckpoint checkpoint = SegCheckpoint.latest(new CheckpointStore(context.storage(),
                context.layout().checkpoints(SegTrainingStage.CHECKPOINTS), KEEP_ANY));
        ResumableOutput output = new ResumableOutput(context, Tables.MASKS, Tables.SEGMENT_REJECTS);
        Dataset<Row> images = context.tables().read(Tables.INDEX).select("image_id", "image_uri", "class_id");
        Dataset<Row> pending = output.pendingMethods(images, "method", List.of(MaskMethods.SEG));
        Broadcast<SegCheckpoint> shipped = JavaSparkContext.fromSparkContext(context.spark().sparkContext())
                .broadcast(checkpoint);
        ResumableOutput.Published published;
        try {
            JavaRDD<Outcome> outcomes = pending
                    .repartition(StageInputs.partitions(settings.partitions(), context))
                    .javaRDD()
                    .mapPartitions(new SegmentImages(context.storage(), shipped, checkpoint.location(),
                            settings.maxLongSide(), settings.oneClass(), context.settings().devices().gpuResource()));
            published = SparkSessions.inJobGroup(context.spark(), NAME,
                    "segment: one forward pass of the segmentation network per image", () -> output.publish(outcomes));
        } finally {
            shipped.destroy();
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("checkpoint", checkpoint.location());
        figures.put("backbone", checkpoint.backbone().name());
        figures.put("classes", checkpoint.numClasses());
        figures.put("seconds_per_image", published.rows() == 0 ? 0.0
                : StageInputs.secondsSince(started) / published.rows());
        StageReport report = new StageReport(NAME, published.rows(), published.rejects(),
                StageInputs.secondsSince(started), StageReport.settingsOf(Map.of("segment", settings)), figures);
        report.write(context.storage(), context.layout());
        return report;
    }

    /** Segments the images of one partition on the task's device, the model cached per executor. */
    static final class SegmentImages implements FlatMapFunction<Iterator<Row>, Outcome> {
        @Serial
        private static final long serialVersionUID = 1L;
        private final Storage storage;
        private final Broadcast<SegCheckpoint> checkpoint;
        private final String checkpointLocation;
        private final int maxLongSide;
        private final boolean oneClass;
        private final String gpuResource;

        SegmentImages(Storage storage, Broadcast<SegCheckpoint> checkpoint, String checkpointLocation,
                      int maxLongSide, boolean oneClass, String gpuResource) {
            this.storage = storage;
            this.checkpoint = checkpoint;
            this.checkpointLocation = checkpointLocation;
            this.maxLongSide = maxLongSide;
            this.oneClass = oneClass;
            this.gpuResource = gpuResource;
        }

        @Override
        public Iterator<Outcome> call(Iterator<Row> rows) {
            if (!rows.hasNext()) return Collections.emptyIterator();
            Device device = TaskDevices.forCurrentTask(gpuResource).device();
            SegModel model = ExecutorModelCache.get(checkpointLocation, device.toString(),
                    () -> checkpoint.value().load(device));
            SegmentImage image = new SegmentImage(storage, new ImageSegmenter(model, maxLongSide, oneClass),
                    checkpoint.value().binary());
            return PartitionBatches.flatMapEach(rows, row -> image.process(SegmentImage.Input.of(row)));
        }
    }
}
