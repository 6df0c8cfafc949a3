package org.wsss.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Channel-wise dropout ({@code Dropout2d}): in training, each (sample, channel) map is zeroed with probability
 * {@code rate} and the survivors are scaled by {@code 1 / (1 - rate)}; at inference it is the identity.
 *
 * <p>The mask has one value per (sample, channel), drawn from a seeded Java stream (see {@link StochasticBlock}),
 * which is cheap even for 2048 channels.
 */
public final class ChannelDropout extends AbstractBlock implements StochasticBlock {

    private static final byte VERSION = 1;
    private static final int BATCH_AXIS = 0;
    private static final int CHANNEL_AXIS = 1;

    private final float rate;
    private SplittableRandom random = new SplittableRandom(0L);

    /**
     * @param rate the probability of dropping a channel, in [0, 1)
     */
    public ChannelDropout(float rate) {
        super(VERSION);
        if (!(rate >= 0f && rate < 1f)) {
            throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + rate);
        }
        this.rate = rate;
    }

    /** The probability of dropping a channel. */
    public float rate() {
        return rate;
    }

    @Override
    public void reseed(long seed) {
        random = new SplittableRandom(seed);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray input = inputs.singletonOrThrow();
        if (!training || rate == 0f) {
            return new NDList(input);
        }
        Shape shape = input.getShape();
        int samples = Math.toIntExact(shape.get(BATCH_AXIS));
        int channels = Math.toIntExact(shape.get(CHANNEL_AXIS));
        float keepScale = 1f / (1f - rate);
        float[] mask = new float[samples * channels];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = random.nextDouble() < rate ? 0f : keepScale;
        }
        long[] maskShape = new long[shape.dimension()];
        Arrays.fill(maskShape, 1L);
        maskShape[BATCH_AXIS] = samples;
        maskShape[CHANNEL_AXIS] = channels;
        NDArray maskArray = input.getManager().create(mask, new Shape(maskShape)).toDevice(input.getDevice(), false);
        return new NDList(input.mul(maskArray));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
