package org.wsss.jobs.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.wsss.io.CheckpointStore;
import org.wsss.io.Storage;
import org.wsss.model.train.LocalTrainer;
import org.wsss.model.train.ParameterSnapshot;
import org.wsss.model.train.Seeds;
import org.wsss.model.train.SnapshotFiles;
import org.wsss.model.train.TrainableNetwork;
import org.wsss.model.train.TrainingReport;
import org.wsss.model.train.TrainingRound;

/**
 * Driver-coordinated data-parallel training, in both forms behind one call: one process splitting each batch over
 * its devices, or Spark tasks training locally and the driver averaging their parameters every round (a tree
 * aggregation weighted by samples). Either way, every round ends with a checkpoint and a progress line, and a run
 * can resume from the latest checkpoint.
 */
public final class DataParallelTraining<S extends Serializable> {
    public static final String PARAMETERS_FILE = "parameters.safetensors";
    public static final String ROUNDS_FILE = "rounds.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final SparkSession spark;
    private final Storage storage;
    private final String label;
    private final NetworkFactory factory;
    private final SampleSource<S> source;
    private final RoundEvaluator<S> evaluator;
    private final TrainingPlan plan;
    private final String gpuResource;

    /** What a run ended with: the final parameters and every round's figures (including resumed ones). */
    public record Result(ParameterSnapshot parameters, List<RoundMetrics> rounds, boolean finished) {
        public RoundMetrics last() {
            return rounds.get(rounds.size() - 1);
        }
    }

    public DataParallelTraining(SparkSession spark, Storage storage, String label, NetworkFactory factory,
                                SampleSource<S> source, RoundEvaluator<S> evaluator, TrainingPlan plan,
                                String gpuResource) {
        this.spark = spark;
        this.storage = storage;
        this.label = label;
        this.factory = factory;
        this.source = source;
        this.evaluator = evaluator;
        this.plan = plan;
        this.gpuResource = gpuResource;
    }

    /**
     * Trains from {@code initial} (or from the latest checkpoint when {@code resume} and one exists), saving a
     * checkpoint per round to {@code checkpoints} and the rounds' figures to {@code roundsFile}.
     */
    public Result run(List<S> samples, ParameterSnapshot initial, boolean resume, CheckpointStore checkpoints,
                      Path roundsFile) throws IOException {
        return runWithModel(samples, initial, resume, checkpoints, roundsFile, Map.of());
    }

    /** As {@link #run}, also recording {@code modelDescription} (what a loader needs to rebuild the net) per checkpoint. */
    public Result runWithModel(List<S> samples, ParameterSnapshot initial, boolean resume,
                               CheckpointStore checkpoints, Path roundsFile, Map<String, Object> modelDescription)
            throws IOException {
        if (samples.isEmpty()) throw new IllegalArgumentException(label + ": no training samples");
        ParameterSnapshot current = initial;
        List<RoundMetrics> history = new ArrayList<>();
        int firstRound = 1;
        if (resume) {
            var latest = checkpoints.latest();
            if (latest.isPresent()) {
                current = SnapshotFiles.read(latest.get().files().get(PARAMETERS_FILE), latest.get().name());
                firstRound = latest.get().round() + 1;
                history.addAll(readHistory(roundsFile, latest.get().round()));
                progress("resuming after round %d of %d from %s", latest.get().round(), plan.rounds(),
                        checkpoints.root());
            }
        }
        JavaRDD<S> partitioned = null;
        DeviceRounds deviceRounds = null;
        try {
            if (plan.mode() == TrainingPlan.Mode.EXECUTORS) {
                // Shuffled (seeded) so that every task sees every class, whatever order the table had.
                List<S> mixed = new ArrayList<>(samples);
                java.util.Collections.shuffle(mixed, new java.util.Random(plan.settings().seed()));
                partitioned = JavaSparkContext.fromSparkContext(spark.sparkContext())
                        .parallelize(mixed, plan.tasks()).persist(StorageLevel.MEMORY_AND_DISK());
            } else if (firstRound <= plan.rounds()) {
                deviceRounds = new DeviceRounds(current);
            }
            long started = System.nanoTime();
            for (int round = firstRound; round <= plan.rounds(); round++) {
                long roundStart = System.nanoTime();
                TaskRoundResult result = partitioned != null ? executorRound(partitioned, current, round)
                        : deviceRounds.train(samples, round);
                current = result.parameters.result();
                double seconds = (System.nanoTime() - roundStart) / 1e9;
                RoundMetrics metrics = new RoundMetrics(round,
                        (double) plan.samplesThrough(round) / samples.size(),
                        plan.endStep(round),
                        result.lossSum / Math.max(1, result.steps),
                        result.evaluated > 0 ? result.evaluationSum / result.evaluated : null,
                        result.samples / seconds, seconds);
                history.add(metrics);
                checkpoint(checkpoints, round, current, metrics, modelDescription);
                storage.writeTextAtomically(roundsFile, JSON.writeValueAsString(history));
                double perRound = (System.nanoTime() - started) / 1e9 / (round - firstRound + 1);
                progress("round %d/%d  epoch %.2f  loss %.4f%s  %.1f images/s  ETA %s", round, plan.rounds(),
                        metrics.epoch(), metrics.loss(),
                        metrics.accuracy() == null ? "" : String.format(Locale.ROOT, "  accuracy %.3f", metrics.accuracy()),
                        metrics.imagesPerSecond(), eta(perRound * (plan.rounds() - round)));
                if (round == plan.stopAfterRound()) {
                    progress("stopping after round %d as asked; resume to continue", round);
                    return new Result(current, history, false);
                }
            }
            return new Result(current, history, true);
        } finally {
            if (partitioned != null) partitioned.unpersist(false);
            if (deviceRounds != null) deviceRounds.close();
            // In local mode this JVM is the executor: the next stages need the memory more than a later run does.
            if (spark.sparkContext().isLocal()) ExecutorNetworks.closeIdle();
        }
    }

