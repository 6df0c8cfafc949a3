package org.wsss.jobs.affinity;

import java.io.IOException;
import java.io.Serial;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.wsss.algo.affinity.AffinityLabelRule;
import org.wsss.algo.crf.DenseCrf;
import org.wsss.algo.image.ImageEncoding;
import org.wsss.algo.image.RgbImage;
import org.wsss.algo.maps.ChannelStack;
import org.wsss.algo.maps.LabelMap;
import org.wsss.config.AffinityLabelSettings;
import org.wsss.config.CrfConfig;
import org.wsss.io.Storage;
import org.wsss.io.Tables;
import org.wsss.jobs.cam.CamsStage;
import org.wsss.jobs.index.IndexStage;
import org.wsss.jobs.stage.CrfPerImage;
import org.wsss.jobs.stage.Declaration;
import org.wsss.jobs.stage.Outcome;
import org.wsss.jobs.stage.PerImageStage;
import org.wsss.jobs.stage.PhotoAndCams;
import org.wsss.jobs.stage.StageContext;
import org.wsss.jobs.stage.StageInputs;

/**
 * Turns each image's CAMs into affinity labels (ALGORITHM.md section 3): background scores with a low and a high
 * alpha, a dense CRF on each stack over the image, and the confident-foreground / confident-background rule, at
 * full size and at feature stride (block-averaged CRF scores, then the rule).
 */
public final class AffinityLabelsStage extends PerImageStage {
    public static final String NAME = "affinity-labels";
    public static final String UNDECODABLE_IMAGE = PhotoAndCams.UNDECODABLE_IMAGE;
    public static final String SIZE_MISMATCH = PhotoAndCams.SIZE_MISMATCH;
    public static final String CORRUPT_CAMS = PhotoAndCams.CORRUPT_CAMS;

    public AffinityLabelsStage() {
        super(NAME, "affinity labels: dense CRF on low- and high-alpha backgrounds");
    }

    /** The CAMs, the photos (through the index), and the label rule's and the CRF's settings. */
    @Override
    public Declaration declare(StageContext context) throws IOException {
        return new Declaration()
                .upstream(context, IndexStage.NAME, CamsStage.NAME)
                .settings(NAME, context.settings().affinityLabels(), "partitions")
                .settings("crf", context.settings().crf(), "threads");
    }

    @Override
    protected Output output(StageContext context) {
        return new Output(Tables.AFFINITY_LABELS, Tables.AFFINITY_LABELS_REJECTS, List.of());
    }

    @Override
    protected Dataset<Row> inputs(StageContext context) {
        return camsWithPhotos(context);
    }

    @Override
    protected int partitions(StageContext context) {
        return context.settings().affinityLabels().partitions();
    }

    @Override
    protected Work work(StageContext context, Dataset<Row> pending) {
        LabelImages label = new LabelImages(context.storage(), context.settings().affinityLabels(),
                context.settings().crf());
        return () -> pending.javaRDD().mapPartitions(label);
    }

    @Override
    protected Map<String, Object> reportedSettings(StageContext context) {
        return Map.of("affinity_labels", context.settings().affinityLabels(), "crf", context.settings().crf());
    }

    /** Labels the images of one partition; runs on executors. */
    static final class LabelImages extends CrfPerImage<Outcome> {
        @Serial
        private static final long serialVersionUID = 1L;
        private final AffinityLabelSettings settings;

        LabelImages(Storage storage, AffinityLabelSettings settings, CrfConfig crf) {
            super(storage, crf);
            this.settings = settings;
        }

        @Override
        protected Outcome apply(Row row, DenseCrf denseCrf) {
            String id = StageInputs.string(row, "image_id");
            int width = StageInputs.integer(row, "width");
            int height = StageInputs.integer(row, "height");
            int[] classes = StageInputs.intArray(row, "classes");
            PhotoAndCams inputs = PhotoAndCams.read(storage, StageInputs.string(row, "image_uri"), width, height,
                    classes.length, StageInputs.bytes(row, "cams"));
            if (!inputs.usable()) return inputs.reject(id, NAME);
            RgbImage image = inputs.photo();
            ChannelStack camStack = inputs.cams();
            ChannelStack low = crfScores(denseCrf, image, AffinityLabelRule.scoreStack(camStack, settings.lowAlpha()));
            ChannelStack high = crfScores(denseCrf, image, AffinityLabelRule.scoreStack(camStack, settings.highAlpha()));
            LabelMap full = AffinityLabelRule.combine(low, high, classes);
            LabelMap reduced = AffinityLabelRule.combineAtStride(low, high, classes, AffinityLabelRule.FEATURE_STRIDE);
            return Outcome.of(new Tables.AffinityLabelRow(id, width, height, classes,
                    ImageEncoding.labelPng(full.labels(), width, height),
                    ImageEncoding.labelPng(reduced.labels(), reduced.width(), reduced.height())).toRow());
        }

        private static ChannelStack crfScores(DenseCrf crf, RgbImage image, ChannelStack scores) {
            float[] q = crf.infer(image.rgb(), scores.values(), scores.channels(), scores.height(), scores.width());
            return new ChannelStack(scores.channels(), scores.height(), scores.width(), q);
        }
    }
}
