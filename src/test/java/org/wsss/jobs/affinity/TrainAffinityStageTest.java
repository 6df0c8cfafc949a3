package org.wsss.jobs.affinity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsss.config.SynthSettings;
import org.wsss.data.PetLayout;
import org.wsss.io.CheckpointStore;
import org.wsss.io.StageReport;
import org.wsss.jobs.cam.CamCheckpoint;
import org.wsss.jobs.cam.CamTrainingStage;
import org.wsss.jobs.stage.StageContext;
import org.wsss.jobs.train.DataParallelTraining;
import org.wsss.model.affinity.AffinityModel;
import org.wsss.model.backbone.BackboneKind;
import org.wsss.model.cam.CamModel;
import org.wsss.model.cam.CamModelSpec;
import org.wsss.model.train.ParameterSnapshot;
import org.wsss.model.train.SnapshotFiles;
import org.wsss.testing.AffinityLabelFixture;
import org.wsss.testing.TruthAffinities.Separation;
import org.wsss.testing.TruthAffinities;

/**
 * Stage 2 on local[2] with the small backbone: real affinity labels of a synthetic dataset (CAMs from the truth),
 * 96-pixel crops of 112-144 pixel images, eleven rounds of two tasks. The key check is on the test split, which is
 * never trained on: pairs inside one truth region must come out clearly more affine than pairs across the outline.
 * With these settings the untrained network's gap was 0.18 and the trained one's 0.41 (inside 0.67, across 0.26).
 */
class TrainAffinityStageTest {
    private static final long SEED = 1;
    private static final int TRAINING_IMAGES = 14;
    private static final int ROUNDS = 11;
    private static final int KEEP = 2;

    @TempDir
    static Path dir;
    static AffinityLabelFixture fixture;
    static StageContext trained;
    static StageReport report;

    @BeforeAll
    static void trainOnTwoTasks() throws Exception {
        // 2 breeds x 10 images, 3 of each breed in the test split: 14 training images.
        fixture = AffinityLabelFixture.prepare(dir, new SynthSettings(2, 10, 3, 112, 144, 0.3, false));
        trained = fixture.newRun(dir.resolve("two-tasks"), settings(2, Map.of()));
        report = new AffinityTrainingStage(false).run(trained);
    }

