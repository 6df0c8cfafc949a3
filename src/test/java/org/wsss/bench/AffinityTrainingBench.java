package org.wsss.bench;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.wsss.algo.augment.AffinityAugmentation;
import org.wsss.algo.augment.ColorJitter;
import org.wsss.config.SynthSettings;
import org.wsss.io.CheckpointStore;
import org.wsss.jobs.affinity.AffinityCheckpoint;
import org.wsss.jobs.affinity.AffinityNetworkFactory;
import org.wsss.jobs.affinity.AffinitySample;
import org.wsss.jobs.affinity.AffinitySampleSource;
import org.wsss.jobs.affinity.AffinityTrainingStage;
import org.wsss.jobs.stage.StageContext;
import org.wsss.jobs.train.DataParallelTraining;
import org.wsss.jobs.train.RoundMetrics;
import org.wsss.jobs.train.TrainingPlan;
import org.wsss.model.affinity.AffinityModel;
import org.wsss.model.affinity.AffinityNet;
import org.wsss.model.backbone.BackboneKind;
import org.wsss.model.train.LocalTrainer;
import org.wsss.model.train.ParameterSnapshot;
import org.wsss.model.train.TrainingReport;
import org.wsss.model.train.TrainingRound;
import org.wsss.model.train.TrainingSettings;
import org.wsss.testing.AffinityLabelFixture;

/**
 * Training throughput of AffinityNet (small backbone) on real stage-2 samples: synthetic images with affinity labels
 * from CAMs made from the truth, decoded, cropped, flipped and jittered on loader threads as the stage does. Three
 * ways: a plain single-process {@link LocalTrainer} loop, and the stage's Spark-coordinated rounds
 * ({@link DataParallelTraining}, local[2]) with one and with two task slots, checkpoint per round included.
 *
 * <p>Usage: {@code AffinityTrainingBench CROP BATCH STEPS_PER_ROUND ROUNDS}, e.g. {@code 112 8 8 4}. The first
 * round (or warm-up step) of each is not counted. Peak memory is the process's resident high-water mark
 * ({@code VmHWM}), which only grows: read each figure as "so far".
 */
public final class AffinityTrainingBench {
    private static final long SEED = 1L;
    private static final int LOADER_THREADS = 2;
    private static final int PREFETCH = 2;

    private AffinityTrainingBench() {}

    public static void main(String[] args) throws Exception {
        int crop = Integer.parseInt(args[0]);
        int batch = Integer.parseInt(args[1]);
        int stepsPerRound = Integer.parseInt(args[2]);
        int rounds = Integer.parseInt(args[3]);
        Path dir = Files.createTempDirectory("affinity-bench");
        // The demo's dataset: 4 breeds x 40 images of 96-144 px, 112 of them for training.
        AffinityLabelFixture fixture = AffinityLabelFixture.prepare(dir, new SynthSettings(4, 40, 7, 96, 144, 0.3,
                false));
        StageContext context = fixture.existingRun(fixture.baseRunRoot(), Map.of());
        List<AffinitySample> samples = AffinityTrainingStage.trainingSamples(context);
        AffinitySampleSource source = new AffinitySampleSource(context.storage(),
                new AffinityAugmentation(0.5, ColorJitter.psa(), crop, AffinityNet.OUTPUT_STRIDE));
        System.out.printf(Locale.ROOT, "%d training images, crop %d, batch %d, torch threads %s, %d cores%n",
                samples.size(), crop, batch, System.getProperty("ai.djl.pytorch.num_threads", "default"),
                Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "after data preparation: peak RSS %d MB%n", PeakMemory.residentMegabytes());

        plainLoop(samples, source, batch, stepsPerRound * rounds);
        for (int tasks : new int[] {1, 2}) {
            sparkRounds(context, dir, samples, source, batch, stepsPerRound, rounds, tasks);
        }
        context.spark().stop();
    }

    private static void plainLoop(List<AffinitySample> samples, AffinitySampleSource source, int batch, int steps) {
        TrainingSettings settings = new TrainingSettings(batch, 0.1f, 0.9f, 5e-4f, steps + 1, SEED, LOADER_THREADS,
                PREFETCH);
        try (AffinityModel model = AffinityModel.create(BackboneKind.SMALL, SEED, Device.cpu());
                LocalTrainer trainer = new LocalTrainer(model, settings, Device.cpu())) {
            trainer.train(samples, source, new TrainingRound(0, 1, SEED));
            TrainingReport report = trainer.train(samples, source, new TrainingRound(1, steps, SEED + 1));
            System.out.printf(Locale.ROOT, "plain LocalTrainer loop: %.1f images/s (%d steps, %.1f s), peak RSS %d MB%n",
                    report.samplesPerSecond(), steps, report.seconds(), PeakMemory.residentMegabytes());
        }
    }

    private static void sparkRounds(StageContext context, Path dir, List<AffinitySample> samples,
                                    AffinitySampleSource source, int batch, int stepsPerRound, int rounds, int tasks)
            throws IOException {
        TrainingSettings settings = new TrainingSettings(batch, 0.1f, 0.9f, 5e-4f, (long) rounds * stepsPerRound,
                SEED, LOADER_THREADS, PREFETCH);
        TrainingPlan plan = new TrainingPlan(settings, rounds, stepsPerRound, TrainingPlan.Mode.EXECUTORS, tasks, 0, 0);
        AffinityNetworkFactory factory = new AffinityNetworkFactory(BackboneKind.SMALL, SEED, false);
        ParameterSnapshot initial;
        try (AffinityModel model = factory.build(Device.cpu())) {
            initial = ParameterSnapshot.capture(model.model().getBlock());
        }
        DataParallelTraining<AffinitySample> training = new DataParallelTraining<>(context.spark(),
                context.storage(), "bench-" + tasks, factory, source, null, plan, "gpu");
        org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(dir.resolve("bench-" + tasks).toUri());
        long started = System.nanoTime();
        DataParallelTraining.Result result = training.runWithModel(samples, initial, false,
                new CheckpointStore(context.storage(), new org.apache.hadoop.fs.Path(root, "checkpoints"), 1),
                new org.apache.hadoop.fs.Path(root, "rounds.json"), AffinityCheckpoint.describe(BackboneKind.SMALL));
        double total = (System.nanoTime() - started) / 1e9;
        List<RoundMetrics> counted = result.rounds().subList(1, result.rounds().size());
        double seconds = counted.stream().mapToDouble(RoundMetrics::seconds).sum();
        long images = plan.samplesPerRound() * counted.size();
        System.out.printf(Locale.ROOT, "Spark rounds, %d task slot%s: %.1f images/s over rounds 2-%d (%.1f s per "
                        + "round of %d images; whole run %.1f s), peak RSS %d MB%n", tasks, tasks == 1 ? "" : "s",
                images / seconds, rounds, seconds / counted.size(), plan.samplesPerRound(), total,
                PeakMemory.residentMegabytes());
    }
}
