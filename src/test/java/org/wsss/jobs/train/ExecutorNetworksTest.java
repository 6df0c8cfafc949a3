package org.wsss.jobs.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.Arrays;
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
        ParameterSnapshot fresh = train(factory, initial, dir.resolve("first"));
        long built = ExecutorNetworks.builds() - before;
        // Before: one network per task and round (6). Now one per task slot of local[2], at most.
        assertTrue(built >= 1 && built <= TASKS, "networks built for " + TASKS + " tasks x " + ROUNDS
                + " rounds: " + built);

        long second = ExecutorNetworks.builds();
        ParameterSnapshot reused = train(factory, initial, dir.resolve("second"));
        assertEquals(0, ExecutorNetworks.builds() - second, "a second run of the same network built again");
        // The reused networks start from the broadcast parameters only: nothing of the first run leaks in.
        assertEquals(fresh.parameters().keySet(), reused.parameters().keySet());
        fresh.parameters().forEach((name, tensor) ->
                assertArrayEquals(tensor.values(), reused.parameters().get(name).values(), 0f, name));

        try (ExecutorNetworks.Lease idle = ExecutorNetworks.borrow(factory, Device.cpu())) {
            String first = initial.parameters().keySet().iterator().next();
            float[] lent = ParameterSnapshot.capture(idle.network().model().getBlock()).parameters().get(first).values();
            assertFalse(Arrays.equals(initial.parameters().get(first).values(), lent),
                    "an idle network holds what its last round trained, not the seeded start");
        }

        // A training's start needs the seeded parameters, not what the last round left in an idle network.
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
