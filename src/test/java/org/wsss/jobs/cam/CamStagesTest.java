package org.wsss.jobs.cam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsss.algo.image.ImageDecoding;
import org.wsss.config.SynthSettings;
import org.wsss.data.SyntheticDataset;
import org.wsss.io.CheckpointStore;
import org.wsss.io.StageReport;
import org.wsss.io.Storage;
import org.wsss.io.Tables;
import org.wsss.jobs.index.IndexStage;
import org.wsss.jobs.stage.StageContext;
import org.wsss.jobs.train.DataParallelTraining;
import org.wsss.spark.ExecutorModelCache;
import org.wsss.testing.TestSpark;

/** Stage 1 training and the CAM stage on local[2] over a small synthetic dataset. */
class CamStagesTest {
    @TempDir
    static Path dir;
    static Path data;
    static StageContext context;
    static StageReport training;
    static StageReport cams;
    static String brokenImage;

    static Map<String, String> smallTraining(int epochs) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("train-cam.backbone", "small");
        s.put("train-cam.batch-size", "8");
        // 0.02 set for 6 classes: 0.01 for these 3 breeds.
        s.put("train-cam.learning-rate", "0.02");
        s.put("train-cam.learning-rate-classes", "6");
        s.put("train-cam.epochs", String.valueOf(epochs));
        s.put("train-cam.steps-per-round", "4");
        s.put("train-cam.tasks", "2");
        s.put("train-cam.min-long-side", "64");
        s.put("train-cam.max-long-side", "96");
        s.put("train-cam.crop", "64");
        s.put("train-cam.evaluation-samples", "12");
        s.put("train-cam.loader-threads", "1");
        s.put("cams.scales", "[1.0, 0.5]");
        s.put("cams.crf", "true");
        return s;
    }

    @BeforeAll
    static void trainAndExtract() throws Exception {
        data = dir.resolve("data");
        new SyntheticDataset(Storage.local()).write(data.toString(), new SynthSettings(3, 16, 11, 64, 96, 0.25, true));
        context = TestSpark.context(TestSpark.settings(data.toString(), dir.resolve("run").toString(), smallTraining(12)));
        new IndexStage().run(context);
        training = new CamTrainingStage(false).run(context);
        // Break one image after training: the CAM stage must reject it, not fail.
        List<Row> index = context.tables().read(Tables.INDEX).collectAsList();
        brokenImage = index.get(0).getString(0);
        Files.write(Path.of(java.net.URI.create(index.get(0).getString(5))), new byte[] {1, 2, 3});
        ExecutorModelCache.clear();
        cams = new CamsStage().run(context);
    }

    @Test
    void trainingAccuracyRisesWellAboveChance() {
        double accuracy = accuracy(training);
        assertTrue(accuracy >= 0.7, "train accuracy " + accuracy + " (chance is 0.33)");
        assertEquals(3, training.figures().get("classes"));
        assertEquals(0.01, ((Number) training.figures().get("learning_rate")).doubleValue(), 1e-12,
                "the rate set for 6 classes, halved for 3");
        assertTrue(context.storage().exists(context.layout().stageReport(CamTrainingStage.NAME)));
        assertTrue(context.storage().exists(context.layout().trainingRounds(CamTrainingStage.NAME)));
    }

    @Test
    void oneTaskReachesAComparableAccuracy() throws Exception {
        double one = accuracy(trainSeparately("one-task", "train-cam.tasks", "1").report());
        double two = accuracy(training);
        System.out.println("train accuracy: one task " + one + ", two tasks " + two);
        // The same images are seen; one task takes twice the optimiser steps, two average their parameters.
        assertTrue(Math.abs(one - two) <= 0.25, "one task " + one + ", two tasks " + two);
        assertTrue(Math.min(one, two) >= 0.6, "one task " + one + ", two tasks " + two + " (chance is 0.33)");
    }

    @Test
    void theDevicesFormTrainsInTheDriverOnEveryDeviceItHas() throws Exception {
        Training run = trainSeparately("devices", "train-cam.mode", "devices");
        StageContext devices = run.context();
        StageReport report = run.report();
        double accuracy = accuracy(report);
        System.out.println("train accuracy, devices form on " + java.util.Arrays.toString(
                ai.djl.engine.Engine.getInstance().getDevices()) + ": " + accuracy);
        assertTrue(accuracy >= 0.6, "devices form: train accuracy " + accuracy + " (chance is 0.33)");
        assertEquals(true, report.figures().get("finished"));
        assertTrue(devices.storage().exists(devices.layout().stageReport(CamTrainingStage.NAME)));
        assertTrue(new CheckpointStore(devices.storage(), devices.layout().checkpoints(CamTrainingStage.CHECKPOINTS),
                1).latest().isPresent(), "no checkpoint from the devices form");
    }

    @Test
    void camStageWritesOneRowPerValidImageAndRejectsTheBrokenOne() {
        long indexed = context.tables().read(Tables.INDEX).count();
        List<Row> rows = context.tables().read(Tables.CAMS).collectAsList();
        assertEquals(indexed - 1, rows.size());
        Set<String> ids = new HashSet<>();
        rows.forEach(r -> assertTrue(ids.add(r.getString(0)), "twice: " + r.getString(0)));
        assertTrue(!ids.contains(brokenImage));
        assertEquals(Map.of("undecodable image", 1L), cams.rejects());
        assertEquals(indexed - 1, context.tables().read(Tables.MASKS).filter("method = 'cam'").count());
        assertEquals(indexed - 1, context.tables().read(Tables.MASKS).filter("method = 'cam_crf'").count());
        assertEquals(indexed - 1, ((Number) cams.figures().get("cam_crf_masks")).longValue());
        assertEquals(1, ExecutorModelCache.size(), "both tasks share one loaded model");
    }

    @Test
    void camMasksHoldOnlyBackgroundAndTheImagesClass() throws Exception {
        for (Row mask : context.tables().read(Tables.MASKS).filter("method IN ('cam', 'cam_crf')").limit(10)
                .collectAsList()) {
            int classId = mask.<Integer>getList(4).get(0);
            int[] size = new int[2];
            for (int v : ImageDecoding.decodeFirstBand((byte[]) mask.get(5), size)) {
                assertTrue(v == 0 || v == classId, "label " + v + " in a mask of class " + classId);
            }
        }
    }

    @Test
    void aRerunWritesNothingNew() throws Exception {
        long before = context.tables().read(Tables.CAMS).count();
        long masks = context.tables().read(Tables.MASKS).count();
        StageReport again = new CamsStage().run(context);
        assertEquals(0, again.rows());
        assertEquals(0L, again.figures().get("cam_crf_masks"));
        assertEquals(before, context.tables().read(Tables.CAMS).count());
        assertEquals(masks, context.tables().read(Tables.MASKS).count());
    }

    @Test
    void stoppingAndResumingGivesTheSameParametersAsOneRun() throws Exception {
        Map<String, String> settings = smallTraining(3);
        StageContext straight = TestSpark.context(TestSpark.settings(data.toString(),
                dir.resolve("straight").toString(), settings));
        new IndexStage().run(straight);
        new CamTrainingStage(false).run(straight);

        settings.put("train-cam.stop-after-round", "1");
        StageContext interrupted = TestSpark.context(TestSpark.settings(data.toString(),
                dir.resolve("interrupted").toString(), settings));
        new IndexStage().run(interrupted);
        StageReport stopped = new CamTrainingStage(false).run(interrupted);
        assertEquals(false, stopped.figures().get("finished"));
        assertTrue(!interrupted.storage().exists(interrupted.layout().stageReport(CamTrainingStage.NAME)));
        settings.put("train-cam.stop-after-round", "0");
        StageContext resumed = TestSpark.context(TestSpark.settings(data.toString(),
                dir.resolve("interrupted").toString(), settings));
        new CamTrainingStage(true).run(resumed);

        byte[] a = latestParameters(straight);
        byte[] b = latestParameters(resumed);
        assertTrue(java.util.Arrays.equals(a, b), "resumed parameters differ from an uninterrupted run");
    }

    private record Training(StageContext context, StageReport report) {}

    /** Stage 1 as the shared run trains it, in a run root of its own, with one setting changed. */
    private static Training trainSeparately(String runName, String key, String value) throws Exception {
        Map<String, String> settings = smallTraining(12);
        settings.put(key, value);
        StageContext context = TestSpark.context(TestSpark.settings(data.toString(), dir.resolve(runName).toString(),
                settings));
        new IndexStage().run(context);
        return new Training(context, new CamTrainingStage(false).run(context));
    }

    private static double accuracy(StageReport report) {
        return ((Number) report.figures().get("train_accuracy")).doubleValue();
    }

    private static byte[] latestParameters(StageContext c) throws Exception {
        return new CheckpointStore(c.storage(), c.layout().checkpoints(CamTrainingStage.CHECKPOINTS), 1)
                .latest().orElseThrow().files().get(DataParallelTraining.PARAMETERS_FILE);
    }
}
