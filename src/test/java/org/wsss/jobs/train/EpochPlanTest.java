package org.wsss.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsss.io.CheckpointStore;
import org.wsss.io.Storage;
import org.wsss.jobs.cam.CamNetworkFactory;
import org.wsss.model.backbone.BackboneKind;
import org.wsss.model.cam.CamModel;
import org.wsss.model.cam.CamModelSpec;
import org.wsss.model.train.ParameterSnapshot;
import org.wsss.model.train.TrainingSample;
import org.wsss.model.train.TrainingSettings;
import org.wsss.testing.TestSpark;

/** A run trains exactly its epochs: the last round is cut short and the schedule ends with it. */
class EpochPlanTest {
    private static final int CROP = 32;
    private static final int CLASSES = 3;

    @Test
    void tenSamplesInBatchesOfFourForOneEpochTakeThreeSteps() {
        TrainingPlan plan = plan(1, 10, 4, 20, TrainingPlan.Mode.DEVICES, 1);
        assertEquals(3, plan.totalSteps());
        assertEquals(1, plan.rounds());
        assertEquals(3, plan.stepsIn(1));
        assertEquals(3, plan.settings().schedule().maxSteps());
        assertEquals(1.2, (double) plan.samplesThrough(1) / 10, 1e-9);
    }

    @Test
    void theLastOfSeveralRoundsIsCutShort() {
        // 2 epochs of 100 samples in batches of 4: 50 steps, as rounds of 20, 20 and 10.
        TrainingPlan plan = plan(2, 100, 4, 20, TrainingPlan.Mode.DEVICES, 1);
        assertEquals(50, plan.totalSteps());
        assertEquals(List.of(20, 20, 10), IntStream.rangeClosed(1, 3).map(plan::stepsIn).boxed().toList());
        assertEquals(40, plan.window(3, 9L).firstStep());
        assertEquals(50, plan.window(3, 9L).endStep());
        assertEquals(0.8, (double) plan.samplesThrough(1) / 100, 1e-9);
        assertEquals(2.0, (double) plan.samplesThrough(3) / 100, 1e-9);
        // Executors: 3 tasks share each step, so 2 epochs of 100 take ceil(200 / 12) = 17 steps.
        TrainingPlan spread = plan(2, 100, 4, 5, TrainingPlan.Mode.EXECUTORS, 3);
        assertEquals(17, spread.totalSteps());
        assertEquals(List.of(5, 5, 5, 2), IntStream.rangeClosed(1, 4).map(spread::stepsIn).boxed().toList());
        assertThrows(IllegalArgumentException.class, () -> spread.stepsIn(5));
    }

    @Test
    void aScheduleThatDoesNotFillItsRoundsIsRefused() {
        TrainingSettings settings = new TrainingSettings(4, 0.01f, 0.9f, 0f, 45, 1L, 1, 1);
        assertThrows(IllegalArgumentException.class,
                () -> new TrainingPlan(settings, 2, 20, TrainingPlan.Mode.DEVICES, 1, 0, 0));
    }

    @Test
    void aStoppedAndResumedRunTrainsExactlyItsEpochs(@TempDir Path dir) throws Exception {
        // 10 samples, batch 2, one epoch: 5 steps as rounds of 2, 2 and 1; stopped after round 2, then resumed.
        TrainingPlan stopping = plan(1, 10, 2, 2, TrainingPlan.Mode.DEVICES, 1, 2);
        TrainingPlan resumed = plan(1, 10, 2, 2, TrainingPlan.Mode.DEVICES, 1, 0);
        CamModelSpec spec = new CamModelSpec(BackboneKind.SMALL, CLASSES, 0f, 1L);
        CamNetworkFactory factory = new CamNetworkFactory(spec, false);
        ParameterSnapshot initial;
        try (CamModel model = factory.build(Device.cpu())) {
            initial = ParameterSnapshot.capture(model.model().getBlock());
        }
        List<Integer> samples = IntStream.range(0, 10).boxed().toList();
        CheckpointStore checkpoints = new CheckpointStore(Storage.local(),
                new org.apache.hadoop.fs.Path(dir.resolve("checkpoints").toUri()), 3);
        org.apache.hadoop.fs.Path roundsFile = new org.apache.hadoop.fs.Path(dir.resolve("rounds.json").toUri());

        DataParallelTraining.Result first = training(stopping, factory).run(samples, initial, false, checkpoints,
                roundsFile);
        assertFalse(first.finished());
        assertEquals(4, first.last().step());
        assertEquals(0.8, first.last().epoch(), 1e-9);

        DataParallelTraining.Result rest = training(resumed, factory).run(samples, initial, true, checkpoints,
                roundsFile);
        assertTrue(rest.finished());
        assertEquals(List.of(2L, 4L, 5L), rest.rounds().stream().map(RoundMetrics::step).toList());
        assertEquals(1.0, rest.last().epoch(), 1e-9);
        assertEquals(5, ((Number) checkpoints.latest().orElseThrow().state().get("learning_rate_step")).intValue());
    }

    private static DataParallelTraining<Integer> training(TrainingPlan plan, CamNetworkFactory factory) {
        return new DataParallelTraining<>(TestSpark.session(), Storage.local(), "epoch-test", factory,
                new NoiseImages(), null, plan, "gpu");
    }

    private static TrainingPlan plan(int epochs, int samples, int batch, int stepsPerRound, TrainingPlan.Mode mode,
                                     int tasks) {
        return plan(epochs, samples, batch, stepsPerRound, mode, tasks, 0);
    }

    private static TrainingPlan plan(int epochs, int samples, int batch, int stepsPerRound, TrainingPlan.Mode mode,
                                     int tasks, int stopAfterRound) {
        long steps = TrainingPlan.stepsFor(epochs, samples, batch, mode == TrainingPlan.Mode.EXECUTORS ? tasks : 1);
        TrainingSettings settings = new TrainingSettings(batch, 0.01f, 0.9f, 5e-4f, steps, 1L, 1, 1);
        return new TrainingPlan(settings, TrainingPlan.roundsFor(steps, stepsPerRound), stepsPerRound, mode, tasks,
                stopAfterRound, 0);
    }

    /** Sample {@code i}: seeded noise labelled with class {@code i mod 3}. */
    private static final class NoiseImages implements SampleSource<Integer> {
        @Override
        public TrainingSample prepare(Integer index, SplittableRandom random) {
            SplittableRandom pixels = new SplittableRandom(index);
            float[] image = new float[3 * CROP * CROP];
            for (int i = 0; i < image.length; i++) image[i] = (float) pixels.nextGaussian();
            float[] label = new float[CLASSES];
            label[index % CLASSES] = 1f;
            return TrainingSample.of(image, 3, CROP, CROP, label);
        }
    }
}
