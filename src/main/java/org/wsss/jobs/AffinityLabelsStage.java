package org.wsss.jobs;

import java.io.IOException;
import java.io.Serial;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.wsss.algo.affinity.AffinityLabelRule;
import org.wsss.algo.crf.DenseCrf;
import org.wsss.algo.image.ImageEncoding;
import org.wsss.algo.image.RgbImage;
import org.wsss.algo.maps.ChannelStack;
import org.wsss.algo.maps.LabelMap;
import org.wsss.config.AffinityLabelSettings;
import org.wsss.config.CrfConfig;
import org.wsss.io.StageReport;
import org.wsss.io.Storage;
import org.wsss.io.SparkValues;
import org.wsss.io.Tables;
import org.wsss.spark.PartitionBatches;
import org.wsss.spark.SparkSessions;
import org.wsss.spark.TaskCores;

/**
 * Turns each image's CAMs into affinity labels (ALGORITHM.md section 3): background scores with a low and a high
 * alpha, a dense CRF on each stack over the image, and the confident-foreground / confident-background rule, at
 * full size and at feature stride (block-averaged CRF scores, then the rule).
 */
public final class AffinityLabelsStage implements Stage {
    public static final String NAME = "affinity-labels";
    public static final String UNDECODABLE_IMAGE = PhotoAndCams.UNDECODABLE_IMAGE;
    public static final String SIZE_MISMATCH = PhotoAndCams.SIZE_MISMATCH;
    public static final String CORRUPT_CAMS = PhotoAndCams.CORRUPT_CAMS;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public StageReport run(StageContext context) throws IOException {
        long started = System.nanoTime();
        AffinityLabelSettings settings = context.settings().affinityLabels();
        CrfConfig crf = context.settings().crf();
        ResumableOutput output = new ResumableOutput(context, Tables.AFFINITY_LABELS, Tables.AFFINITY_LABELS_REJECTS);
        Dataset<Row> cams = context.tables().read(Tables.CAMS);
        Dataset<Row> images = context.tables().read(Tables.INDEX).select("image_id", "image_uri");
        Dataset<Row> inputs = output.pending(cams.join(images, "image_id"));
        JavaRDD<Outcome> outcomes = inputs
                .repartition(StageInputs.partitions(settings.partitions(), context))
                .javaRDD()
                .mapPartitions(new LabelImages(context.storage(), settings, crf));
        ResumableOutput.Published published = SparkSessions.inJobGroup(context.spark(), NAME,
                "affinity labels: dense CRF on low- and high-alpha backgrounds", () -> output.publish(outcomes));
        StageReport report = new StageReport(NAME, published.rows(), published.rejects(),
                StageInputs.secondsSince(started),
                StageReport.settingsOf(Map.of("affinity_labels", settings, "crf", crf)), new LinkedHashMap<>());
        report.write(context.storage(), context.layout());
        return report;
    }

    /** Labels the images of one partition; runs on executors. */
    static final class LabelImages implements FlatMapFunction<Iterator<Row>, Outcome> {
        @Serial
        private static final long serialVersionUID = 1L;
        private final Storage storage;
        private final AffinityLabelSettings settings;
        private final CrfConfig crf;

        LabelImages(Storage storage, AffinityLabelSettings settings, CrfConfig crf) {
            this.storage = storage;
            this.settings = settings;
            this.crf = crf;
        }

        @Override
        public Iterator<Outcome> call(Iterator<Row> rows) {
            DenseCrf denseCrf = new DenseCrf(crf.crf(), TaskCores.threads(crf.threads()));
            return PartitionBatches.mapEach(rows, row -> label(row, denseCrf));
        }

        private Outcome label(Row row, DenseCrf denseCrf) {
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
            return Outcome.of(RowFactory.create(id, width, height, SparkValues.intArray(classes),
                    ImageEncoding.labelPng(full.labels(), width, height),
                    ImageEncoding.labelPng(reduced.labels(), reduced.width(), reduced.height())));
        }

        private static ChannelStack crfScores(DenseCrf crf, RgbImage image, ChannelStack scores) {
            float[] q = crf.infer(image.rgb(), scores.values(), scores.channels(), scores.height(), scores.width());
            return new ChannelStack(scores.channels(), scores.height(), scores.width(), q);
        }
    }
}
