package org.wsss.model.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;

/**
 * PyTorch's {@code MultiLabelSoftMarginLoss}: for logits x and multi-hot targets y,
 * {@code mean over batch and classes of -[y log sigmoid(x) + (1 - y) log sigmoid(-x)]}.
 *
 * <p>Computed as {@code softplus(x) - y x} with {@code softplus(x) = max(x, 0) + log(1 + exp(-|x|))}, which never
 * exponentiates a positive number, so large logits neither overflow nor lose the loss to rounding.
 *
 * <p>As a {@link SplittableLoss} it is one term whose count is the number of (sample, class) elements, so a part of
 * a batch weighs in by its share of the batch.
 */
public final class MultiLabelSoftMarginLoss extends SplittableLoss {

    public MultiLabelSoftMarginLoss() {
        super("MultiLabelSoftMarginLoss");
    }

    @Override
    public double[] termCounts(NDList labels) {
        return new double[] {labels.singletonOrThrow().size()};
    }

    @Override
    public NDArray partLoss(NDList labels, NDList predictions, double[] batchCounts) {
        NDArray logits = predictions.singletonOrThrow();
        NDArray targets = labels.singletonOrThrow();
        if (!logits.getShape().equals(targets.getShape())) {
            throw new IllegalArgumentException(
                    "logits " + logits.getShape() + " and targets " + targets.getShape() + " differ in shape");
        }
        NDArray softplus = Activation.relu(logits).add(logits.abs().neg().exp().add(1f).log());
        return softplus.sub(targets.mul(logits)).sum().div((float) batchCounts[0]);
    }
}
