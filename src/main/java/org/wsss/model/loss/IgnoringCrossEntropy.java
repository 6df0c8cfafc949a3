package org.wsss.model.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Per-pixel softmax cross-entropy that skips pixels labelled {@link #IGNORE} (uncertain pseudo-labels, crop
 * padding): the mean of {@code -log softmax(x)_y} over the labelled pixels of the batch, as PyTorch's
 * {@code CrossEntropyLoss(ignore_index=255)}. A batch without a labelled pixel has loss 0 and no gradient.
 *
 * <p>Labels {@code (N, H, W)} hold class ids as floats (the training batch is float); logits are
 * {@code (N, classes, H, W)}. As a {@link SplittableLoss} it is one term counted in labelled pixels, so a part of a
 * batch weighs in by its share of the batch's labelled pixels, not of its images.
 */
public final class IgnoringCrossEntropy extends SplittableLoss {
    /** The label of a pixel that does not count. */
    public static final int IGNORE = 255;
    private static final int CLASS_AXIS = 1;

    public IgnoringCrossEntropy() {
        super("IgnoringCrossEntropy");
    }

    @Override
    public double[] termCounts(NDList labels) {
        return new double[] {labels.singletonOrThrow().neq(IGNORE).toType(DataType.FLOAT32, false).sum().getFloat()};
    }

    @Override
    public NDArray partLoss(NDList labels, NDList predictions, double[] batchCounts) {
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
        return picked.mul(weights).sum().neg().div((float) Math.max(1, batchCounts[0]));
    }
}
