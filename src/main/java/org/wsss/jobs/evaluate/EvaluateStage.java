package org.wsss.jobs.evaluate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.struct;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.wsss.algo.metrics.ConfusionMatrix;
import org.wsss.algo.metrics.SegmentationMetrics;
import org.wsss.config.EvaluateSettings;
import org.wsss.data.PetBreeds;
import org.wsss.io.EvaluationMetrics;
import org.wsss.io.MaskMethods;
import org.wsss.io.StageReport;
import org.wsss.io.Tables;
import org.wsss.jobs.cam.CamsStage;
import org.wsss.jobs.index.IndexStage;
import org.wsss.jobs.seg.SegmentStage;
import org.wsss.jobs.stage.Declaration;
import org.wsss.jobs.stage.NamedStage;
import org.wsss.jobs.stage.SparseCounts;
import org.wsss.jobs.stage.StageContext;
import org.wsss.jobs.walk.RandomWalkStage;
import org.wsss.spark.SparkSessions;
import scala.Tuple2;

/**
 * Scores every method's masks against the trimaps of the chosen split: per-image scores as a table, confusion
 * matrices summed in Spark into {@code RUN_ROOT/eval/metrics.json}. An image a method has no usable mask for is
 * a reject of that method, never a failure.
 */
public final class EvaluateStage extends NamedStage {
    public static final String NAME = "evaluate";

    public static final String NO_MASK = ScoreImages.NO_MASK;
    public static final String DUPLICATE_MASK = ScoreImages.DUPLICATE_MASK;
    public static final String UNDECODABLE_MASK = ScoreImages.UNDECODABLE_MASK;
    public static final String MASK_SIZE = ScoreImages.MASK_SIZE;
    public static final String MASK_LABELS = ScoreImages.MASK_LABELS;
    public static final String UNREADABLE_TRIMAP = ScoreImages.UNREADABLE_TRIMAP;
    public static final String BAD_TRIMAP = ScoreImages.BAD_TRIMAP;

    private static final List<String> CLASS_NAMES = PetBreeds.segmentationClassNames();

    public EvaluateStage() {
        super(NAME);
    }

    /** The masks of every method (from the CAM, random-walk and segment stages), the trimaps, and the split. */
    @Override
    public Declaration declare(StageContext context) throws IOException {
        return new Declaration()
                .upstream(context, IndexStage.NAME, CamsStage.NAME, RandomWalkStage.NAME, SegmentStage.NAME)
                .settings(NAME, context.settings().evaluate());
    }

    @Override
    public StageReport run(StageContext context) throws IOException {
        long started = System.nanoTime();
        EvaluateSettings settings = context.settings().evaluate();
        Dataset<Row> index = context.tables().read(Tables.INDEX);
        Dataset<Row> masks = context.tables().read(Tables.MASKS);
        Dataset<Row> images = settings.onlySplit().map(split -> index.filter(col("split").equalTo(split))).orElse(index)
                .select("image_id", "split", "class_id", "trimap_uri");

        return SparkSessions.inJobGroup(context.spark(), NAME, "evaluate: score masks against trimaps", () -> {
            List<String> methods = MaskMethods.ordered(
                    masks.select("method").distinct().as(Encoders.STRING()).collectAsList());
            Dataset<Row> masksByImage = masks.groupBy("image_id")
                    .agg(collect_list(struct(col("method"), col("mask"))).as("masks"));
            Dataset<Row> joined = images.join(masksByImage, images.col("image_id").equalTo(masksByImage.col("image_id")),
                            "left_outer")
                    .select(images.col("image_id"), images.col("split"), images.col("class_id"),
                            images.col("trimap_uri"), masksByImage.col("masks"));
            JavaRDD<ScoreImages.Outcome> outcomes = joined.javaRDD()
                    .mapPartitions(new ScoreImages(context.storage(), methods))
                    .persist(StorageLevel.MEMORY_AND_DISK());
            try {
                return publish(context, settings, methods, images.count(), outcomes, started);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot publish the evaluation", e);
            } finally {
                outcomes.unpersist(false);
            }
        });
    }

