package org.wsss.model.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wsss.model.affinity.AffinityLoss;

/**
 * The loss of a batch assembled from parts (one per device or micro-batch) equals the whole batch's loss, in value
 * and in gradient, for both training losses; for the affinity loss, whose parts have different pair counts, the
 * share-weighted mean of the parts' own losses (the old device split) does not.
 */
class BatchPartsTest {
    private static final float TOLERANCE = 1e-5f;
    /** A batch of 5 split 3 + 2, as two devices share it. */
    private static final int[] PART_SIZES = {3, 2};

    @Test
    void affinityPartsAddUpToTheBatchWithDifferentPairCountsPerPart() {
        // Seeded: with unseeded draws the old split's error was once only 4e-4, under the margin this test needs.
        Engine.getInstance().setRandomSeed(13);
        try (NDManager manager = NDManager.newBaseManager()) {
            // (N, offsets, sources) affinities in (0, 1) and three disjoint 0/1 planes whose densities differ by row.
            NDArray affinities = manager.randomUniform(0.05f, 0.95f, new Shape(5, 6, 10));
            NDArray kind = manager.randomUniform(0f, 1f, new Shape(5, 6, 10));
            NDArray rowBias = manager.create(new float[] {0.0f, 0.1f, 0.5f, 0.7f, 0.9f}).reshape(5, 1, 1);
            NDArray shifted = kind.add(rowBias).mod(1f);
            NDList labels = new NDList(shifted.lt(0.6f).toType(ai.djl.ndarray.types.DataType.FLOAT32, false),
                    shifted.gte(0.6f).logicalAnd(shifted.lt(0.7f)).toType(ai.djl.ndarray.types.DataType.FLOAT32, false),
                    shifted.gte(0.7f).toType(ai.djl.ndarray.types.DataType.FLOAT32, false));
            AffinityLoss loss = new AffinityLoss();
            Combined combined = combine(loss, labels, affinities);
            assertEquals(combined.whole, combined.sumOfParts, TOLERANCE);
            assertArrayEquals(combined.wholeGradient, combined.partsGradient, TOLERANCE);
            double[] first = loss.termCounts(rows(labels, 0, 3));
            double[] second = loss.termCounts(rows(labels, 3, 5));
            assertTrue(first[0] / second[0] != first[2] / second[2], "parts must differ in their mix of pair kinds");
            assertTrue(Math.abs(combined.whole - combined.meanOfPartMeans) > 100 * TOLERANCE,
                    "a share-weighted mean of the parts' own losses should have been wrong here: "
                            + combined.whole + " vs " + combined.meanOfPartMeans);
        }
    }

    @Test
    void classificationPartsAddUpToTheBatchMean() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = manager.randomNormal(new Shape(5, 4)).mul(3f);
            NDList targets = new NDList(manager.randomUniform(0f, 1f, new Shape(5, 4)).gt(0.6f)
                    .toType(ai.djl.ndarray.types.DataType.FLOAT32, false));
            Combined combined = combine(new MultiLabelSoftMarginLoss(), targets, logits);
            assertEquals(combined.whole, combined.sumOfParts, TOLERANCE);
            assertArrayEquals(combined.wholeGradient, combined.partsGradient, TOLERANCE);
            // For a plain mean the share weighting was already right.
            assertEquals(combined.whole, combined.meanOfPartMeans, TOLERANCE);
        }
    }

    private record Combined(float whole, float sumOfParts, float meanOfPartMeans, float[] wholeGradient,
                            float[] partsGradient) {}

    private static Combined combine(SplittableLoss loss, NDList labels, NDArray predictions) {
        long size = predictions.getShape().get(0);
        NDArray wholeInput = predictions.duplicate();
        wholeInput.setRequiresGradient(true);
        float whole;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray value = loss.evaluate(labels, new NDList(wholeInput));
            collector.backward(value);
            whole = value.getFloat();
        }
        List<NDList> partLabels = new ArrayList<>();
        List<NDArray> partInputs = new ArrayList<>();
        int from = 0;
        for (int partSize : PART_SIZES) {
            partLabels.add(rows(labels, from, from + partSize));
            NDArray input = predictions.get(new NDIndex(from + ":" + (from + partSize))).duplicate();
            input.setRequiresGradient(true);
            partInputs.add(input);
            from += partSize;
        }
        double[] batchCounts = BatchParts.batchCounts(loss, partLabels);
        assertArrayEquals(loss.termCounts(labels), batchCounts, 1e-3);
        float sumOfParts = 0f;
        float meanOfPartMeans = 0f;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            for (int part = 0; part < PART_SIZES.length; part++) {
                NDArray value = loss.partLoss(partLabels.get(part), new NDList(partInputs.get(part)), batchCounts);
                collector.backward(value);
                sumOfParts += value.getFloat();
                meanOfPartMeans += loss.evaluate(partLabels.get(part), new NDList(partInputs.get(part))).getFloat()
                        * PART_SIZES[part] / size;
            }
        }
        NDArray partsGradient = partInputs.get(0).getGradient().concat(partInputs.get(1).getGradient(), 0);
        return new Combined(whole, sumOfParts, meanOfPartMeans, wholeInput.getGradient().toFloatArray(),
                partsGradient.toFloatArray());
    }

    private static NDList rows(NDList arrays, int from, int to) {
        NDList rows = new NDList();
        for (NDArray array : arrays) rows.add(array.get(new NDIndex(from + ":" + to)));
        return rows;
    }
}
