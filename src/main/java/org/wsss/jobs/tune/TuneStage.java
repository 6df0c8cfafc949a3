package org.wsss.jobs.tune;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.Serial;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import org.wsss.algo.crf.DenseCrf;
import org.wsss.algo.metrics.ConfusionMatrix;
import org.wsss.algo.metrics.PairedBootstrap;
import org.wsss.algo.metrics.SegmentationMetrics;
import org.wsss.config.CrfConfig;
import org.wsss.config.RandomWalkConfig;
import org.wsss.config.TuneSettings;
import org.wsss.io.CheckpointStore;
import org.wsss.io.MaskMethods;
import org.wsss.io.StageReport;
import org.wsss.io.Storage;
import org.wsss.io.Tables;
import org.wsss.io.TunedSettings;
import org.wsss.jobs.affinity.AffinityCheckpoint;
import org.wsss.jobs.affinity.AffinityTrainingStage;
import org.wsss.jobs.cam.CamsStage;
import org.wsss.jobs.index.IndexStage;
import org.wsss.jobs.stage.Declaration;
import org.wsss.jobs.stage.ExecutorModel;
import org.wsss.jobs.stage.SparseCounts;
import org.wsss.jobs.stage.Stage;
import org.wsss.jobs.stage.StageContext;
import org.wsss.jobs.stage.StageInputs;
import org.wsss.jobs.stage.TuningImages;
import org.wsss.model.affinity.AffinityModel;
import org.wsss.model.walk.WalkSegmenter;
import org.wsss.spark.PartitionBatches;
import org.wsss.spark.SparkSessions;
import org.wsss.spark.TaskCores;
import scala.Tuple2;

/**
 * Fits the per-image inference settings to the data: a seeded subset of trainval images is segmented with every
 * point of the grid ({@code wsss.tune}) and scored against its trimaps; the best CAM-only threshold, the best walk
 * and the best CRF-refined walk by its grid neighbourhood ({@link GridNeighbourhood}), each only if it surely beats
 * the configured one (see {@link #bestIfSure}), are written to {@code RUN_ROOT/tune/settings.conf}, every point's
 * score to {@code RUN_ROOT/tune/scores}.
 *
 * <p>Cost: an image's photo, CAMs, truth and AffinityNet features are computed once, in one task, and kept (memory,
 * spilling to disk) for both passes: the sweep of the CAM and walk grid, then the dense CRF on the best walks at
 * every background power ({@link #crfCandidates}). Images spread over the executors; all grid points of an image run in its task. Test images never enter,
 * and train-affinity holds the tuning images out of AffinityNet's training ({@link TuningImages}).
 */
public final class TuneStage implements Stage {
    public static final String NAME = "tune";
    /** The settings section whose values the sweep starts from and compares against. */
    private static final String WALK_SETTINGS = "random-walk";
    static final String TRAINVAL = "trainval";
    private static final int KEEP_ANY = 1;
    /** Bootstrap draws comparing the best point with the configured one: 1000 put the share within about 0.01. */
    static final int RESAMPLES = 1000;
    /** The figure holding rw_crf's pooled neighbourhood mIoU of the chosen and the configured walk. */
    public static final String NEIGHBOURHOOD_MIOU = "rw_crf_neighbourhood_miou";

    @Override
    public String name() {
        return NAME;
    }

    /** One tuning image's inputs. */
    record Input(String imageId, String split, int classId, int width, int height, int[] classes, byte[] cams,
                 String imageUri, String trimapUri) implements java.io.Serializable {
        static Input of(Row row) {
            return new Input(StageInputs.string(row, "image_id"), StageInputs.string(row, "split"),
                    StageInputs.integer(row, "class_id"), StageInputs.integer(row, "width"),
                    StageInputs.integer(row, "height"), StageInputs.intArray(row, "classes"),
                    StageInputs.bytes(row, "cams"), StageInputs.string(row, "image_uri"),
                    StageInputs.string(row, "trimap_uri"));
        }
    }

