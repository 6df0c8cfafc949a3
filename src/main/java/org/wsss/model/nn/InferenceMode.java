package org.wsss.model.nn;

import ai.djl.pytorch.jni.JniUtils;
import java.util.function.Supplier;

/**
 * Runs inference with libtorch's grad mode off on the calling thread, so a forward pass records no autograd graph.
 *
 * <p>The grad mode is per thread and on by default; DJL switches it off only on the thread that loaded the engine,
 * so on a Spark task thread or a loader thread every forward would otherwise keep its graph, and with it every
 * intermediate activation, until its arrays are closed. The previous mode is restored afterwards, so a training
 * thread that evaluates between steps goes on recording.
 */
public final class InferenceMode {
    private InferenceMode() {}

    /** {@code work}'s result, computed with grad mode off on this thread. */
    public static <T> T run(Supplier<T> work) {
        boolean before = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            return work.get();
        } finally {
            JniUtils.setGradMode(before);
        }
    }

    /** Whether a forward on this thread would record an autograd graph. */
    public static boolean recordsGraph() {
        return JniUtils.isGradMode();
    }
}
