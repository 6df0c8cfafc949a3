package org.wsss.jobs.tune;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsss.algo.image.CamCodec;
import org.wsss.algo.image.ImageDecoding;
import org.wsss.config.SynthSettings;
import org.wsss.data.SyntheticDataset;
import org.wsss.io.MaskMethods;
import org.wsss.io.MissingInputException;
import org.wsss.io.SparkValues;
import org.wsss.io.StageReport;
import org.wsss.io.Storage;
import org.wsss.io.Tables;
import org.wsss.io.TunedSettings;
import org.wsss.jobs.affinity.AffinityLabelsStage;
import org.wsss.jobs.affinity.AffinitySample;
import org.wsss.jobs.affinity.AffinityTrainingStage;
import org.wsss.jobs.index.IndexStage;
import org.wsss.jobs.report.ReportStage;
import org.wsss.jobs.stage.Declaration;
import org.wsss.jobs.stage.StageContext;
import org.wsss.jobs.stage.TuningImages;
import org.wsss.jobs.walk.RandomWalkStage;
import org.wsss.model.backbone.BackboneKind;
import org.wsss.spark.ExecutorModelCache;
import org.wsss.testing.AffinityCheckpoints;
import org.wsss.testing.TestSpark;

/**
 * The tune stage on local[2] over a small synthetic set whose answer is known: every image's CAM is 0.4 on the pet
 * and 0.25 elsewhere. The CAM-only background score that separates them is 0.3 of [0.1, 0.2, 0.3, 0.5]; for the
 * walk, the background {@code (1 - max cam)^power} is 0.6^p on the pet and 0.75^p elsewhere, so of powers
 * [1, 3, 8] only 3 puts the pet above and the background below it (1 makes all background, 8 all pet, and the
 * walk, a weighted average, cannot change that). The same run checks that train-affinity holds the tuning images
 * out of AffinityNet's training samples.
 */
class TuneStageTest {
    private static final int TUNING_IMAGES = 4;
    @TempDir
    static Path dir;
    static StageContext context;
    static StageReport report;
    static Set<String> trainval = new HashSet<>();
    static Set<String> test = new HashSet<>();

    @BeforeAll
    static void tune() throws Exception {
        Path data = dir.resolve("data");
        new SyntheticDataset(Storage.local()).write(data.toString(), new SynthSettings(2, 12, 5, 64, 88, 0.3, false));
        context = TestSpark.context(TestSpark.settings(data.toString(), dir.resolve("run").toString(), Map.of(
                "tune.images", String.valueOf(TUNING_IMAGES),
                "tune.cam-background-threshold", "[0.1, 0.2, 0.3, 0.5]",
                "tune.background-power", "[1, 3, 8]",
                "tune.beta", "[4, 8]",
                "tune.logt", "[0, 1]",
                "tune.crf-candidates", "2")));
        new IndexStage().run(context);
        List<Row> cams = new ArrayList<>();
        for (Row index : context.tables().read(Tables.INDEX).collectAsList()) {
            (index.getString(1).equals(TuneStage.TRAINVAL) ? trainval : test).add(index.getString(0));
            int[] size = new int[2];
            int[] trimap = ImageDecoding.decodeFirstBand(
                    context.storage().readBytes(new org.apache.hadoop.fs.Path(index.getString(6))), size);
            float[] cam = new float[trimap.length];
            for (int i = 0; i < cam.length; i++) cam[i] = trimap[i] == 1 ? 0.4f : 0.25f;
            cams.add(RowFactory.create(index.getString(0), size[0], size[1], SparkValues.intArray(index.getInt(2)),
                    CamCodec.encode(cam)));
        }
        context.tables().replace(Tables.CAMS, context.spark().createDataFrame(cams, Tables.CAMS.computedSchema()));
        AffinityCheckpoints.writeInitialised(context, BackboneKind.SMALL, 3L, 1);
        ExecutorModelCache.clear();
        report = new TuneStage().run(context);
    }

    @AfterAll
    static void releaseModels() {
        ExecutorModelCache.clear();
    }