    /**
     * The CAMs, photos and trimaps, the AffinityNet checkpoint, the grid, and the walk settings the sweep shares
     * with the random walk (pair radius, the CRF, and the configured walk, which the CRF always refines).
     */
    @Override
    public Declaration declare(StageContext context) throws IOException {
        RandomWalkConfig walk = context.settings().randomWalk();
        Declaration declared = new Declaration()
                .upstream(context, IndexStage.NAME, CamsStage.NAME)
                .checkpoint(context, AffinityTrainingStage.NAME,
                        context.layout().checkpoints(AffinityTrainingStage.CHECKPOINTS))
                .settings(NAME, context.settings().tune(), "partitions")
                .value(WALK_SETTINGS + ".radius", walk.walk().radius())
                .value(WALK_SETTINGS + ".crf", walk.crf())
                .value(WALK_SETTINGS + ".configured-walk", walk.backgroundPower() + ", "
                        + walk.walk().beta() + ", " + walk.walk().logt());
        if (walk.crf()) declared.settings("crf", context.settings().crf(), "threads");
        return declared;
    }

    @Override
    public StageReport run(StageContext context) throws IOException {
        long started = System.nanoTime();
        TuneSettings grid = context.settings().tune();
        if (!grid.enabled()) {
            throw new IllegalArgumentException("wsss.tune.images is 0: set it above 0 to tune (24 is a good size)");
        }
        long trainval = TuningImages.trainvalImages(context);
        if (TuningImages.count(grid, trainval) == 0) {
            throw new IllegalArgumentException("the tune stage takes at most a quarter of the trainval images, and the"
                    + " index has " + trainval + ": tuning needs at least 4 (or set wsss.tune.images = 0)");
        }
        RandomWalkConfig walk = context.settings().randomWalk();
        AffinityCheckpoint checkpoint = AffinityCheckpoint.latest(new CheckpointStore(context.storage(),
                context.layout().checkpoints(AffinityTrainingStage.CHECKPOINTS), KEEP_ANY));
        Dataset<Row> inputs = subset(context, grid);

        ExecutorModel<AffinityModel> model = ExecutorModel.broadcast(context.spark(), checkpoint,
                context.settings().devices().gpuResource());
        LongAccumulator featureMaps = context.spark().sparkContext().longAccumulator("tune: feature maps computed");
        LongAccumulator skipped = context.spark().sparkContext().longAccumulator("tune: unusable images");
        JavaRDD<TuneImage.Prepared> prepared = inputs
                .repartition(StageInputs.partitions(grid.partitions(), context))
                .javaRDD()
                .mapPartitions(new PrepareImages(context.storage(), model, featureMaps, skipped))
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            return SparkSessions.inJobGroup(context.spark(), NAME, "tune: inference settings scored on trainval images",
                    () -> {
                        try {
                            return sweepAndChoose(context, grid, walk, prepared, featureMaps, skipped, started);
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException("cannot write the tune stage's outputs", e);
                        }
                    });
        } finally {
            prepared.unpersist(false);
            model.destroy();
        }
    }

    /**
     * The tuning images ({@link TuningImages}: the pick train-affinity holds out) that have CAMs. An image whose
     * CAMs are missing is not replaced by another, which AffinityNet may have trained on.
     */
    static Dataset<Row> subset(StageContext context, TuneSettings grid) {
        Dataset<Row> picked = TuningImages.pick(context.tables().read(Tables.INDEX), grid)
                .select("image_id", "split", "class_id", "image_uri", "trimap_uri");
        return context.tables().read(Tables.CAMS).join(picked, "image_id");
    }

    private StageReport sweepAndChoose(StageContext context, TuneSettings grid, RandomWalkConfig walk,
                                       JavaRDD<TuneImage.Prepared> prepared, LongAccumulator featureMaps,
                                       LongAccumulator skipped, long started) throws IOException {
        int radius = walk.walk().radius();
        int threads = walk.threads();
        long images = prepared.count();
        if (images == 0) {
            throw new org.wsss.io.MissingInputException("no trainval image with CAMs, photo and trimap to tune on: "
                    + "run `wsss cams` first");
        }
        JavaRDD<TuneImage.Score> swept = prepared
                .flatMap(image -> TuneImage.sweep(image, grid, radius, threads).iterator())
                .persist(StorageLevel.MEMORY_AND_DISK());
        JavaRDD<TuneImage.Score> refined = null;
        Map<TuneImage.Point, Scores> scores = new LinkedHashMap<>(summed(swept));
        // Per method, the share of bootstrap draws in which the best point beat the configured one.
        Map<String, Double> sharesWon = new LinkedHashMap<>();
        // The methods whose best point did not win often enough to replace the configured one.
        List<String> keptConfigured = new ArrayList<>();
        // rw_crf's choice is made on pooled neighbourhoods: the chosen and the configured walk's pooled mIoU.
        Map<String, Double> neighbourhoodMious = new LinkedHashMap<>();
        TuneImage.Point configuredWalk = TuneImage.Point.walk(MaskMethods.RW, walk.backgroundPower(),
                walk.walk().beta(), walk.walk().logt());
        TuneImage.Point bestCam;
        TuneImage.Point bestWalk;
        TuneImage.Point crfWalk;
        boolean crfHelps = false;
        try {
            bestCam = bestIfSure(swept, scores, MaskMethods.CAM,
                    TuneImage.Point.cam(context.settings().cams().backgroundThreshold()), grid, sharesWon,
                    keptConfigured);
            bestWalk = bestIfSure(swept, scores, MaskMethods.RW, configuredWalk, grid, sharesWon, keptConfigured);
            crfWalk = bestWalk;
            if (grid.crfCandidates() > 0 && walk.crf()) {
                List<TuneImage.Point> candidates = crfCandidates(scores, grid, configuredWalk);
                CrfConfig crf = context.settings().crf();
                refined = prepared.mapPartitions(new RefineImages(candidates, radius, threads, crf))
                        .persist(StorageLevel.MEMORY_AND_DISK());
                scores.putAll(summed(refined));
                JavaRDD<TuneImage.Score> pooled = GridNeighbourhood.pooled(refined, Set.copyOf(
                        candidates.stream().map(TuneImage.Point::refined).toList()), grid);
                Map<TuneImage.Point, Scores> neighbourhoods = summed(pooled);
                TuneImage.Point bestRefined = bestIfSure(pooled, neighbourhoods, MaskMethods.RW_CRF,
                        configuredWalk.refined(), grid, sharesWon, keptConfigured);
                neighbourhoodMious.put("chosen", neighbourhoods.get(bestRefined).miou());
                Scores configuredPool = neighbourhoods.get(configuredWalk.refined());
                if (configuredPool != null) neighbourhoodMious.put("configured", configuredPool.miou());
                crfWalk = TuneImage.Point.walk(MaskMethods.RW, bestRefined.power(), bestRefined.beta(),
                        bestRefined.logt());
                crfHelps = scores.get(bestRefined).miou() > scores.get(bestWalk).miou();
            }
        } finally {
            swept.unpersist(false);
            if (refined != null) refined.unpersist(false);
        }
        TunedSettings chosen = new TunedSettings(bestCam.threshold(), bestWalk.power(), bestWalk.beta(),
                bestWalk.logt(), crfWalk.power(), crfWalk.beta(), crfWalk.logt(), crfHelps, images);
        writeScores(context, scores, images, List.of(bestCam, bestWalk, crfWalk.refined()));
        chosen.write(context.storage(), TunedSettings.location(context.layout(), NAME));

        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("images", images);
        figures.put("unusable_images", skipped.value());
        figures.put("grid_points", scores.size());
        figures.put("feature_computations", featureMaps.value());
        figures.put("confidence", grid.confidence());
        figures.put("best_beats_configured", sharesWon);
        figures.put("kept_configured", keptConfigured);
        figures.put(NEIGHBOURHOOD_MIOU, neighbourhoodMious);
        figures.put("chosen", Map.of("cam_background_threshold", chosen.camBackgroundThreshold(),
                "background_power", chosen.backgroundPower(), "beta", chosen.beta(), "logt", chosen.logt(),
                "crf_walk", Map.of("background_power", chosen.crfBackgroundPower(), "beta", chosen.crfBeta(),
                        "logt", chosen.crfLogt()),
                "crf_helps", chosen.crfHelps()));
        Map<String, Object> headline = new LinkedHashMap<>();
        headline.put(MaskMethods.CAM, Map.of("miou", scores.get(bestCam).miou()));
        headline.put(MaskMethods.RW, Map.of("miou", scores.get(bestWalk).miou()));
        if (scores.containsKey(crfWalk.refined())) {
            headline.put(MaskMethods.RW_CRF, Map.of("miou", scores.get(crfWalk.refined()).miou()));
        }
        figures.put(StageReport.SCORES, headline);
        figures.put(StageReport.OUTPUTS, Map.of("settings",
                TunedSettings.location(context.layout(), NAME).toString(),
                "scores", context.layout().table(Tables.TUNE_SCORES).toString()));
        StageReport report = new StageReport(NAME, scores.size(), Map.of(), StageInputs.secondsSince(started),
                StageReport.settingsOf(Map.of("tune", grid)), figures);
        report = declare(context).stamp(report);
        report.write(context.storage(), context.layout());
        return report;
    }

    /**
     * The walks the dense CRF refines: the {@code crf-candidates} best (beta, logt) pairs of the walk alone, each at
     * every background power of the grid, and the configured walk (when the grid holds it: it is what a tuned rw_crf
     * has to beat). Every power, because the CRF moves the best one: on both 4-breed synthetic sets the best refined
     * walk had power 16 where the best walk alone had 8 (README, "Settings fitted to the data").
     */
    static List<TuneImage.Point> crfCandidates(Map<TuneImage.Point, Scores> scores, TuneSettings grid,
                                               TuneImage.Point configured) {
        // Walks told apart by beta and logt alone: their power is NaN, as where TuneImage.refine groups them.
        Set<TuneImage.Point> walks = new LinkedHashSet<>();
        for (TuneImage.Point point : ranked(scores, MaskMethods.RW)) {
            if (walks.size() == grid.crfCandidates()) break;
            walks.add(TuneImage.Point.walk(MaskMethods.RW, Double.NaN, point.beta(), point.logt()));
        }
        List<TuneImage.Point> candidates = new ArrayList<>();
        for (TuneImage.Point walk : walks) {
            for (double power : grid.backgroundPowers()) {
                candidates.add(TuneImage.Point.walk(MaskMethods.RW, power, walk.beta(), walk.logt()));
            }
        }
        if (scores.containsKey(configured) && !candidates.contains(configured)) candidates.add(configured);
        return candidates;
    }

    /** A grid point's scores over all tuning images. */
    record Scores(double miou, double fgIou) {}

    /** Each point's scores from its confusion counts summed over the images. */
    private static Map<TuneImage.Point, Scores> summed(JavaRDD<TuneImage.Score> perImage) {
        Map<TuneImage.Point, long[]> totals = perImage
                .mapToPair(s -> new Tuple2<>(s.point(), s.counts()))
                .aggregateByKey(new ConfusionMatrix(ConfusionMatrix.DEFAULT_CLASSES).toLongArray(),
                        (total, counts) -> counts.addInto(total), SparseCounts::sum)
                .collectAsMap();
        Map<TuneImage.Point, Scores> out = new LinkedHashMap<>();
        totals.forEach((point, counts) -> {
            SegmentationMetrics metrics = SegmentationMetrics.of(
                    ConfusionMatrix.fromLongArray(ConfusionMatrix.DEFAULT_CLASSES, counts));
            out.put(point, new Scores(metrics.meanIou(), metrics.foregroundIou()));
        });
        return out;
    }

    /** The points of {@code method}, best mIoU first; ties go to the point that sorts first by its settings. */
    static List<TuneImage.Point> ranked(Map<TuneImage.Point, Scores> scores, String method) {
        List<TuneImage.Point> points = new ArrayList<>(scores.keySet().stream()
                .filter(p -> p.method().equals(method)).toList());
        points.sort(Comparator.<TuneImage.Point>comparingDouble(p -> -scores.get(p).miou())
                .thenComparingDouble(TuneImage.Point::threshold)
                .thenComparingDouble(TuneImage.Point::power)
                .thenComparingDouble(TuneImage.Point::beta)
                .thenComparingInt(TuneImage.Point::logt));
        return points;
    }

    static TuneImage.Point best(Map<TuneImage.Point, Scores> scores, String method) {
        List<TuneImage.Point> points = ranked(scores, method);
        if (points.isEmpty()) throw new IllegalStateException("no " + method + " point was scored");
        return points.get(0);
    }

    /**
     * The best point of {@code method}, or the {@code configured} one (when the grid holds it) unless the best beats
     * it in at least {@code grid.confidence()} of the bootstrap draws of the tuning images. Records the share won, and
     * the method when the configured point is kept.
     */
    private static TuneImage.Point bestIfSure(JavaRDD<TuneImage.Score> perImage, Map<TuneImage.Point, Scores> scores,
                                              String method, TuneImage.Point configured, TuneSettings grid,
                                              Map<String, Double> sharesWon, List<String> keptConfigured) {
        TuneImage.Point best = best(scores, method);
        if (!scores.containsKey(configured) || best.equals(configured)) return best;
        List<TuneImage.Score> both = perImage
                .filter(s -> s.point().equals(best) || s.point().equals(configured))
                .collect();
        double won = shareWon(both, best, configured, grid.seed());
        sharesWon.put(method, won);
        if (won >= grid.confidence()) return best;
        keptConfigured.add(method);
        return configured;
    }

    /**
     * The share of {@link #RESAMPLES} paired bootstrap draws of the images in {@code both} (each image's scores of
     * {@code challenger} and {@code baseline}) in which {@code challenger} has the higher mIoU.
     */
    static double shareWon(List<TuneImage.Score> both, TuneImage.Point challenger, TuneImage.Point baseline,
                           long seed) {
        Map<String, long[]> ofChallenger = new TreeMap<>();
        Map<String, long[]> ofBaseline = new TreeMap<>();
        for (TuneImage.Score score : both) {
            long[] counts = score.counts().addInto(new ConfusionMatrix(ConfusionMatrix.DEFAULT_CLASSES).toLongArray());
            if (score.point().equals(challenger)) ofChallenger.put(score.imageId(), counts);
            else if (score.point().equals(baseline)) ofBaseline.put(score.imageId(), counts);
        }
        if (!ofChallenger.keySet().equals(ofBaseline.keySet())) {
            throw new IllegalStateException("the points " + challenger + " and " + baseline
                    + " were not scored on the same images");
        }
        return PairedBootstrap.shareWon(List.copyOf(ofChallenger.values()), List.copyOf(ofBaseline.values()),
                ConfusionMatrix.DEFAULT_CLASSES, RESAMPLES, seed);
    }

    private static void writeScores(StageContext context, Map<TuneImage.Point, Scores> scores, long images,
                                    List<TuneImage.Point> chosen) {
        List<Row> rows = new ArrayList<>(scores.size());
        scores.forEach((p, s) -> rows.add(RowFactory.create(p.method(), nullIfNaN(p.threshold()),
                nullIfNaN(p.power()), nullIfNaN(p.beta()), p.logt() < 0 ? null : p.logt(), images, s.miou(), s.fgIou(),
                chosen.contains(p))));
        context.tables().replace(Tables.TUNE_SCORES, context.spark().createDataFrame(rows,
                Tables.TUNE_SCORES.schema()).coalesce(1));
    }

    private static Double nullIfNaN(double value) {
        return Double.isNaN(value) ? null : value;
    }

    /** Reads each image of a partition and computes its AffinityNet features, once; runs on executors. */
    static final class PrepareImages implements FlatMapFunction<Iterator<Row>, TuneImage.Prepared> {
        @Serial
        private static final long serialVersionUID = 1L;
        private final Storage storage;
        private final ExecutorModel<AffinityModel> executorModel;
        private final LongAccumulator featureMaps;
        private final LongAccumulator skipped;

        PrepareImages(Storage storage, ExecutorModel<AffinityModel> executorModel, LongAccumulator featureMaps,
                      LongAccumulator skipped) {
            this.storage = storage;
            this.executorModel = executorModel;
            this.featureMaps = featureMaps;
            this.skipped = skipped;
        }

        @Override
        public Iterator<TuneImage.Prepared> call(Iterator<Row> rows) {
            if (!rows.hasNext()) return Collections.emptyIterator();
            AffinityModel model = executorModel.forTask();
            NDManager taskMemory = PartitionBatches.closeOnTaskCompletion(model.model().getNDManager().newSubManager());
            return PartitionBatches.flatMapEach(rows, row -> {
                TuneImage.Prepared image = TuneImage.read(storage, Input.of(row), photo -> {
                    featureMaps.add(1);
                    return WalkSegmenter.features(model.network(), taskMemory, photo);
                });
                if (image == null) skipped.add(1);
                return image == null ? List.of() : List.of(image);
            });
        }
    }

    /** The dense CRF on the candidate walks of each image of a partition; runs on executors. */
    static final class RefineImages implements FlatMapFunction<Iterator<TuneImage.Prepared>, TuneImage.Score> {
        @Serial
        private static final long serialVersionUID = 1L;
        private final List<TuneImage.Point> candidates;
        private final int radius;
        private final int threads;
        private final CrfConfig crf;

        RefineImages(List<TuneImage.Point> candidates, int radius, int threads, CrfConfig crf) {
            this.candidates = List.copyOf(candidates);
            this.radius = radius;
            this.threads = threads;
            this.crf = crf;
        }

        @Override
        public Iterator<TuneImage.Score> call(Iterator<TuneImage.Prepared> images) {
            DenseCrf denseCrf = new DenseCrf(crf.crf(), TaskCores.threads(crf.threads()));
            return PartitionBatches.flatMapEach(images,
                    image -> TuneImage.refine(image, candidates, radius, threads, denseCrf));
        }
    }
}
