package org.wsss.jobs.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.wsss.data.PetBreeds;
import org.wsss.io.EvaluationMetrics;
import org.wsss.io.MaskMethods;
import org.wsss.io.RunLayout;
import org.wsss.io.StageReport;
import org.wsss.io.Storage;
import org.wsss.io.Tables;
import org.wsss.jobs.affinity.AffinityLabelsStage;
import org.wsss.jobs.affinity.AffinityTrainingStage;
import org.wsss.jobs.cam.CamTrainingStage;
import org.wsss.jobs.cam.CamsStage;
import org.wsss.jobs.evaluate.EvaluateStage;
import org.wsss.jobs.index.IndexStage;
import org.wsss.jobs.seg.SegTrainingStage;
import org.wsss.jobs.seg.SegmentStage;
import org.wsss.jobs.stage.Declaration;
import org.wsss.jobs.stage.NamedStage;
import org.wsss.jobs.stage.StageContext;
import org.wsss.jobs.tune.TuneStage;
import org.wsss.jobs.walk.RandomWalkStage;
import org.wsss.report.Charts;
import org.wsss.report.ReportContent;
import org.wsss.report.ReportPage;
import org.wsss.report.TrainingRounds;
import org.wsss.spark.SparkSessions;

/**
 * Writes {@code RUN_ROOT/report/index.html}: run summary, methods side by side, per-class IoU, training curves,
 * per-image mIoU histogram and galleries, with charts and pictures as files beside the page. Whatever an earlier
 * stage has not produced is shown as not available; the page is built in staging and moved into place whole.
 */
public final class ReportStage extends NamedStage {
    public static final String NAME = "report";
    public static final String PAGE = "index.html";
    public static final String TRAIN_CAM = CamTrainingStage.NAME;
    public static final String TRAIN_AFFINITY = AffinityTrainingStage.NAME;

    /** The order stages run in; stages not listed (added later) follow alphabetically. */
    private static final List<String> STAGE_ORDER = List.of(IndexStage.NAME, TRAIN_CAM, CamsStage.NAME,
            AffinityLabelsStage.NAME, TRAIN_AFFINITY, TuneStage.NAME, RandomWalkStage.NAME, SegTrainingStage.NAME, SegmentStage.NAME,
            EvaluateStage.NAME);
    private static final int HISTOGRAM_BINS = 10;
    private static final List<String> CLASS_NAMES = PetBreeds.segmentationClassNames();

    public ReportStage() {
        super(NAME);
    }

    /** Every other stage's output (the page shows them all) and the page's settings. */
    @Override
    public Declaration declare(StageContext context) throws IOException {
        Declaration declared = new Declaration();
        for (String stage : STAGE_ORDER) {
            if (!stage.equals(NAME)) declared.upstream(context, stage);
        }
        return declared.settings(NAME, context.settings().report());
    }

    @Override
    public StageReport run(StageContext context) throws IOException {
        long started = System.nanoTime();
        Declaration declared = declare(context);
        Storage storage = context.storage();
        RunLayout layout = context.layout();
        ReportFiles files = new ReportFiles(storage, layout.staging(NAME));
        storage.mkdirs(files.folder());

        List<ReportContent.StageSummary> stages = stageSummaries(storage, layout);
        EvaluationMetrics readMetrics = null;
        String unreadable = null;
        try {
            readMetrics = EvaluationMetrics.read(storage, layout).orElse(null);
        } catch (IOException | RuntimeException e) {
            unreadable = "metrics.json is unreadable: " + e.getMessage();
        }
        EvaluationMetrics metrics = readMetrics;
        String metricsProblem = unreadable;
        List<ReportContent.TrainingSection> training = new ArrayList<>();
        for (String stage : List.of(TRAIN_CAM, TRAIN_AFFINITY, SegTrainingStage.NAME)) {
            training.add(trainingSection(storage, layout, stage, files));
        }

        ReportGallery gallery = new ReportGallery(context.tables(), storage, context.settings().report(), files);
        ReportContent content = SparkSessions.inJobGroup(context.spark(), NAME, "report: gather scores and pictures",
                () -> new ReportContent(layout.runRoot(), Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                        stages, Optional.ofNullable(metrics), metricsProblem, perClassChart(metrics, files),
                        histogramChart(context, metrics, files), training,
                        metrics == null ? ReportContent.Gallery.notAvailable("the evaluate stage has not run")
                                : gallery.build(metrics), ReportTuning.section(context, files)));
        files.write(PAGE, ReportPage.render(content).getBytes(StandardCharsets.UTF_8));
        storage.replaceDirectory(files.folder(), layout.stageDir(NAME));

        long galleryImages = content.gallery().best().size() + content.gallery().worst().size();
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("files", files.written().size());
        figures.put("gallery_images", galleryImages);
        figures.put("stages_summarised", stages.size());
        figures.put("evaluation", metrics != null);
        figures.put("training_curves", training.stream().filter(t -> t.chart() != null).map(t -> t.stage()).toList());
        figures.put(StageReport.OUTPUTS, Map.of("page", new Path(layout.stageDir(NAME), PAGE).toString()));
        StageReport report = new StageReport(NAME, galleryImages, gallery.problems(), seconds(started),
                StageReport.settingsOf(Map.of("report", context.settings().report())), figures);
        report = declared.stamp(report);
        report.write(storage, layout);
        return report;
    }

