package org.wsss.algo.crf;

import org.wsss.algo.parallel.RangeExecutor;
/**
 * Mean-field inference on pixel-interleaved arrays ({@code values[p * labels + label]}): Q starts as the softmax
 * of -unary; each iteration filters Q with every kernel and sets Q = softmax(-unary - sum of kernel messages).
 * The per-pixel work of an iteration (messages, softmax, normalising Q for the next filtering) runs as short
 * passes over blocks of pixels.
 */
final class MeanField {

    /** Pixels per pass of the update, small enough for the passes to find the block in L1. */
    private static final int BLOCK = 512;

    private final float[] negUnary;
    private final PottsKernel[] kernels;
    private final int labels;
    private final int pixels;

    MeanField(float[] negUnary, PottsKernel[] kernels, int labels) {
        this.negUnary = negUnary;
        this.kernels = kernels;
        this.labels = labels;
        this.pixels = negUnary.length / labels;
    }

    /** Runs {@code iterations} updates; returns Q, pixel-interleaved. */
    float[] run(int iterations, RangeExecutor executor) {
        float[] q = new float[negUnary.length];
        executor.forRange(pixels, (from, to) -> initialise(q, iterations > 0, from, to));
        for (int iteration = 0; iteration < iterations; iteration++) {
            for (PottsKernel kernel : kernels) {
                kernel.filterInput(executor);
            }
            boolean another = iteration + 1 < iterations;
            executor.forRange(pixels, (from, to) -> update(q, another, from, to));
        }
        return q;
    }

    private void initialise(float[] q, boolean prepareFiltering, int from, int to) {
        System.arraycopy(negUnary, from * labels, q, from * labels, (to - from) * labels);
        for (int p = from; p < to; p++) {
            softmaxInPlace(q, p * labels, labels);
        }
        if (prepareFiltering) {
            for (PottsKernel kernel : kernels) {
                normalise(kernel, q, from, to);
            }
        }
    }

    private void update(float[] q, boolean prepareFiltering, int from, int to) {
        for (int blockFrom = from; blockFrom < to; blockFrom += BLOCK) {
            int blockTo = Math.min(to, blockFrom + BLOCK);
            int first = blockFrom * labels;
            int end = blockTo * labels;
            System.arraycopy(negUnary, first, q, first, end - first);
            // Kernel by kernel, so the float rounding follows the reference (tmp = -unary; tmp -= message_k).
            for (PottsKernel kernel : kernels) {
                subtractMessage(kernel, q, blockFrom, blockTo);
            }
            for (int p = blockFrom; p < blockTo; p++) {
                softmaxInPlace(q, p * labels, labels);
            }
            if (prepareFiltering) {
                for (PottsKernel kernel : kernels) {
                    normalise(kernel, q, blockFrom, blockTo);
                }
            }
        }
    }

    private void subtractMessage(PottsKernel kernel, float[] q, int from, int to) {
        float negCompat = kernel.negatedCompat();
        float[] filtered = kernel.filtered;
        float[] norm = kernel.normalisation;
        for (int p = from; p < to; p++) {
            float n = norm[p];
            for (int at = p * labels, end = at + labels; at < end; at++) {
                q[at] -= negCompat * (filtered[at] * n);
            }
        }
    }

    private void normalise(PottsKernel kernel, float[] q, int from, int to) {
        float[] input = kernel.input;
        float[] norm = kernel.normalisation;
        for (int p = from; p < to; p++) {
            float n = norm[p];
            for (int at = p * labels, end = at + labels; at < end; at++) {
                input[at] = q[at] * n;
            }
        }
    }

    /** Softmax of {@code values[base .. base+count-1]} in place; the maximum is subtracted first. */
    static void softmaxInPlace(float[] values, int base, int count) {
        int end = base + count;
        int argmax = base;
        for (int at = base + 1; at < end; at++) {
            if (values[at] > values[argmax]) {
                argmax = at;
            }
        }
        float max = values[argmax];
        float sum = 0;
        for (int at = base; at < end; at++) {
            // exp(0) is exactly 1: skipping it saves a third of the exponentials with three labels.
            float e = at == argmax ? 1f : (float) Math.exp(values[at] - max);
            values[at] = e;
            sum += e;
        }
        for (int at = base; at < end; at++) {
            values[at] /= sum;
        }
    }

    static float[] toChannelFirst(float[] interleaved, int labels, int pixels, RangeExecutor executor) {
        float[] out = new float[interleaved.length];
        executor.forRange(pixels, (from, to) -> {
            for (int p = from; p < to; p++) {
                for (int label = 0; label < labels; label++) {
                    out[label * pixels + p] = interleaved[p * labels + label];
                }
            }
        });
        return out;
    }
}
