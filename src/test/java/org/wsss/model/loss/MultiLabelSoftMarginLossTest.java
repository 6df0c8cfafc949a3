package org.wsss.model.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class MultiLabelSoftMarginLossTest {

    private final MultiLabelSoftMarginLoss loss = new MultiLabelSoftMarginLoss();

    private float evaluate(NDManager manager, float[] logits, float[] targets, Shape shape) {
        return loss.evaluate(new NDList(manager.create(targets, shape)), new NDList(manager.create(logits, shape)))
                .getFloat();
    }

    @Test
    void equalsTheHandComputedValue() {
        try (NDManager manager = NDManager.newBaseManager()) {
            float value = evaluate(manager, new float[] {0f, 2f, -1f, 3f}, new float[] {1f, 0f, 0f, 1f}, new Shape(2, 2));
            double expected = (Math.log(2) + Math.log1p(Math.exp(2)) + Math.log1p(Math.exp(-1)) + Math.log1p(Math.exp(-3))) / 4;
            assertEquals(expected, value, 1e-6);
        }
    }

    @Test
    void isPositiveAndStableForLargeLogits() {
        try (NDManager manager = NDManager.newBaseManager()) {
            float random = loss.evaluate(new NDList(manager.randomInteger(0, 2, new Shape(4, 5), DataType.FLOAT32)),
                    new NDList(manager.randomNormal(new Shape(4, 5)))).getFloat();
            assertTrue(random > 0f);
            float confidentRight = evaluate(manager, new float[] {100f, -100f}, new float[] {1f, 0f}, new Shape(1, 2));
            float confidentWrong = evaluate(manager, new float[] {100f, -100f}, new float[] {0f, 1f}, new Shape(1, 2));
            assertTrue(confidentRight >= 0f && confidentRight < 1e-6f, "right: " + confidentRight);
            assertEquals(100f, confidentWrong, 1e-4f);
        }
    }

    @Test
    void decreasesUnderAGradientStep() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray targets = manager.create(new float[] {1f, 0f, 0f, 1f, 1f, 0f}, new Shape(2, 3));
            NDArray logits = manager.create(new float[] {-0.5f, 0.3f, 1.2f, -2f, 0.1f, 0.4f}, new Shape(2, 3));
            logits.setRequiresGradient(true);
            float before;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray value = loss.evaluate(new NDList(targets), new NDList(logits));
                before = value.getFloat();
                collector.backward(value);
            }
            NDArray stepped = logits.sub(logits.getGradient().mul(1f));
            float after = loss.evaluate(new NDList(targets), new NDList(stepped)).getFloat();
            assertTrue(after < before, before + " -> " + after);
        }
    }

    @Test
    void rejectsMismatchedShapes() {
        try (NDManager manager = NDManager.newBaseManager()) {
            assertThrows(IllegalArgumentException.class, () -> loss.evaluate(
                    new NDList(manager.zeros(new Shape(2, 3))), new NDList(manager.zeros(new Shape(2, 4)))));
        }
    }
}
