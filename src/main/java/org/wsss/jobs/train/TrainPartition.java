package org.wsss.jobs.train;

import java.io.Serial;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.wsss.model.train.LocalTrainer;
import org.wsss.model.train.ParameterSnapshot;
import org.wsss.model.train.Seeds;
import org.wsss.model.train.SnapshotFiles;
import org.wsss.model.train.TrainableNetwork;
import org.wsss.model.train.TrainingReport;
import org.wsss.model.train.TrainingRound;
import org.wsss.spark.TaskDevices;

/**
 * One task's part of a synchronous round: start from the broadcast parameters, train the round's local steps on
 * this partition's samples on the device Spark assigned, hand back the new parameters. The seed depends only on
 * the run, the round and the partition, so a retried task reproduces its result.
 */
final class TrainPartition<S> implements Function2<Integer, Iterator<S>, Iterator<TaskRoundResult>> {
    @Serial
    private static final long serialVersionUID = 1L;
    private final Broadcast<byte[]> parameters;
    private final NetworkFactory factory;
    private final SampleSource<S> source;
    private final RoundEvaluator<S> evaluator;
    private final TrainingPlan plan;
    private final int round;
    private final String gpuResource;

    TrainPartition(Broadcast<byte[]> parameters, NetworkFactory factory, SampleSource<S> source,
                   RoundEvaluator<S> evaluator, TrainingPlan plan, int round, String gpuResource) {
        this.parameters = parameters;
        this.factory = factory;
        this.source = source;
        this.evaluator = evaluator;
        this.plan = plan;
        this.round = round;
        this.gpuResource = gpuResource;
    }

    @Override
    public Iterator<TaskRoundResult> call(Integer partition, Iterator<S> samples) throws Exception {
        List<S> local = new ArrayList<>();
        samples.forEachRemaining(local::add);
        if (local.isEmpty()) return Collections.emptyIterator();
        TaskDevices.Assignment device = TaskDevices.forCurrentTask(gpuResource);
        TrainableNetwork network = factory.create(device.device());
        try (LocalTrainer trainer = new LocalTrainer(network, plan.settings(), device.device())) {
            trainer.restore(SnapshotFiles.read(parameters.value(), "round " + round + " parameters"));
            long seed = Seeds.derive(plan.settings().seed(), round, partition);
            TrainingRound work = plan.window(round, seed);
            TrainingReport report = trainer.train(local, source, work);
            ParameterSnapshot trained = trainer.snapshot();
            TaskRoundResult result = new TaskRoundResult();
            result.firstPartition = partition;
            result.parameters.add(trained, report.samplesSeen());
            for (float loss : report.losses()) result.lossSum += loss;
            result.steps = report.losses().length;
            result.samples = report.samplesSeen();
            result.busySeconds = report.seconds();
            if (evaluator != null && plan.evaluationSamples() > 0) {
                List<S> checked = local.subList(0, Math.min(local.size(), plan.evaluationSamples()));
                result.evaluationSum = evaluator.evaluate(network, checked) * checked.size();
                result.evaluated = checked.size();
            }
            return List.of(result).iterator();
        } finally {
            if (network instanceof AutoCloseable closeable) closeable.close();
        }
    }
}