    @Test
    void findsTheGridPointBuiltToBeBest() throws Exception {
        TunedSettings chosen = TunedSettings.read(context.storage(),
                TunedSettings.location(context.layout(), TuneStage.NAME), "test");
        assertEquals(0.3, chosen.camBackgroundThreshold(), 1e-9);
        assertEquals(3, chosen.backgroundPower(), 1e-9);
        assertEquals(TUNING_IMAGES, chosen.images());
        List<Row> scores = context.tables().read(Tables.TUNE_SCORES).collectAsList();
        assertEquals(4 + 3 * 2 * 2 + 2 * 3, scores.size(), "every CAM and walk point, and the CRF on the 2 best walks at 3 powers"
                + " (the configured walk, power 16, is not on this grid)");
        for (Row row : scores) {
            assertEquals(TUNING_IMAGES, row.getLong(row.fieldIndex("images")));
            double miou = row.getDouble(row.fieldIndex("miou"));
            if (row.getString(0).equals(MaskMethods.CAM) && row.getDouble(1) == 0.3) {
                assertTrue(miou > 0.99, "the separating threshold segments perfectly: " + miou);
            }
            if (row.getString(0).equals(MaskMethods.RW) && row.getDouble(2) != 3) {
                assertTrue(miou < 0.5, "power " + row.getDouble(2) + " labels every pixel alike: " + miou);
            }
        }
        List<Row> chosenRows = context.tables().read(Tables.TUNE_SCORES).filter(col("chosen")).collectAsList();
        assertEquals(Set.of(MaskMethods.CAM, MaskMethods.RW, MaskMethods.RW_CRF),
                Set.copyOf(chosenRows.stream().map(r -> r.getString(0)).toList()));
    }

    @Test
    void featuresAreComputedOncePerImageForTheWholeGrid() {
        assertEquals((long) TUNING_IMAGES, report.figures().get("feature_computations"));
        assertEquals(22, report.figures().get("grid_points"));
        assertEquals(0L, report.figures().get("unusable_images"));
        Map<?, ?> pooled = (Map<?, ?>) report.figures().get(TuneStage.NEIGHBOURHOOD_MIOU);
        assertEquals(Set.of("chosen"), pooled.keySet(), "the configured walk is off this grid: no pool of its own");
        double chosen = ((Number) pooled.get("chosen")).doubleValue();
        assertTrue(chosen > 0 && chosen <= 1, "pooled mIoU " + chosen);
    }

    @Test
    void theBestCamThresholdBeatsTheConfiguredOneInEveryBootstrapDraw() {
        assertEquals(Map.of(MaskMethods.CAM, 1.0), report.figures().get("best_beats_configured"),
                "only the configured CAM threshold (0.2) is on this grid; 0.3 wins on every image");
        assertEquals(List.of(), report.figures().get("kept_configured"));
    }

    @Test
    void testImagesNeverEnterTheSweep() {
        var all = new org.wsss.config.TuneSettings(1000, 7, List.of(0.2), List.of(16.0), List.of(8.0), List.of(2),
                0, 0, 0);
        Set<String> picked = new HashSet<>(TuneStage.subset(context, all).select("image_id")
                .as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
        assertFalse(test.isEmpty());
        assertTrue(trainval.containsAll(picked), "test images picked: " + picked);
        assertEquals(trainval.size() / 4, picked.size(), "asked for 1000: at most a quarter of the trainval images");
        var input = new TuneStage.Input(test.iterator().next(), "test", 1, 8, 8, new int[] {1}, new byte[0], "x",
                "y");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TuneImage.read(context.storage(), input, photo -> null));
        assertTrue(e.getMessage().contains("split test"), e.getMessage());
    }

    @Test
    void theSubsetIsFixedBySeed() {
        var grid = context.settings().tune();
        List<String> once = TuneStage.subset(context, grid).select("image_id")
                .as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
        List<String> again = TuneStage.subset(context, grid).select("image_id")
                .as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
        assertEquals(TUNING_IMAGES, once.size());
        assertEquals(once, again);
    }

    @Test
    void theTuningImagesNeverReachAffinityNetsTrainingSamples() throws Exception {
        new AffinityLabelsStage().run(context);
        Set<String> scored = ids(TuneStage.subset(context, context.settings().tune()));
        assertEquals(TUNING_IMAGES, scored.size());
        assertEquals(ids(TuningImages.of(context)), scored, "train-affinity holds out the pick the tune stage scores");
        Set<String> samples = new HashSet<>(AffinityTrainingStage.trainingSamples(context).stream()
                .map(AffinitySample::imageId).toList());
        Set<String> leaked = new HashSet<>(samples);
        leaked.retainAll(scored);
        assertTrue(leaked.isEmpty(), "tuning images among AffinityNet's training samples: " + leaked);
        Set<String> others = new HashSet<>(trainval);
        others.removeAll(scored);
        assertEquals(others, samples, "every other trainval image is still trained on");
    }

