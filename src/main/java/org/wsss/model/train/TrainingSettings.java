package org.wsss.model.train;

/**
 * Settings of a training run, validated on construction.
 *
 * @param batchSize samples per step (split across devices); one optimiser update per batch
 * @param learningRate base learning rate of the poly schedule (backbone weights get 1x of it)
 * @param momentum SGD momentum in [0, 1)
 * @param weightDecay L2 weight decay applied to weights (never to biases)
 * @param maxSteps length of the whole schedule; the learning rate reaches zero there
 * @param seed root seed of sample order, augmentation and dropout
 * @param loaderThreads CPU threads that prepare (decode, augment) samples
 * @param prefetchBatches batches prepared ahead of the one being trained on
 * @param microBatchSize most samples a device runs forward and backward at once: a larger batch (or a device's part
 *     of it) is trained in micro-batches whose gradients add up to the batch's, so the batch never has to fit in
 *     memory at once; at least 1, and {@code batchSize} or more means whole batches
 */
public record TrainingSettings(
        int batchSize,
        float learningRate,
        float momentum,
        float weightDecay,
        long maxSteps,
        long seed,
        int loaderThreads,
        int prefetchBatches,
        int microBatchSize) implements java.io.Serializable {

    /** PSA's stage-1 batch size (ALGORITHM.md section 1). */
    public static final int STAGE1_BATCH_SIZE = 16;
    /** PSA's stage-1 learning rate. */
    public static final float STAGE1_LEARNING_RATE = 0.01f;
    private static final int DEFAULT_LOADER_THREADS = 2;
    private static final int DEFAULT_PREFETCH_BATCHES = 2;

    public TrainingSettings {
        require(batchSize >= 1, "batchSize must be at least 1, got " + batchSize);
        require(learningRate > 0f && Float.isFinite(learningRate),
                "learningRate must be positive and finite, got " + learningRate);
        require(momentum >= 0f && momentum < 1f, "momentum must be in [0, 1), got " + momentum);
        require(weightDecay >= 0f && Float.isFinite(weightDecay),
                "weightDecay must be non-negative and finite, got " + weightDecay);
        require(maxSteps >= 1, "maxSteps must be at least 1, got " + maxSteps);
        require(loaderThreads >= 1, "loaderThreads must be at least 1, got " + loaderThreads);
        require(prefetchBatches >= 1, "prefetchBatches must be at least 1, got " + prefetchBatches);
        require(microBatchSize >= 1, "microBatchSize must be at least 1, got " + microBatchSize);
    }

    /** Settings that train whole batches at once (no micro-batches). */
    public TrainingSettings(int batchSize, float learningRate, float momentum, float weightDecay, long maxSteps,
                            long seed, int loaderThreads, int prefetchBatches) {
        this(batchSize, learningRate, momentum, weightDecay, maxSteps, seed, loaderThreads, prefetchBatches,
                Math.max(1, batchSize));
    }

    /** Stage-1 defaults (batch 16, lr 0.01, momentum 0.9, weight decay 5e-4) for a schedule of {@code maxSteps}. */
    public static TrainingSettings stage1(long maxSteps, long seed) {
        return new TrainingSettings(
                STAGE1_BATCH_SIZE,
                STAGE1_LEARNING_RATE,
                GroupedSgd.DEFAULT_MOMENTUM,
                GroupedSgd.DEFAULT_WEIGHT_DECAY,
                maxSteps,
                seed,
                DEFAULT_LOADER_THREADS,
                DEFAULT_PREFETCH_BATCHES);
    }

    /** Schedule length for whole epochs as PSA counts them: {@code (samples / batchSize) * epochs}, at least 1. */
    public static long stepsForEpochs(int epochs, long samples, int batchSize) {
        require(epochs >= 1 && samples >= 1 && batchSize >= 1, "epochs, samples and batchSize must be positive");
        return Math.max(1L, (samples / batchSize) * epochs);
    }

    /** The same settings with another batch size; the micro-batch size stays, so a larger batch runs in parts. */
    public TrainingSettings withBatchSize(int newBatchSize) {
        return new TrainingSettings(newBatchSize, learningRate, momentum, weightDecay, maxSteps, seed,
                loaderThreads, prefetchBatches, microBatchSize);
    }

    public TrainingSettings withLearningRate(float newLearningRate) {
        return new TrainingSettings(batchSize, newLearningRate, momentum, weightDecay, maxSteps, seed,
                loaderThreads, prefetchBatches, microBatchSize);
    }

    public TrainingSettings withMomentum(float newMomentum) {
        return new TrainingSettings(batchSize, learningRate, newMomentum, weightDecay, maxSteps, seed,
                loaderThreads, prefetchBatches, microBatchSize);
    }

    public TrainingSettings withMicroBatchSize(int newMicroBatchSize) {
        return new TrainingSettings(batchSize, learningRate, momentum, weightDecay, maxSteps, seed,
                loaderThreads, prefetchBatches, newMicroBatchSize);
    }

    /** The learning-rate schedule these settings describe. */
    public PolySchedule schedule() {
        return PolySchedule.psa(learningRate, maxSteps);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
