package org.wsss.algo.walk;

import java.util.Arrays;
import org.wsss.algo.affinity.PairOffsets.SourceWindow;
import org.wsss.algo.affinity.PairOffsets;
import org.wsss.algo.maps.ChannelStack;
import org.wsss.algo.parallel.RangeExecutor;

/**
 * The transition matrix T of the random walk, stored per node instead of N x N.
 *
 * <p>A pair (i, i + step_o) exists when i is in the source window. Its weight {@code A^beta} is kept
 * once, at the source: {@code pairWeight[o][i]}. A is symmetric, so node j's column of T holds its own
 * weight 1, {@code pairWeight[o][j]} for the pair it starts and {@code pairWeight[o][j - step_o]} for the
 * pair that ends at j, all divided by j's degree (the column sum). That is 69 entries per node for
 * radius 5 read from 35 arrays.
 *
 * <p>Arrays are laid out on a padded grid: {@code reach} spare columns after each row (they double as the
 * spare columns before the next row) and {@code reach} spare rows above and below. Every neighbour of a
 * node then has a valid index, the spare cells hold zero weight and zero score, and one step is a few
 * long branch-free loops the JIT can vectorise.
 */
final class TransitionStencil {

    /** Channels summed in float before folding into the double total: keeps float speed, bounds rounding. */
    private static final int CHANNEL_BLOCK = 32;
    /** Positions per cache-sized chunk of a step. */
    private static final int CHUNK = 2048;

    private final int height;
    private final int width;
    private final int paddedWidth;
    private final int firstNode;
    private final int length;
    private final int[] paddedSteps;
    private final double[][] pairWeights;
    private final double[] inverseDegrees;

    private TransitionStencil(int height, int width, PairOffsets offsets) {
        int reach = offsets.reach();
        this.height = height;
        this.width = width;
        this.paddedWidth = width + reach;
        this.firstNode = reach * paddedWidth + reach;
        this.length = (height + 2 * reach) * paddedWidth + 2 * reach;
        this.paddedSteps = new int[offsets.count()];
        for (int offset = 0; offset < offsets.count(); offset++) {
            paddedSteps[offset] = offsets.flatStep(offset, paddedWidth);
        }
        this.pairWeights = new double[offsets.count()][length];
        this.inverseDegrees = new double[length];
    }

    /** Builds T for {@code features} (C x H x W, C >= 1). */
    static TransitionStencil build(ChannelStack features, PairOffsets offsets, double beta, RangeExecutor parallel) {
        if (features.channels() < 1) {
            throw new IllegalArgumentException("features need at least one channel");
        }
        TransitionStencil stencil = new TransitionStencil(features.height(), features.width(), offsets);
        SourceWindow window = offsets.sourceWindow(features.height(), features.width());
        parallel.forRange(0, window.rows(),
                (fromRow, toRow) -> stencil.fillPairWeights(features, offsets, window, beta, fromRow, toRow));
        parallel.forRange(stencil.firstNode, stencil.endNode(), stencil::fillInverseDegrees);
        return stencil;
    }

    int height() {
        return height;
    }

    int width() {
        return width;
    }

    /** Length of a padded score array. */
    int length() {
        return length;
    }

    /** Padded position of node (y, x). */
    int position(int y, int x) {
        return firstNode + y * paddedWidth + x;
    }

    /** One past the padded position of the last node. */
    int endNode() {
        return position(height - 1, width - 1) + 1;
    }

    /**
     * One step {@code out = in x T} on positions {@code [from, to)} for every score row; positions outside
     * the image come out zero.
     */
    void step(double[][] in, double[][] out, int from, int to) {
        for (int chunkFrom = from; chunkFrom < to; chunkFrom += CHUNK) {
            int chunkTo = Math.min(to, chunkFrom + CHUNK);
            for (int row = 0; row < in.length; row++) {
                stepChunk(in[row], out[row], chunkFrom, chunkTo);
            }
        }
    }

    private void stepChunk(double[] in, double[] out, int from, int to) {
        System.arraycopy(in, from, out, from, to - from);
        for (int offset = 0; offset < paddedSteps.length; offset++) {
            int step = paddedSteps[offset];
            double[] weights = pairWeights[offset];
            for (int p = from; p < to; p++) {
                out[p] += weights[p] * in[p + step] + weights[p - step] * in[p - step];
            }
        }
        for (int p = from; p < to; p++) {
            out[p] *= inverseDegrees[p];
        }
    }

    /** Mean absolute feature difference of every pair starting in window rows {@code [fromRow, toRow)}. */
    private void fillPairWeights(ChannelStack features, PairOffsets offsets, SourceWindow window, double beta,
            int fromRow, int toRow) {
        int columns = window.columns();
        int pixels = features.pixels();
        int channels = features.channels();
        float[] values = features.values();
        int[] imageSteps = new int[offsets.count()];
        for (int offset = 0; offset < offsets.count(); offset++) {
            imageSteps[offset] = offsets.flatStep(offset, width);
        }
        float[][] blockSums = new float[offsets.count()][columns];
        double[][] totals = new double[offsets.count()][columns];
        for (int row = fromRow; row < toRow; row++) {
            for (double[] total : totals) {
                Arrays.fill(total, 0.0);
            }
            for (int channel = 0; channel < channels; channel++) {
                int source = channel * pixels + row * width + window.firstColumn();
                for (int offset = 0; offset < imageSteps.length; offset++) {
                    float[] sums = blockSums[offset];
                    int target = source + imageSteps[offset];
                    for (int x = 0; x < columns; x++) {
                        sums[x] += Math.abs(values[source + x] - values[target + x]);
                    }
                }
                if ((channel + 1) % CHANNEL_BLOCK == 0 || channel == channels - 1) {
                    for (int offset = 0; offset < imageSteps.length; offset++) {
                        float[] sums = blockSums[offset];
                        double[] total = totals[offset];
                        for (int x = 0; x < columns; x++) {
                            total[x] += sums[x];
                            sums[x] = 0f;
                        }
                    }
                }
            }
            int rowStart = position(row, window.firstColumn());
            for (int offset = 0; offset < imageSteps.length; offset++) {
                double[] total = totals[offset];
                double[] weights = pairWeights[offset];
                for (int x = 0; x < columns; x++) {
                    // a^beta with a = exp(-mean |f_i - f_j|), taken in one exp.
                    weights[rowStart + x] = Math.exp(-beta * total[x] / channels);
                }
            }
        }
    }

    private void fillInverseDegrees(int from, int to) {
        for (int p = from; p < to; p++) {
            int column = (p - firstNode) % paddedWidth;
            if (column >= width) {
                continue;
            }
            double degree = 1.0;
            for (int offset = 0; offset < paddedSteps.length; offset++) {
                degree += pairWeights[offset][p] + pairWeights[offset][p - paddedSteps[offset]];
            }
            inverseDegrees[p] = 1.0 / degree;
        }
    }
}
