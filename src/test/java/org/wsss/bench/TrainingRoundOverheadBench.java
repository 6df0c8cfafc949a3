package org.wsss.bench;

import ai.djl.Device;
import java.io.Serial;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.wsss.io.CheckpointStore;
import org.wsss.io.Storage;
import org.wsss.jobs.cam.CamNetworkFactory;
import org.wsss.jobs.train.DataParallelTraining;
import org.wsss.jobs.train.ExecutorNetworks;
import org.wsss.jobs.train.NetworkFactory;
import org.wsss.jobs.train.RoundMetrics;
import org.wsss.jobs.train.SampleSource;
import org.wsss.jobs.train.TrainingPlan;
import org.wsss.model.backbone.BackboneKind;
import org.wsss.model.cam.CamModel;
import org.wsss.model.cam.CamModelSpec;
import org.wsss.model.train.ParameterSnapshot;
import org.wsss.model.train.TrainableNetwork;
import org.wsss.model.train.TrainingSample;
import org.wsss.model.train.TrainingSettings;
import org.wsss.testing.TestSpark;

/**
 * What a training round costs besides its steps: Spark rounds of one step of one image on local[2] with two tasks,
 * where each task either builds its network anew (as every round did before {@link ExecutorNetworks}: the baseline)
 * or borrows the one its slot built in an earlier round. Both in the same JVM, baseline first; the first round of
 * each is not counted.
 *
 * <p>Usage: {@code TrainingRoundOverheadBench BACKBONE CROP ROUNDS [reused-first]}, e.g. {@code small 64 8} or
 * {@code resnet50 64 4}.
 */
public final class TrainingRoundOverheadBench {
    private static final int CLASSES = 3;
    private static final int TASKS = 2;

    private TrainingRoundOverheadBench() {}

    public static void main(String[] args) throws Exception {
        BackboneKind kind = BackboneKind.fromName(args[0]);
        int crop = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        Path dir = Files.createTempDirectory("round-overhead-bench");
        CamNetworkFactory factory = new CamNetworkFactory(new CamModelSpec(kind, CLASSES, 0.5f, 1L), false);
        ParameterSnapshot initial;
        try (CamModel model = factory.build(Device.cpu())) {
            initial = ParameterSnapshot.capture(model.model().getBlock());
        }
        System.out.printf(Locale.ROOT, "%s, crop %d, %d tasks x %d rounds of 1 step of 1 image, %d cores%n",
                kind.name().toLowerCase(Locale.ROOT), crop, TASKS, rounds, Runtime.getRuntime().availableProcessors());
        // Optional fourth argument "reused-first" swaps the order, to see whether the order (load, heap) matters.
        boolean reusedFirst = args.length > 3 && args[3].equals("reused-first");
        double rebuilt = 0;
        long rebuiltBuilds = 0;
        if (!reusedFirst) {
            long builds = ExecutorNetworks.builds();
            rebuilt = secondsPerRound(new Rebuilding(factory), initial, crop, rounds, dir.resolve("rebuilt"));
            rebuiltBuilds = ExecutorNetworks.builds() - builds;
        }
        long builds = ExecutorNetworks.builds();
        double reused = secondsPerRound(factory, initial, crop, rounds, dir.resolve("reused"));
        long reusedBuilds = ExecutorNetworks.builds() - builds;
        if (reusedFirst) {
            builds = ExecutorNetworks.builds();
            rebuilt = secondsPerRound(new Rebuilding(factory), initial, crop, rounds, dir.resolve("rebuilt"));
            rebuiltBuilds = ExecutorNetworks.builds() - builds;
        }
        System.out.printf(Locale.ROOT, "network built per task and round (before): %6.3f s/round, %d networks built%n",
                rebuilt, rebuiltBuilds);
        System.out.printf(Locale.ROOT, "network reused across rounds (after)     : %6.3f s/round, %d networks built"
                + " (%.2fx the time of before)%n", reused, reusedBuilds, reused / rebuilt);
        System.out.printf(Locale.ROOT, "peak resident memory of this JVM: %d MB%n", PeakMemory.residentMegabytes());
        TestSpark.session().stop();
    }

    private static double secondsPerRound(NetworkFactory factory, ParameterSnapshot initial, int crop, int rounds,
                                          Path dir) throws Exception {
        TrainingSettings settings = new TrainingSettings(1, 0.01f, 0.9f, 5e-4f, rounds, 1L, 1, 1);
        TrainingPlan plan = new TrainingPlan(settings, rounds, 1, TrainingPlan.Mode.EXECUTORS, TASKS, 0, 0);
        DataParallelTraining<Integer> training = new DataParallelTraining<>(TestSpark.session(), Storage.local(),
                "overhead", factory, new NoiseImages(crop), null, plan, "gpu");
        List<RoundMetrics> all = training.run(IntStream.range(0, 4 * TASKS).boxed().toList(), initial, false,
                new CheckpointStore(Storage.local(), new org.apache.hadoop.fs.Path(dir.resolve("checkpoints").toUri()), 1),
                new org.apache.hadoop.fs.Path(dir.resolve("rounds.json").toUri())).rounds();
        return all.subList(1, all.size()).stream().mapToDouble(RoundMetrics::seconds).average().orElseThrow();
    }

    /** The baseline: equal to no other copy of itself, so every task's borrow builds (and drops the last one's). */
    private static final class Rebuilding implements NetworkFactory {
        @Serial
        private static final long serialVersionUID = 1L;
        private final CamNetworkFactory factory;

        Rebuilding(CamNetworkFactory factory) {
            this.factory = factory;
        }

        @Override
        public TrainableNetwork create(Device device) {
            return factory.create(device);
        }
    }

    private record NoiseImages(int crop) implements SampleSource<Integer> {
        @Override
        public TrainingSample prepare(Integer index, SplittableRandom random) {
            SplittableRandom pixels = new SplittableRandom(index);
            float[] image = new float[3 * crop * crop];
            for (int i = 0; i < image.length; i++) image[i] = (float) pixels.nextGaussian();
            float[] label = new float[CLASSES];
            label[index % CLASSES] = 1f;
            return TrainingSample.of(image, 3, crop, crop, label);
        }
    }
}
