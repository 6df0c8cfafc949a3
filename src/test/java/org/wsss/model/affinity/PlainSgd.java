package org.wsss.model.affinity;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;

/**
 * Minimal gradient descent for tests: one training-mode forward pass, backward, {@code w -= lr * g} on every
 * trainable parameter, gradients reset. Keeps the tests independent of the project's training loop.
 */
final class PlainSgd {

    private final Block block;
    private final Loss loss;
    private final float learningRate;

    PlainSgd(Block block, Loss loss, float learningRate) {
        this.block = block;
        this.loss = loss;
        this.learningRate = learningRate;
    }

    /**
     * One step on a batch whose arrays belong to {@code batchManager} (intermediates attach there too).
     *
     * @return the loss before the step
     */
    float step(NDManager batchManager, NDArray images, NDList labels) {
        float value;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDList output = block.forward(new ParameterStore(batchManager, false), new NDList(images), true);
            NDArray lossValue = loss.evaluate(labels, output);
            collector.backward(lossValue);
            value = lossValue.getFloat();
        }
        // Updated outside the collector: in-place changes to leaves must not be recorded by autograd.
        for (Parameter parameter : block.getParameters().values()) {
            if (parameter.requiresGradient()) {
                NDArray weight = parameter.getArray();
                try (NDArray gradient = weight.getGradient()) {
                    weight.subi(gradient.mul(learningRate));
                    gradient.subi(gradient);
                }
            }
        }
        return value;
    }
}
