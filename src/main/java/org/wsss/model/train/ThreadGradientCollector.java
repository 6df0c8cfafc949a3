package org.wsss.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;

/**
 * Records and back-propagates gradients for the calling thread only.
 *
 * <p>DJL's PyTorch collector refuses to open while another is open anywhere in the JVM (a static flag), so two
 * Spark tasks cannot train side by side in one executor JVM ({@code local[N]}, or several CPU task slots per
 * executor): the second fails with "A PtGradientCollector is already collecting". In libtorch the grad mode is per
 * thread and backward passes over separate graphs may run concurrently, so this collector switches the grad mode
 * of its own thread and back-propagates through the same native call as DJL's, without the JVM-wide flag.
 */
final class ThreadGradientCollector implements GradientCollector {
    private final boolean gradModeBefore;

    ThreadGradientCollector() {
        gradModeBefore = JniUtils.isGradMode();
        JniUtils.setGradMode(true);
    }

    /** Accumulates d(target)/d(parameter) into each parameter's gradient, as DJL's collector does. */
    @Override
    public void backward(NDArray target) {
        try (NDArray seed = target.onesLike()) {
            JniUtils.backward((PtNDArray) target, (PtNDArray) seed, false, false);
        }
    }

    /**
     * Not offered: DJL's version clears the gradient of every array in the JVM, which would wipe the gradients of
     * tasks training beside this one; the training loop never asks for it.
     */
    @Override
    public void zeroGradients() {
        throw new UnsupportedOperationException("zeroing every gradient in the JVM would disturb other tasks");
    }

    @Override
    public void close() {
        JniUtils.setGradMode(gradModeBefore);
    }
}
