package org.wsss.jobs.seg;

import java.io.IOException;
import java.io.Serial;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.wsss.config.SegmentSettings;
import org.wsss.io.CheckpointStore;
import org.wsss.io.MaskMethods;
import org.wsss.io.Storage;
import org.wsss.io.Tables;
import org.wsss.jobs.index.IndexStage;
import org.wsss.jobs.stage.Declaration;
import org.wsss.jobs.stage.ExecutorModel;
import org.wsss.jobs.stage.Outcome;
import org.wsss.jobs.stage.PerImageStage;
import org.wsss.jobs.stage.StageContext;
import org.wsss.spark.PartitionBatches;

/**
 * Masks of method {@code seg} for every indexed image, the test split included: one forward pass of the latest
 * stage-3 network per image, no labels needed. Resumes: images with a {@code seg} row (or a reject) are skipped.
 */
public final class SegmentStage extends PerImageStage {
    public static final String NAME = "segment";
    /** The checkpoint store is only read here; keeping is the trainer's business. */
    private static final int KEEP_ANY = 1;

    /** The checkpoint this run segments with, for its report. */
    private SegCheckpoint segmentedWith;

    public SegmentStage() {
        super(NAME, "segment: one forward pass of the segmentation network per image");
    }

    /** The index (photos), the segmentation checkpoint, and the settings that change a mask. */
    @Override
    public Declaration declare(StageContext context) throws IOException {
        Declaration declared = new Declaration()
                .upstream(context, IndexStage.NAME)
                .checkpoint(context, SegTrainingStage.NAME, context.layout().checkpoints(SegTrainingStage.CHECKPOINTS))
                .settings(NAME, context.settings().segment(), "partitions");
        if (context.settings().segment().crf()) declared.settings("crf", context.settings().crf(), "threads");
        return declared;
    }

    @Override
    protected Output output(StageContext context) {
        return new Output(Tables.MASKS, Tables.SEGMENT_REJECTS, methods(context.settings().segment()));
    }

    @Override
    protected Dataset<Row> inputs(StageContext context) {
        return context.tables().read(Tables.INDEX).select("image_id", "image_uri", "class_id");
    }

    @Override
    protected int partitions(StageContext context) {
        return context.settings().segment().partitions();
    }

    /** The model first: without one there is nothing to segment with. */
    @Override
    protected void before(StageContext context, String madeBy) throws IOException {
        segmentedWith = SegCheckpoint.latest(new CheckpointStore(context.storage(),
                context.layout().checkpoints(SegTrainingStage.CHECKPOINTS), KEEP_ANY));
    }

    @Override
    protected Work work(StageContext context, Dataset<Row> pending) {
        SegmentSettings settings = context.settings().segment();
        Segmenters segmenters = Segmenters.of(ExecutorModel.broadcast(context.spark(), segmentedWith,
                context.settings().devices().gpuResource()), settings, context.settings().crf());
        SegmentImages segment = new SegmentImages(context.storage(), segmenters, segmentedWith.binary(),
                methods(settings));
        return new Work() {
            @Override
            public JavaRDD<Outcome> outcomes() {
                return pending.javaRDD().mapPartitions(segment);
            }

            @Override
            public void close() {
                segmenters.destroy();
            }
        };
    }

    static List<String> methods(SegmentSettings settings) {
        return settings.crf() ? List.of(MaskMethods.SEG, MaskMethods.SEG_CRF) : List.of(MaskMethods.SEG);
    }

    @Override
    protected Map<String, Object> reportedSettings(StageContext context) {
        Map<String, Object> named = new LinkedHashMap<>();
        named.put("segment", context.settings().segment());
        if (context.settings().segment().crf()) named.put("crf", context.settings().crf());
        return named;
    }

    @Override
    protected Map<String, Object> figures(StageContext context, String madeBy) {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("checkpoint", segmentedWith.location());
        figures.put("backbone", segmentedWith.backbone().name());
        figures.put("classes", segmentedWith.numClasses());
        figures.put("methods", methods(context.settings().segment()));
        return figures;
    }

    /** Segments the images of one partition on the task's device, the model cached per executor. */
    static final class SegmentImages implements FlatMapFunction<Iterator<Row>, Outcome> {
        @Serial
        private static final long serialVersionUID = 1L;
        private final Storage storage;
        private final Segmenters segmenters;
        private final boolean binary;
        private final List<String> methods;

        SegmentImages(Storage storage, Segmenters segmenters, boolean binary, List<String> methods) {
            this.storage = storage;
            this.segmenters = segmenters;
            this.binary = binary;
            this.methods = List.copyOf(methods);
        }

        @Override
        public Iterator<Outcome> call(Iterator<Row> rows) {
            if (!rows.hasNext()) return Collections.emptyIterator();
            SegmentImage image = new SegmentImage(storage, segmenters.forTask(), binary, methods);
            return PartitionBatches.flatMapEach(rows, row -> image.process(SegmentImage.Input.of(row)));
        }
    }
}
