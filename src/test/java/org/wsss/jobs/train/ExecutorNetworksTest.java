package org.wsss.jobs.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.file.Path;
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

/** Training tasks reuse their executor's networks across rounds, and reuse changes no result. */
class ExecutorNetworksTest {
    private static final int CROP = 32;
    private static final int CLASSES = 3;
    private static final int TASKS = 2;
    private static final int ROUNDS = 3;

    @Test
    void threeRoundsOfTwoTasksBuildAtMostTwoNetworksAndReuseGivesTheSameParameters(@TempDir Path dir)
            throws Exception {
        CamNetworkFactory factory = new CamNetworkFactory(new CamModelSpec(BackboneKind.SMALL, CLASSES, 0.5f, 7L),
                false);
        ParameterSnapshot initial;
        try (CamModel model = factory.build(Device.cpu())) {
            initial = ParameterSnapshot.capture(model.model().getBlock());
        }
        ExecutorNetworks.closeIdle();

        long before = ExecutorNetworks.builds();
        ParameterSnapshot trained = train(factory, initial, dir.resolve("first"));
        long built = ExecutorNetworks.builds() - before;
        // Before: one network per task and round (6). Now one per task slot of local[2], at most.
        assertTrue(built >= 1 && built <= TASKS, "networks built for " + TASKS + " tasks x " + ROUNDS
                + " rounds: " + built);

        // A local run's networks are closed when it ends (this JVM is the executor); the next run builds its own.
        long second = ExecutorNetworks.builds();
        ParameterSnapshot again = train(factory, initial, dir.resolve("second"));
        assertTrue(ExecutorNetworks.builds() - second <= TASKS, "networks built by a second run");
        // Rounds that reuse a network depend only on the broadcast: two runs agree bit for bit (TrainAffinityStageTest
        // also finds a resumed run, whose networks are new, equal to an uninterrupted one).
        assertEquals(trained.parameters().keySet(), again.parameters().keySet());
        trained.parameters().forEach((name, tensor) ->
                assertArrayEquals(tensor.values(), again.parameters().get(name).values(), 0f, name));

        // A training's start needs the seeded parameters, not what a round left in an idle network.
        try (ExecutorNetworks.Lease used = ExecutorNetworks.borrow(factory, Device.cpu())) {
            trained.applyTo(used.network().model().getBlock());
        }
        try (ExecutorNetworks.Lease start = ExecutorNetworks.fresh(factory, Device.cpu())) {
            assertEquals(initial.parameters().keySet(), ParameterSnapshot.capture(start.network().model().getBlock())
                    .parameters().keySet());
            ParameterSnapshot.capture(start.network().model().getBlock()).parameters().forEach((name, tensor) ->
                    assertArrayEquals(initial.parameters().get(name).values(), tensor.values(), 0f, name));
        }

        CamNetworkFactory other = new CamNetworkFactory(new CamModelSpec(BackboneKind.SMALL, CLASSES, 0.5f, 8L),
                false);
        long third = ExecutorNetworks.builds();
        try (ExecutorNetworks.Lease lease = ExecutorNetworks.borrow(other, Device.cpu())) {
            assertEquals(1, ExecutorNetworks.builds() - third, "another training's network is built, not lent");
        }
        ExecutorNetworks.closeIdle();
    }

    private static ParameterSnapshot train(CamNetworkFactory factory, ParameterSnapshot initial, Path dir)
            throws Exception {
        int samples = 12;
        int batch = 2;
        long steps = TrainingPlan.stepsFor(1, samples, batch, TASKS);
        int stepsPerRound = (int) ((steps + ROUNDS - 1) / ROUNDS);
        TrainingSettings settings = new TrainingSettings(batch, 0.01f, 0.9f, 5e-4f, steps, 1L, 1, 1);
        TrainingPlan plan = new TrainingPlan(settings, TrainingPlan.roundsFor(steps, stepsPerRound), stepsPerRound,
                TrainingPlan.Mode.EXECUTORS, TASKS, 0, 0);
        assertEquals(ROUNDS, plan.rounds());
        CheckpointStore checkpoints = new CheckpointStore(Storage.local(),
                new org.apache.hadoop.fs.Path(dir.resolve("checkpoints").toUri()), 1);
        DataParallelTraining<Integer> training = new DataParallelTraining<>(TestSpark.session(), Storage.local(),
                "reuse-test", factory, new NoiseImages(), null, plan, "gpu");
        return training.run(IntStream.range(0, samples).boxed().toList(), initial, false, checkpoints,
                new org.apache.hadoop.fs.Path(dir.resolve("rounds.json").toUri())).parameters();
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
