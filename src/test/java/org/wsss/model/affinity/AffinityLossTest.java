package org.wsss.model.affinity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.wsss.algo.affinity.PairLabels;
import org.wsss.algo.affinity.PairOffsets;
import org.wsss.algo.maps.LabelMap;
import org.wsss.model.backbone.BackboneKind;

class AffinityLossTest {

    private static final PairOffsets RADIUS_5 = PairOffsets.ofRadius(PairOffsets.DEFAULT_RADIUS);
    private static final Shape TINY = new Shape(2, 1, 3);
    /** float32 logarithms against double ones. */
    private static final double FLOAT_TOLERANCE = 1e-5;

    @Test
    void matchesAHandComputation() {
        // two images, one offset, three sources: bg pairs 0.9, 0.8; fg pair 0.6; neg pairs 0.3, 0.1; one unlabelled
        float[] affinities = {0.9f, 0.6f, 0.3f, 0.8f, 0.1f, 0.5f};
        float[] background = {1, 0, 0, 1, 0, 0};
        float[] foreground = {0, 1, 0, 0, 0, 0};
        float[] negative = {0, 0, 1, 0, 1, 0};
        double bg = (-Math.log(0.9 + 1e-5) - Math.log(0.8 + 1e-5)) / (2 + 1e-5); // 0.16424
        double fg = -Math.log(0.6 + 1e-5) / (1 + 1e-5); // 0.51080
        double neg = (-Math.log(1 + 1e-5 - 0.3) - Math.log(1 + 1e-5 - 0.1)) / (2 + 1e-5); // 0.23100
        double expected = bg / 4 + fg / 4 + neg / 2; // 0.28426
        assertEquals(0.28426, expected, 1e-5);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList labels = new NDList(
                    manager.create(background, TINY), manager.create(foreground, TINY), manager.create(negative, TINY));
            NDArray predictions = manager.create(affinities, TINY);
            AffinityLoss loss = new AffinityLoss();
            assertEquals(expected, loss.evaluate(labels, new NDList(predictions)).getFloat(), FLOAT_TOLERANCE);
            AffinityLoss.Terms terms = loss.terms(labels, predictions);
            assertEquals(bg, terms.background().getFloat(), FLOAT_TOLERANCE);
            assertEquals(fg, terms.foreground().getFloat(), FLOAT_TOLERANCE);
            assertEquals(neg, terms.negative().getFloat(), FLOAT_TOLERANCE);
        }
    }

    @Test
    void isPositiveForAnyAffinitiesAndLabels() {
        SplittableRandom random = new SplittableRandom(2L);
        Shape shape = new Shape(3, 34, 20);
        int size = (int) shape.size();
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int trial = 0; trial < 5; trial++) {
                float[] affinities = new float[size];
                float[][] planes = new float[3][size];
                for (int pair = 0; pair < size; pair++) {
                    affinities[pair] = (float) random.nextDouble(0.01, 0.99);
                    int kind = random.nextInt(4); // three kinds or unlabelled
                    if (kind < 3) {
                        planes[kind][pair] = 1f;
                    }
                }
                float loss = new AffinityLoss().evaluate(labelList(manager, planes, shape),
                        new NDList(manager.create(affinities, shape))).getFloat();
                assertTrue(loss > 0 && Float.isFinite(loss), "loss " + loss);
            }
        }
    }

    @Test
    void kindsWithoutPairsContributeZeroNotNaN() {
        float[] affinities = {1f, 0f, 0.5f, 1f, 0f, 0.5f};
        float[] none = new float[6];
        float[] background = {1, 0, 1, 0, 0, 0};
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray predictions = manager.create(affinities, TINY);
            AffinityLoss loss = new AffinityLoss();
            AffinityLoss.Terms terms = loss.terms(labelList(manager, new float[][] {background, none, none}, TINY),
                    predictions);
            assertEquals(0f, terms.foreground().getFloat());
            assertEquals(0f, terms.negative().getFloat());
            double bg = -Math.log(0.5 + 1e-5) / (2 + 1e-5);
            assertEquals(bg / 4, terms.total().getFloat(), FLOAT_TOLERANCE);

            float empty = loss.evaluate(labelList(manager, new float[][] {none, none, none}, TINY),
                    new NDList(predictions)).getFloat();
            assertEquals(0f, empty);

            NDArray noPairs = manager.zeros(new Shape(2, 34, 0));
            float noSources = loss.evaluate(new NDList(noPairs, noPairs, noPairs), new NDList(noPairs)).getFloat();
            assertEquals(0f, noSources);
        }
    }

    @Test
    void rejectsLabelsOfAnotherShape() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray predictions = manager.zeros(TINY);
            NDArray wrong = manager.zeros(new Shape(2, 3));
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () ->
                    new AffinityLoss().evaluate(new NDList(wrong, wrong, wrong), new NDList(predictions)));
            assertTrue(error.getMessage().contains("BACKGROUND_POSITIVE"), error.getMessage());
            assertThrows(IllegalArgumentException.class, () ->
                    new AffinityLoss().evaluate(new NDList(predictions, predictions), new NDList(predictions)));
        }
    }

    @Test
    void featureLossEqualsTheLossOfTheFeaturesPairAffinities() {
        SplittableRandom random = new SplittableRandom(4L);
        LabelMap labels = new TwoRegionImages(80, 8).draw(random).featureLabels();
        Shape shape = new Shape(1, 6, labels.height(), labels.width());
        float[] values = new float[(int) shape.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray features = manager.create(values, shape);
            NDList planes = PairLabelArrays.of(manager, List.of(PairLabels.of(labels, RADIUS_5)));
            float direct = new AffinityLoss().evaluate(planes, new NDList(PairAffinities.of(features, RADIUS_5)))
                    .getFloat();
            float viaFeatures = new FeatureAffinityLoss(RADIUS_5).evaluate(planes, new NDList(features)).getFloat();
            assertEquals(direct, viaFeatures);
        }
    }

    @Test
    void decreasesUnderAFewGradientStepsOfAffinityNet() {
        Engine.getInstance().setRandomSeed(5);
        int size = 96;
        TwoRegionImages.Sample sample = new TwoRegionImages(size, AffinityNet.OUTPUT_STRIDE)
                .draw(new SplittableRandom(6L));
        AffinityNet net = AffinityNet.builder().setKind(BackboneKind.SMALL).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            Shape input = new Shape(1, 3, size, size);
            net.initialize(manager, DataType.FLOAT32, input);
            PlainSgd sgd = new PlainSgd(net, new FeatureAffinityLoss(RADIUS_5), 0.1f);
            float[] losses = new float[6];
            for (int step = 0; step < losses.length; step++) {
                try (NDManager batch = manager.newSubManager()) {
                    NDList labels = PairLabelArrays.of(batch, List.of(PairLabels.of(sample.featureLabels(), RADIUS_5)));
                    losses[step] = sgd.step(batch, batch.create(sample.image().values(), input), labels);
                }
            }
            String trace = Arrays.toString(losses);
            assertTrue(losses[0] > 0, trace);
            assertTrue(losses[losses.length - 1] < 0.8f * losses[0], trace);

            // the same image in inference mode also scores better than the untrained network did in training mode
            try (NDManager scratch = manager.newSubManager()) {
                NDList labels = PairLabelArrays.of(scratch, List.of(PairLabels.of(sample.featureLabels(), RADIUS_5)));
                NDArray features = net.forward(new ParameterStore(scratch, false),
                        new NDList(scratch.create(sample.image().values(), input)), false).singletonOrThrow();
                float trained = new FeatureAffinityLoss(RADIUS_5).evaluate(labels, new NDList(features)).getFloat();
                assertTrue(trained < losses[0], trace + " then " + trained);
            }
        }
    }

    private static NDList labelList(NDManager manager, float[][] planes, Shape shape) {
        NDList list = new NDList();
        for (float[] plane : planes) {
            list.add(manager.create(plane, shape));
        }
        return list;
    }
}