    private StageReport publish(StageContext context, EvaluateSettings settings, List<String> methods, long imageCount,
                                JavaRDD<ScoreImages.Outcome> outcomes, long started) throws IOException {
        context.tables().replace(Tables.EVAL_PER_IMAGE, context.spark().createDataFrame(
                outcomes.filter(o -> o.perImage() != null).map(ScoreImages.Outcome::perImage),
                Tables.EVAL_PER_IMAGE.schema()));
        context.tables().replace(Tables.EVAL_REJECTS, context.spark().createDataFrame(
                outcomes.filter(o -> o.reject() != null).map(o -> o.reject().toRow()), Tables.EVAL_REJECTS.schema()));

        Map<String, long[]> summed = outcomes.filter(o -> o.counts() != null)
                .mapToPair(o -> new Tuple2<>(o.method(), o.counts()))
                .aggregateByKey(new long[new ConfusionMatrix().toLongArray().length],
                        (total, counts) -> counts.addInto(total), SparseCounts::sum)
                .collectAsMap();
        Map<String, Long> scoredImages = new TreeMap<>();
        Dataset<Row> perImage = context.tables().read(Tables.EVAL_PER_IMAGE);
        for (Row r : perImage.groupBy("method").count().collectAsList()) {
            scoredImages.put(r.getAs("method"), r.getAs("count"));
        }

        Map<String, EvaluationMetrics.MethodScores> scores = new LinkedHashMap<>();
        for (String method : methods) {
            long[] counts = summed.getOrDefault(method, new ConfusionMatrix().toLongArray());
            scores.put(method, scoresOf(ConfusionMatrix.fromLongArray(ScoreImages.CLASSES, counts),
                    scoredImages.getOrDefault(method, 0L)));
        }
        new EvaluationMetrics(settings.split(), imageCount, scores, lineage(context, methods))
                .write(context.storage(), context.layout());

        Map<String, Long> rejectCounts = new TreeMap<>();
        for (Row r : context.tables().read(Tables.EVAL_REJECTS).groupBy("reason").count().collectAsList()) {
            rejectCounts.put(r.getAs("reason"), r.getAs("count"));
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("images", imageCount);
        figures.put("methods", methods);
        figures.put("scored_images", scoredImages);
        Map<String, Map<String, Double>> headline = new LinkedHashMap<>();
        scores.forEach((method, s) -> {
            Map<String, Double> pair = new LinkedHashMap<>();
            pair.put("miou", s.miou());
            pair.put("fg_iou", s.fgIou());
            headline.put(method, pair);
        });
        figures.put(StageReport.SCORES, headline);
        figures.put(StageReport.OUTPUTS, Map.of("metrics", context.layout().evaluationMetrics().toString()));
        long rows = scoredImages.values().stream().mapToLong(Long::longValue).sum();
        StageReport report = new StageReport(NAME, rows, rejectCounts, seconds(started),
                StageReport.settingsOf(Map.of("evaluate", settings)), figures);
        report = declare(context).stamp(report);
        report.write(context.storage(), context.layout());
        return report;
    }

    /** What made each method's masks, from the lineage its stage recorded (none for a stage that recorded none). */
    /** The stage that writes a method's masks; the walk's CAMs come from the CAM stage, seg's masks need none. */
    private static String stageOf(String method) {
        if (method.startsWith(MaskMethods.SEG)) return SegmentStage.NAME;
        return method.startsWith(MaskMethods.RW) ? RandomWalkStage.NAME : CamsStage.NAME;
    }

    static Map<String, EvaluationMetrics.MethodLineage> lineage(StageContext context, List<String> methods)
            throws IOException {
        Map<String, EvaluationMetrics.MethodLineage> lineage = new LinkedHashMap<>();
        for (String method : methods) {
            String stage = stageOf(method);
            if (!StageReport.isComplete(context.storage(), context.layout(), stage)) continue;
            StageReport made = StageReport.read(context.storage(), context.layout(), stage);
            if (made.fingerprint() == null) continue;
            Map<String, String> checkpoints = new TreeMap<>(checkpointsOf(made));
            if (stage.equals(RandomWalkStage.NAME) && StageReport.isComplete(context.storage(), context.layout(),
                    CamsStage.NAME)) {
                checkpoints.putAll(checkpointsOf(StageReport.read(context.storage(), context.layout(), CamsStage.NAME)));
            }
            lineage.put(method, new EvaluationMetrics.MethodLineage(stage, made.fingerprint(), checkpoints,
                    made.finished()));
        }
        return lineage;
    }

    private static Map<String, String> checkpointsOf(StageReport report) {
        Map<String, String> checkpoints = new TreeMap<>();
        if (report.inputs() == null) return checkpoints;
        report.inputs().forEach((key, value) -> {
            if (key.endsWith(Declaration.CHECKPOINT)) checkpoints.put(key, String.valueOf(value));
        });
        return checkpoints;
    }

    /** The contract's scores of one method: overall, pet/background, and per class by name (present ones only). */
    static EvaluationMetrics.MethodScores scoresOf(ConfusionMatrix matrix, long scoredImages) {
        SegmentationMetrics metrics = SegmentationMetrics.of(matrix);
        Map<String, Double> perClass = new LinkedHashMap<>();
        for (int c = 0; c < metrics.numClasses(); c++) {
            if (metrics.present(c)) perClass.put(CLASS_NAMES.get(c), metrics.iou(c));
        }
        return EvaluationMetrics.MethodScores.of(metrics.meanIou(), metrics.foregroundIou(), metrics.pixelAccuracy(),
                perClass, scoredImages);
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