    private TaskRoundResult executorRound(JavaRDD<S> partitioned, ParameterSnapshot current, int round) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<byte[]> parameters = jsc.broadcast(bytes(current));
        try {
            spark.sparkContext().setJobGroup(label, label + " round " + round, false);
            JavaRDD<TaskRoundResult> results = partitioned.mapPartitionsWithIndex(
                    new TrainPartition<>(parameters, factory, source, evaluator, plan, round, gpuResource), false);
            return OrderedTreeMerge.merge(results.mapPartitionsWithIndex((index, it) -> {
                List<OrderedTreeMerge.Positioned> positioned = new ArrayList<>();
                it.forEachRemaining(r -> positioned.add(new OrderedTreeMerge.Positioned(index, r)));
                return positioned.iterator();
            }, true), results.getNumPartitions());
        } finally {
            spark.sparkContext().clearJobGroup();
            parameters.destroy();
        }
    }

    /** The one-process form: a trainer over every device this JVM sees, kept across rounds. */
    private final class DeviceRounds implements AutoCloseable {
        private final TrainableNetwork network;
        private final LocalTrainer trainer;

        DeviceRounds(ParameterSnapshot start) {
            Device[] devices = Engine.getInstance().getDevices();
            network = factory.create(devices[0]);
            trainer = new LocalTrainer(network, plan.settings(), devices);
            trainer.restore(start);
        }

        TaskRoundResult train(List<S> samples, int round) {
            long seed = Seeds.derive(plan.settings().seed(), round, 0);
            TrainingRound work = plan.window(round, seed);
            TrainingReport report = trainer.train(samples, source, work);
            TaskRoundResult result = new TaskRoundResult();
            result.parameters.add(trainer.snapshot(), report.samplesSeen());
            for (float loss : report.losses()) result.lossSum += loss;
            result.steps = report.losses().length;
            result.samples = report.samplesSeen();
            if (evaluator != null && plan.evaluationSamples() > 0) {
                List<S> checked = samples.subList(0, Math.min(samples.size(), plan.evaluationSamples()));
                result.evaluationSum = evaluator.evaluate(network, checked) * checked.size();
                result.evaluated = checked.size();
            }
            return result;
        }

        @Override
        public void close() {
            trainer.close();
            if (network instanceof AutoCloseable closeable) closeQuietly(closeable);
        }
    }

    private void checkpoint(CheckpointStore checkpoints, int round, ParameterSnapshot parameters,
                            RoundMetrics metrics, Map<String, Object> modelDescription) throws IOException {
        Map<String, Object> state = new LinkedHashMap<>(modelDescription);
        state.putAll(metrics.asState());
        state.put("seed", plan.settings().seed());
        state.put("learning_rate_step", metrics.step());
        state.put("rounds", plan.rounds());
        checkpoints.save(round, state, Map.of(PARAMETERS_FILE, bytes(parameters)));
    }

    /** The figures of the rounds a resumed run already has, up to its checkpoint. */
    private List<RoundMetrics> readHistory(Path roundsFile, int upToRound) throws IOException {
        if (!storage.exists(roundsFile)) return List.of();
        List<RoundMetrics> saved = JSON.readValue(storage.readText(roundsFile), new TypeReference<>() {});
        return saved.stream().filter(m -> m.round() <= upToRound).toList();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot release a training network", e);
        }
    }

    static byte[] bytes(ParameterSnapshot snapshot) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            SnapshotFiles.write(snapshot, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private void progress(String format, Object... args) {
        System.out.println("[" + label + "] " + String.format(Locale.ROOT, format, args));
        System.out.flush();
    }

    private static String eta(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
}
