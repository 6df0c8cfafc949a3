package org.wsss.model.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.wsss.model.loss.BatchParts;
import org.wsss.model.loss.SplittableLoss;
import org.wsss.model.nn.NamedParameters;
import org.wsss.model.nn.StochasticBlocks;

/**
 * Trains a network in this JVM on in-memory samples, one {@link TrainingRound} at a time, on one or more devices.
 *
 * <p>Each step: the next batch comes from loader threads that prepared it ahead of time; the batch is split across
 * the devices (DJL's data parallelism) and each device's share into micro-batches of at most
 * {@link TrainingSettings#microBatchSize()} samples ({@link BatchSplit}). Every part runs forward and backward in
 * its own scope, released as soon as its gradient is accumulated, so a step needs the activations of one
 * micro-batch rather than of the whole batch. Each part's loss is normalised by the whole batch's term counts
 * ({@link BatchParts}), so the gradients accumulated over micro-batches, and summed by DJL over devices, equal the
 * gradient of the whole batch's loss; then {@link GroupedSgd} updates once, at the step's scheduled rate.
 *
 * <p>Batch norm: a frozen {@link org.wsss.model.backbone.FreezableBatchNorm} (fine-tuning from ImageNet weights)
 * uses its fixed running statistics, so micro-batching changes nothing there. A trainable one (training from
 * scratch, or AffinityNet started from stage 1 or from scratch) normalises each micro-batch by that micro-batch's
 * own statistics and updates its running averages once per micro-batch: the gradient is then that of smaller
 * normalisation groups, as with the split over devices, not exactly the whole batch's.
 *
 * <p>The optimiser (and its momentum) lives as long as this trainer, across rounds; {@link #snapshot()} and
 * {@link #restore(ParameterSnapshot)} move parameters, running statistics and momentum in and out, which is how a
 * Spark task resumes from a broadcast snapshot and hands its result back. Freeze parameters before constructing.
 *
 * <p>Trainers of separate networks may run side by side in one JVM (two Spark tasks on one executor): gradients are
 * collected per thread ({@link ThreadGradientCollector}), the SGD update clears only its own parameters' gradients,
 * and dropout draws from each block's own seeded stream, so concurrent steps neither disturb nor reorder each other.
 */
public final class LocalTrainer implements AutoCloseable {

    private static final long DROPOUT_STREAM = 3L;
    private final TrainableNetwork network;
    private final TrainingSettings settings;
    private final Device[] devices;
    private final GroupedSgd optimizer;
    private final ExecutorService loaders;

    /**
     * @param network the network to train; its model's block must be initialised
     * @param settings batch size, schedule, optimiser and loader settings
     * @param devices devices to split each batch across (at least one, no duplicates)
     */
    public LocalTrainer(TrainableNetwork network, TrainingSettings settings, Device... devices) {
        if (devices.length == 0 || new HashSet<>(Arrays.asList(devices)).size() != devices.length) {
            throw new IllegalArgumentException("need at least one device and no duplicates, got " + Arrays.toString(devices));
        }
        this.network = network;
        this.settings = settings;
        this.devices = devices.clone();
        this.optimizer = GroupedSgd.builder()
                .setParameters(NamedParameters.of(block()))
                .setBackboneMembership(network::isBackboneParameter)
                .setSchedule(settings.schedule())
                .setStateManager(network.model().getNDManager())
                .optMomentum(settings.momentum())
                .optWeightDecays(settings.weightDecay())
                .build();
        this.loaders = Executors.newFixedThreadPool(settings.loaderThreads(), daemonThreads());
    }

    /**
     * Trains one round on {@code sources}, visited in a seeded order (every source once per epoch) and turned into
     * samples by {@code preparer} on the loader threads.
     *
     * @throws IllegalArgumentException if the round runs past the schedule's end or there are no sources
     */
    public <S> TrainingReport train(List<S> sources, SamplePreparer<S> preparer, TrainingRound round) {
        if (round.endStep() > settings.maxSteps()) {
            throw new IllegalArgumentException("round ends at step " + round.endStep()
                    + ", past the schedule's " + settings.maxSteps() + " steps");
        }
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("no training samples");
        }
        DefaultTrainingConfig config = new DefaultTrainingConfig(network.loss())
                .optOptimizer(optimizer)
                .optDevices(devices);
        float[] losses = new float[round.steps()];
        long start = System.nanoTime();
        try (Trainer trainer = new Trainer(network.model(), config);
                BatchPrefetcher<S> batches = new BatchPrefetcher<>(sources, preparer, settings.batchSize(),
                        round.seed(), round.steps(), loaders, settings.prefetchBatches())) {
            for (int step = 0; step < round.steps(); step++) {
                PreparedBatch prepared = batches.next();
                optimizer.setStep(round.firstStep() + step);
                StochasticBlocks.reseedAll(block(), Seeds.derive(round.seed(), DROPOUT_STREAM, step));
                try (NDManager stepManager = trainer.getManager().newSubManager()) {
                    losses[step] = trainBatch(trainer, stepManager, prepared);
                    trainer.step();
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new TrainingReport(round, (long) round.steps() * settings.batchSize(), losses, seconds);
    }

    /** Forward and backward over the batch's parts, accumulating its gradient; returns the batch's loss. */
    private float trainBatch(Trainer trainer, NDManager stepManager, PreparedBatch batch) {
        List<BatchSplit.Part> parts = BatchSplit.of(batch.size(), devices.length, settings.microBatchSize());
        SplittableLoss loss = network.loss();
        double[] batchCounts;
        try (NDManager counting = stepManager.newSubManager(Device.cpu())) {
            batchCounts = BatchParts.batchCounts(loss,
                    parts.stream().map(part -> batch.slice(part.from(), part.size()).labels(counting)).toList());
        }
        float batchLoss = 0f;
        try (GradientCollector collector = new ThreadGradientCollector()) {
            for (BatchSplit.Part part : parts) {
                // Closing the part's scope frees its activations before the next part runs forward.
                try (NDManager partScope = stepManager.newSubManager(devices[part.device()])) {
                    PreparedBatch slice = batch.slice(part.from(), part.size());
                    NDList labels = slice.labels(partScope);
                    NDList predictions = trainer.forward(slice.inputs(partScope), labels);
                    NDArray partLoss = loss.partLoss(labels, predictions, batchCounts);
                    collector.backward(partLoss);
                    batchLoss += partLoss.getFloat();
                }
            }
        }
        return batchLoss;
    }

    /** Parameters, running statistics and momentum velocities, as plain Java values. */
    public ParameterSnapshot snapshot() {
        return ParameterSnapshot.capture(block(), optimizer.exportVelocities());
    }

    /** Loads parameters, running statistics and momentum velocities from a snapshot. */
    public void restore(ParameterSnapshot snapshot) {
        snapshot.applyTo(block());
        optimizer.restoreVelocities(snapshot.velocities(), devices);
    }

    /** The optimiser, e.g. to inspect learning-rate groups. */
    public GroupedSgd optimizer() {
        return optimizer;
    }

    private Block block() {
        return network.model().getBlock();
    }

    @Override
    public void close() {
        loaders.shutdownNow();
        optimizer.close();
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "wsss-loader-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
