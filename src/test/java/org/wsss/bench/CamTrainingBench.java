package org.wsss.bench;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.functions;
import org.wsss.algo.augment.ClassificationAugmentation;
import org.wsss.algo.augment.ColorJitter;
import org.wsss.config.SynthSettings;
import org.wsss.data.PetLayout;
import org.wsss.data.SyntheticDataset;
import org.wsss.io.CheckpointStore;
import org.wsss.io.Storage;
import org.wsss.io.Tables;
import org.wsss.jobs.cam.CamCheckpoint;
import org.wsss.jobs.cam.CamNetworkFactory;
import org.wsss.jobs.cam.CamSample;
import org.wsss.jobs.cam.CamSampleSource;
import org.wsss.jobs.index.IndexStage;
import org.wsss.jobs.stage.StageContext;
import org.wsss.jobs.train.DataParallelTraining;
import org.wsss.jobs.train.RoundMetrics;
import org.wsss.jobs.train.TrainingPlan;
import org.wsss.model.backbone.BackboneKind;
import org.wsss.model.cam.CamModel;
import org.wsss.model.cam.CamModelSpec;
import org.wsss.model.train.LocalTrainer;
import org.wsss.model.train.ParameterSnapshot;
import org.wsss.model.train.TrainingReport;
import org.wsss.model.train.TrainingRound;
import org.wsss.model.train.TrainingSettings;
import org.wsss.testing.TestSpark;

/**
 * Stage-1 training throughput (forward, backward, grouped SGD) of the CAM network on synthetic pets decoded,
 * rescaled, cropped, flipped and jittered on loader threads as the stage does. Three ways: a plain single-process
 * {@link LocalTrainer} loop, and the stage's Spark-coordinated rounds ({@link DataParallelTraining} on local[2])
 * with one and with two task slots, each round broadcasting, training, tree-averaging and checkpointing.
 *
 * <p>Usage: {@code CamTrainingBench BACKBONE CROP BATCH STEPS_PER_ROUND ROUNDS}, e.g. {@code small 96 8 10 5} or
 * {@code resnet50 224 2 2 4}. The first round (or warm-up step) of each way is not counted.
 */
public final class CamTrainingBench {
    private static final long SEED = 1L;
    private static final int LOADER_THREADS = 1;
    private static final int PREFETCH = 2;

    private CamTrainingBench() {}

    public static void main(String[] args) throws Exception {
        BackboneKind kind = BackboneKind.fromName(args[0]);
        int crop = Integer.parseInt(args[1]);
        int batch = Integer.parseInt(args[2]);
        int stepsPerRound = Integer.parseInt(args[3]);
        int rounds = Integer.parseInt(args[4]);
        Path dir = Files.createTempDirectory("cam-training-bench");
        Path data = dir.resolve("data");
        // Images about the crop's size, as the demo's 96-144 px images are for its 96 px crop.
        new SyntheticDataset(Storage.local()).write(data.toString(),
                new SynthSettings(4, 40, 7, crop, crop * 3 / 2, 0.3, false));
        StageContext context = TestSpark.context(TestSpark.settings(data.toString(), dir.resolve("run").toString(),
                Map.of()));
        new IndexStage().run(context);
        List<CamSample> samples = context.tables().read(Tables.INDEX)
                .filter(functions.col("split").equalTo(PetLayout.Split.TRAINVAL.label))
                .select("image_id", "image_uri", "class_id").orderBy("image_id").collectAsList().stream()
                .map(r -> new CamSample(r.getString(0), r.getString(1), r.getInt(2))).toList();
        int classes = samples.stream().mapToInt(CamSample::classId).max().orElseThrow();
        CamSampleSource source = new CamSampleSource(context.storage(),
                new ClassificationAugmentation(crop, crop * 3 / 2, 0.5, ColorJitter.psa(), crop), classes);
        CamNetworkFactory factory = new CamNetworkFactory(new CamModelSpec(kind, classes, 0.5f, SEED), false);
        System.out.printf(Locale.ROOT, "%s: %d training images, crop %d, batch %d, torch threads %s, %d cores%n",
                kind.name().toLowerCase(Locale.ROOT), samples.size(), crop, batch,
                System.getProperty("ai.djl.pytorch.num_threads", "default"), Runtime.getRuntime().availableProcessors());

        double plain = plainLoop(factory, samples, source, batch, stepsPerRound * rounds);
        double one = sparkRounds(context, dir, factory, samples, source, batch, stepsPerRound, rounds, 1);
        double two = sparkRounds(context, dir, factory, samples, source, batch, stepsPerRound, rounds, 2);
        System.out.printf(Locale.ROOT, "plain LocalTrainer loop : %7.2f images/s%n", plain);
        System.out.printf(Locale.ROOT, "Spark rounds, 1 slot    : %7.2f images/s (%.0f%% of the plain loop)%n",
                one, 100 * one / plain);
        System.out.printf(Locale.ROOT, "Spark rounds, 2 slots   : %7.2f images/s (%.2fx 1 slot, %.2fx the plain loop)%n",
                two, two / one, two / plain);
        System.out.printf(Locale.ROOT, "peak resident memory of this JVM: %d MB%n", PeakMemory.residentMegabytes());
        context.spark().stop();
    }

    private static double plainLoop(CamNetworkFactory factory, List<CamSample> samples, CamSampleSource source,
                                    int batch, int steps) {
        TrainingSettings settings = new TrainingSettings(batch, 0.01f, 0.9f, 5e-4f, steps + 1, SEED, LOADER_THREADS,
                PREFETCH);
        try (CamModel model = factory.build(Device.cpu());
                LocalTrainer trainer = new LocalTrainer(model, settings, Device.cpu())) {
            trainer.train(samples, source, new TrainingRound(0, 1, SEED));
            TrainingReport report = trainer.train(samples, source, new TrainingRound(1, steps, SEED + 1));
            return report.samplesPerSecond();
        }
    }

    private static double sparkRounds(StageContext context, Path dir, CamNetworkFactory factory,
                                      List<CamSample> samples, CamSampleSource source, int batch, int stepsPerRound,
                                      int rounds, int tasks) throws IOException {
        TrainingSettings settings = new TrainingSettings(batch, 0.01f, 0.9f, 5e-4f, (long) rounds * stepsPerRound,
                SEED, LOADER_THREADS, PREFETCH);
        TrainingPlan plan = new TrainingPlan(settings, rounds, stepsPerRound, TrainingPlan.Mode.EXECUTORS, tasks, 0, 0);
        ParameterSnapshot initial;
        try (CamModel model = factory.build(Device.cpu())) {
            initial = ParameterSnapshot.capture(model.model().getBlock());
        }
        DataParallelTraining<CamSample> training = new DataParallelTraining<>(context.spark(), context.storage(),
                "bench-" + tasks, factory, source, null, plan, "gpu");
        org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(dir.resolve("bench-" + tasks).toUri());
        DataParallelTraining.Result result = training.runWithModel(samples, initial, false,
                new CheckpointStore(context.storage(), new org.apache.hadoop.fs.Path(root, "checkpoints"), 1),
                new org.apache.hadoop.fs.Path(root, "rounds.json"), CamCheckpoint.describe(factory.spec()));
        List<RoundMetrics> counted = result.rounds().subList(1, result.rounds().size());
        double seconds = counted.stream().mapToDouble(RoundMetrics::seconds).sum();
        return plan.samplesPerRound() * counted.size() / seconds;
    }
}
