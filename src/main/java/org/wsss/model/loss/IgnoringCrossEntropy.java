package org.wsss.model.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;

/**
 * Per-pixel softmax cross-entropy that skips pixels labelled {@link #IGNORE} (uncertain pseudo-labels, crop
 * padding): the mean of {@code -log softmax(x)_y} over the labelled pixels of the batch, as PyTorch's
 * {@code CrossEntropyLoss(ignore_index=255)}. A batch without a labelled pixel has loss 0 and no gradient.
 *
 * <p>Labels {@code (N, H, W)} hold class ids as floats (the training batch is float); logits are
 * {@code (N, classes, H, W)}.
 */
public final class IgnoringCrossEntropy extends Loss {
    /** The label of a pixel that does not count. */
    public static final int IGNORE = 255;
    private static final int CLASS_AXIS = 1;

    public IgnoringCrossEntropy() {
        super("IgnoringCrossEntropy");
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray logits = predictions.singletonOrThrow();
        NDArray target = labels.singletonOrThrow();
        Shape shape = logits.getShape();
        long classes = shape.get(CLASS_AXIS);
        if (shape.dimension() != 4 || !target.getShape().equals(
                new Shape(shape.get(0), shape.get(2), shape.get(3)))) {
            throw new IllegalArgumentException("logits " + shape + " need labels (N, H, W) of the same N, H, W, got "
                    + target.getShape());
        }
        NDArray counted = target.neq(IGNORE);
        NDArray ids = target.mul(counted.toType(DataType.FLOAT32, false)).toType(DataType.INT64, false);
        NDArray outOfRange = ids.gte(classes).logicalOr(ids.lt(0));
        if (outOfRange.any().getBoolean()) {
            throw new IllegalArgumentException("a label is outside 0.." + (classes - 1) + " and is not " + IGNORE);
        }
        NDArray logProbabilities = logits.logSoftmax(CLASS_AXIS);
        NDArray picked = logProbabilities.mul(ids.oneHot((int) classes).transpose(0, 3, 1, 2))
                .sum(new int[] {CLASS_AXIS});
        NDArray weights = counted.toType(DataType.FLOAT32, false);
        NDArray pixels = weights.sum().maximum(1f);
        return picked.mul(weights).sum().neg().div(pixels);
    }
}