    @Test
    void aChangedTuningSubsetMakesTrainAffinityStaleAndNoTuningDeclaresNone() throws Exception {
        Map<String, Object> declared = new AffinityTrainingStage(false).declare(context).inputs();
        assertEquals(TUNING_IMAGES, declared.get("tune.images"));
        Declaration reseeded = new AffinityTrainingStage(false).declare(withSettings(Map.of(
                "tune.images", String.valueOf(TUNING_IMAGES), "tune.seed", "8")));
        assertEquals(List.of("tune.seed " + context.settings().tune().seed() + " -> 8"),
                reseeded.changesSince(declared));
        Map<String, Object> untuned = new AffinityTrainingStage(false).declare(withSettings(Map.of("tune.images", "0")))
                .inputs();
        assertFalse(untuned.containsKey("tune.images") || untuned.containsKey("tune.seed"), untuned.toString());
    }

    private static StageContext withSettings(Map<String, String> overrides) {
        return TestSpark.context(TestSpark.settings(context.settings().dataRoot(), context.settings().runRoot(),
                overrides));
    }

    private static Set<String> ids(org.apache.spark.sql.Dataset<Row> rows) {
        return new HashSet<>(rows.select("image_id").as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
    }

    @Test
    void theChosenSettingsReachTheRandomWalk() throws Exception {
        StageContext tuned = TestSpark.context(TestSpark.settings(context.settings().dataRoot(),
                context.settings().runRoot(), Map.of("random-walk.settings", "tuned", "random-walk.crf", "false",
                        "random-walk.background-power", "16")));
        StageReport walk = new RandomWalkStage().run(tuned);
        assertTrue(walk.rows() > 0);
        assertEquals(TunedSettings.location(context.layout(), TuneStage.NAME).toString(),
                walk.figures().get(TunedInference.SOURCE));
        StageReport written = StageReport.read(tuned.storage(), tuned.layout(), RandomWalkStage.NAME);
        @SuppressWarnings("unchecked")
        Map<String, Object> settings = (Map<String, Object>) written.settings().get("random_walk");
        assertEquals(3.0, ((Number) settings.get("backgroundPower")).doubleValue(), 1e-9, settings.toString());
        // Lineage: the walk declares the tune output it used, so a new tuning makes it stale.
        assertTrue(new RandomWalkStage().declare(tuned).inputs().containsKey(TuneStage.NAME + " output"));
        assertFalse(new RandomWalkStage().declare(TestSpark.context(TestSpark.settings(context.settings().dataRoot(),
                context.settings().runRoot(), Map.of("random-walk.settings", "configured")))).inputs()
                .containsKey(TuneStage.NAME + " output"));
    }

    @Test
    void theReportShowsTheSweepAndTheChosenPoint() throws Exception {
        new ReportStage().run(context);
        String page = java.nio.file.Files.readString(dir.resolve("run/report/index.html"));
        assertTrue(page.contains("id=\"tuning\"") && page.contains("tuning.png"), "no tuning section");
        assertTrue(java.nio.file.Files.size(dir.resolve("run/report/tuning.png")) > 1000, "no heat map");
        assertTrue(page.contains("tuning-crf.png")
                && java.nio.file.Files.size(dir.resolve("run/report/tuning-crf.png")) > 1000, "no CRF heat map");
        assertTrue(page.contains("grid neighbourhood pooled"), "the measure rw_crf's walk was chosen by is shown");
        assertTrue(page.contains("bootstrap draws") && page.contains("cam 1.00"),
                "the guard's verdict on the CAM threshold, which wins every draw, is on the page");
        assertTrue(page.contains("background power") && page.contains("\u2014 (not scored)"),
                "the configured power 16 is off this grid and must say so");
    }

    @Test
    void tunedSettingsWithoutATuneRunNameTheKeyAndTheStage() {
        StageContext untuned = TestSpark.context(TestSpark.settings(context.settings().dataRoot(),
                dir.resolve("untuned-run").toString(), Map.of("random-walk.settings", "tuned")));
        MissingInputException e = assertThrows(MissingInputException.class,
                () -> TunedInference.randomWalk(untuned));
        assertTrue(e.getMessage().contains("wsss.random-walk.settings") && e.getMessage().contains("wsss tune"),
                e.getMessage());
    }
}