    /** Every completed stage's {@code _stage.json} except this one's, in pipeline order. */
    private static List<ReportContent.StageSummary> stageSummaries(Storage storage, RunLayout layout) throws IOException {
        List<String> names = new ArrayList<>();
        for (Path folder : storage.listDirectories(layout.root())) {
            String name = folder.getName();
            if (!name.equals(NAME) && storage.exists(layout.stageReport(name))) names.add(name);
        }
        names.sort(Comparator.comparingInt((String n) -> STAGE_ORDER.contains(n) ? STAGE_ORDER.indexOf(n)
                : STAGE_ORDER.size()).thenComparing(Comparator.naturalOrder()));
        List<ReportContent.StageSummary> summaries = new ArrayList<>();
        for (String name : names) {
            try {
                summaries.add(new ReportContent.StageSummary(name, StageReport.read(storage, layout, name), null));
            } catch (IOException | RuntimeException e) {
                summaries.add(new ReportContent.StageSummary(name, null, e.getMessage()));
            }
        }
        return summaries;
    }

    private static ReportContent.TrainingSection trainingSection(Storage storage, RunLayout layout, String stage,
                                                                 ReportFiles files) {
        Path rounds = layout.trainingRounds(stage);
        if (!storage.exists(rounds)) return new ReportContent.TrainingSection(stage, null, null, null);
        try {
            List<TrainingRounds.Round> parsed = TrainingRounds.parse(storage.readText(rounds));
            String chart = parsed.isEmpty() ? null
                    : files.write("training-" + stage + ".png", Charts.trainingCurve(stage, parsed));
            return new ReportContent.TrainingSection(stage, parsed, chart, null);
        } catch (IOException | IllegalArgumentException e) {
            return new ReportContent.TrainingSection(stage, null, null, e.getMessage());
        }
    }

    private static String perClassChart(EvaluationMetrics metrics, ReportFiles files) {
        if (metrics == null || metrics.methods().isEmpty()) return null;
        List<String> classes = metrics.methods().values().stream()
                .flatMap(s -> s.perClassIou().keySet().stream()).distinct()
                .sorted(Comparator.comparingInt(ReportStage::classOrder)).toList();
        if (classes.isEmpty()) return null;
        Map<String, List<Double>> series = new LinkedHashMap<>();
        metrics.methods().forEach((method, scores) -> series.put(MaskMethods.displayName(method),
                classes.stream().map(c -> scores.perClassIou().get(c)).toList()));
        return files.write("per-class-iou.png", Charts.perClassIou(classes, series));
    }

    /** Images per method in each tenth of [0, 1], counted in Spark. */
    private static String histogramChart(StageContext context, EvaluationMetrics metrics, ReportFiles files) {
        if (metrics == null || metrics.methods().isEmpty() || !context.tables().exists(Tables.EVAL_PER_IMAGE)) return null;
        Map<String, Long[]> counts = new LinkedHashMap<>();
        metrics.methods().keySet().forEach(m -> {
            Long[] zeros = new Long[HISTOGRAM_BINS];
            Arrays.fill(zeros, 0L);
            counts.put(m, zeros);
        });
        List<Row> binned = context.tables().read(Tables.EVAL_PER_IMAGE)
                .filter(not(isnan(col("miou"))))
                .withColumn("bin", least(floor(col("miou").multiply(HISTOGRAM_BINS)), lit(HISTOGRAM_BINS - 1)).cast("int"))
                .groupBy("method", "bin").count().collectAsList();
        for (Row r : binned) {
            Long[] bins = counts.get(r.<String>getAs("method"));
            if (bins != null) bins[r.<Integer>getAs("bin")] = r.getAs("count");
        }
        List<String> labels = new ArrayList<>();
        for (int b = 0; b < HISTOGRAM_BINS; b++) {
            labels.add(String.format(Locale.ROOT, "%.1f-%.1f", (double) b / HISTOGRAM_BINS, (double) (b + 1) / HISTOGRAM_BINS));
        }
        Map<String, List<Long>> series = new LinkedHashMap<>();
        counts.forEach((method, bins) -> series.put(MaskMethods.displayName(method), Arrays.asList(bins)));
        return files.write("per-image-miou.png", Charts.iouHistogram(labels, series));
    }

    private static int classOrder(String className) {
        int id = CLASS_NAMES.indexOf(className);
        return id >= 0 ? id : CLASS_NAMES.size();
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