    /** Small, fast settings: 24 epochs of 14 images in batches of 4, 4 steps per round (11 rounds of two tasks). */
    static Map<String, String> settings(int tasks, Map<String, String> more) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("train-affinity.backbone", "small");
        settings.put("train-affinity.init", "scratch");
        settings.put("train-affinity.seed", String.valueOf(SEED));
        settings.put("train-affinity.crop", "96");
        settings.put("train-affinity.batch-size", "4");
        settings.put("train-affinity.epochs", "24");
        settings.put("train-affinity.steps-per-round", "4");
        settings.put("train-affinity.tasks", String.valueOf(tasks));
        settings.put("train-affinity.evaluation-samples", "2");
        settings.put("train-affinity.keep-checkpoints", String.valueOf(KEEP));
        // Every one of the 14 images trains: the demo preset would hold a quarter of them out for tuning.
        settings.put("tune.images", "0");
        settings.putAll(more);
        return settings;
    }

    @Test
    void writesCheckpointsRoundsAndAStageReport() throws IOException {
        CheckpointStore store = checkpoints(trained);
        assertEquals(List.of("round-000010", "round-000011"), store.names(), "the newest " + KEEP + " are kept");
        CheckpointStore.Checkpoint last = store.latest().orElseThrow();
        assertEquals(ROUNDS, last.round());
        assertEquals("SMALL", last.state().get("backbone"));
        assertTrue(last.files().get(DataParallelTraining.PARAMETERS_FILE).length > 0);

        assertTrue(StageReport.isComplete(trained.storage(), trained.layout(), AffinityTrainingStage.NAME));
        StageReport written = StageReport.read(trained.storage(), trained.layout(), AffinityTrainingStage.NAME);
        assertEquals(TRAINING_IMAGES, written.rows(), "rows are the training split's images");
        assertEquals(true, written.figures().get("finished"));
        assertEquals(ROUNDS, written.figures().get("rounds"));
        assertEquals("scratch", written.figures().get("backbone_start"));
        assertEquals(store.root().toString(), written.figures().get("checkpoints"));

        List<?> rounds = new ObjectMapper().readValue(
                trained.storage().readText(trained.layout().trainingRounds(AffinityTrainingStage.NAME)), List.class);
        assertEquals(ROUNDS, rounds.size());
    }

    @Test
    void lossDecreases() {
        double first = (double) report.figures().get("first_loss");
        double last = (double) report.figures().get("final_loss");
        assertTrue(last < 0.8 * first, "loss " + first + " -> " + last);
    }

    @Test
    void unseenImagesAreMoreAffineInsideARegionThanAcrossItsOutline() throws IOException {
        Separation before;
        try (AffinityModel untrained = AffinityModel.create(BackboneKind.SMALL, SEED, Device.cpu())) {
            before = TruthAffinities.onSplit(trained, untrained, PetLayout.Split.TEST);
        }
        Separation after;
        try (AffinityModel model = AffinityCheckpoint.latest(checkpoints(trained)).load(Device.cpu())) {
            after = TruthAffinities.onSplit(trained, model, PetLayout.Split.TEST);
        }
        System.out.println("test split before training: " + before + "; after: " + after);
        assertTrue(after.insidePairs() > 1000 && after.acrossPairs() > 100, after.toString());
        assertTrue(after.gap() > 0.3, "after training: " + after);
        assertTrue(after.gap() > before.gap() + 0.15, "before " + before + ", after " + after);
    }

    @Test
    void oneTaskReachesAComparableLoss() throws IOException {
        StageReport single = new AffinityTrainingStage(false).run(
                fixture.newRun(dir.resolve("one-task"), settings(1, Map.of())));
        double one = (double) single.figures().get("final_loss");
        double two = (double) report.figures().get("final_loss");
        double first = (double) report.figures().get("first_loss");
        System.out.println("final loss: one task " + one + ", two tasks " + two);
        // Same images seen; one task takes twice the optimiser steps (0.39 against 0.46 when written).
        assertTrue(Math.max(one, two) / Math.min(one, two) < 1.3, "one task " + one + ", two tasks " + two);
        assertTrue(Math.max(one, two) < 0.6 * first, "both far below the first round's " + first);
    }

    @Test
    void stoppingAndResumingEqualsAnUninterruptedRun() throws IOException {
        StageContext interrupted = fixture.newRun(dir.resolve("interrupted"),
                settings(2, Map.of("train-affinity.stop-after-round", "5")));
        StageReport stopped = new AffinityTrainingStage(false).run(interrupted);
        assertEquals(false, stopped.figures().get("finished"));
        assertFalse(StageReport.isComplete(interrupted.storage(), interrupted.layout(), AffinityTrainingStage.NAME),
                "a stopped run is not complete");

        StageContext resumedRun = fixture.existingRun(dir.resolve("interrupted"), settings(2, Map.of()));
        StageReport resumed = new AffinityTrainingStage(true).run(resumedRun);
        assertEquals(true, resumed.figures().get("finished"));
        assertEquals(ROUNDS, resumed.figures().get("rounds"), "the resumed history includes the first rounds");
        assertArrayEquals(finalParameters(trained), finalParameters(resumedRun),
                "parameters and momentum after a stop and resume equal the uninterrupted run's, bit for bit");
    }

    @Test
    void startsFromTheLatestStage1Checkpoint() throws IOException {
        StageContext context = fixture.newRun(dir.resolve("from-stage1"), settings(2, Map.of(
                "train-affinity.init", "stage1", "train-affinity.stop-after-round", "1")));
        CamModelSpec spec = CamModelSpec.of(BackboneKind.SMALL, 2, 9L);
        CheckpointStore stage1 = new CheckpointStore(context.storage(),
                context.layout().checkpoints(CamTrainingStage.CHECKPOINTS), 1);
        try (CamModel cam = CamModel.create(spec, Device.cpu())) {
            ByteArrayOutputStream parameters = new ByteArrayOutputStream();
            SnapshotFiles.write(ParameterSnapshot.capture(cam.model().getBlock()), parameters);
            stage1.save(3, CamCheckpoint.describe(spec),
                    Map.of(DataParallelTraining.PARAMETERS_FILE, parameters.toByteArray()));
        }
        StageReport started = new AffinityTrainingStage(false).run(context);
        String source = (String) started.figures().get("backbone_start");
        assertTrue(source.startsWith("stage1 " + stage1.root() + "/round-000003 ("), source);
    }

    private static byte[] finalParameters(StageContext context) throws IOException {
        CheckpointStore.Checkpoint last = checkpoints(context).latest().orElseThrow();
        assertEquals(ROUNDS, last.round());
        return last.files().get(DataParallelTraining.PARAMETERS_FILE);
    }

    private static CheckpointStore checkpoints(StageContext context) {
        return new CheckpointStore(context.storage(), context.layout().checkpoints(AffinityTrainingStage.CHECKPOINTS),
                KEEP);
    }
}
