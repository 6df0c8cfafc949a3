package org.wsss.algo.walk;

import org.wsss.algo.affinity.PairOffsets;
import org.wsss.algo.maps.ChannelStack;
import org.wsss.algo.parallel.RangeExecutor;

/**
 * The random walk as {@code 2^logt} applications of T to the K-row score vector, with T kept as a
 * per-node stencil ({@link TransitionStencil}). Memory is O(N * pairs per node) and time
 * O(steps * N * pairs per node * K), against O(N^2) and O(N^3 logt) for squaring a dense T; the product is
 * the same because {@code v T^(2^logt)} is associative.
 *
 * <p>The pair set is PSA's: pairs start only in the cropped source window of {@link PairOffsets}, for the
 * walk as for training. The reference vectors confirm it; a full neighbourhood (every node paired with every
 * node within the radius) differs from them by 5-20% relative L2. One consequence of the crop: a few nodes
 * in the bottom corners belong to no pair and keep their scores.
 *
 * <p>Arithmetic is in double, which keeps 256 steps far inside the reference tolerance. Threads split each
 * step into disjoint node ranges and every node sums its terms in the same order, so the result is
 * bit-identical for any thread count.
 */
public final class SparseRandomWalk implements RandomWalk {

    private final RandomWalkSettings settings;
    private final PairOffsets offsets;
    private final int threads;

    /** A single-threaded walk; {@code settings.method()} is not consulted. */
    public SparseRandomWalk(RandomWalkSettings settings) {
        this(settings, 1);
    }

    /** A walk that splits each step over {@code threads} threads. */
    public SparseRandomWalk(RandomWalkSettings settings, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.settings = settings;
        this.offsets = settings.offsets();
        this.threads = threads;
    }

    @Override
    public ChannelStack propagate(ChannelStack features, ChannelStack cams) {
        RandomWalk.requireSameGrid(features, cams);
        try (RangeExecutor parallel = new RangeExecutor(threads)) {
            TransitionStencil transition = TransitionStencil.build(features, offsets, settings.beta(), parallel);
            double[][] scores = pad(cams, transition);
            double[][] next = new double[scores.length][transition.length()];
            for (int step = 0; step < settings.steps(); step++) {
                double[][] in = scores;
                double[][] out = next;
                parallel.forRange(transition.position(0, 0), transition.endNode(),
                        (from, to) -> transition.step(in, out, from, to));
                next = scores;
                scores = out;
            }
            return unpad(scores, transition, cams.channels());
        }
    }

    private static double[][] pad(ChannelStack cams, TransitionStencil transition) {
        double[][] padded = new double[cams.channels()][transition.length()];
        for (int channel = 0; channel < cams.channels(); channel++) {
            for (int y = 0; y < cams.height(); y++) {
                for (int x = 0; x < cams.width(); x++) {
                    padded[channel][transition.position(y, x)] = cams.get(channel, y, x);
                }
            }
        }
        return padded;
    }

    private static ChannelStack unpad(double[][] padded, TransitionStencil transition, int channels) {
        ChannelStack result = ChannelStack.zeros(channels, transition.height(), transition.width());
        for (int channel = 0; channel < channels; channel++) {
            for (int y = 0; y < transition.height(); y++) {
                for (int x = 0; x < transition.width(); x++) {
                    result.values()[result.index(channel, y, x)] = (float) padded[channel][transition.position(y, x)];
                }
            }
        }
        return result;
    }
}
