package org.wsss.model.seg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.wsss.model.backbone.BackboneKind;
import org.wsss.model.loss.IgnoringCrossEntropy;
import org.wsss.model.nn.HostTensor;

class SegNetTest {

    @Test
    void logitsHaveTheInputSizeAtOddSizes() {
        try (SegModel model = SegModel.create(BackboneKind.SMALL, 38, 1L, Device.cpu())) {
            for (int[] size : new int[][] {{37, 53}, {1, 1}, {17, 9}, {64, 64}}) {
                HostTensor logits = model.logits(randomImages(2, size[0], size[1], 7));
                assertArrayEquals(new long[] {2, 38, size[0], size[1]}, logits.shape());
                for (float v : logits.values()) assertTrue(Float.isFinite(v));
            }
            byte[] labels = model.labels(randomImages(1, 29, 41, 3));
            assertEquals(29 * 41, labels.length);
            for (byte label : labels) assertTrue(Byte.toUnsignedInt(label) < 38);
        }
    }

    @Test
    void aPredictionKeepsTheSoftmaxPlanesOfTheClassesThatWinSomewhere() {
        try (SegModel model = SegModel.create(BackboneKind.SMALL, 5, 3L, Device.cpu())) {
            HostTensor image = randomImages(1, 13, 19, 5);
            int pixels = 13 * 19;
            float[] logits = model.logits(image).values();
            SegModel.Prediction prediction = model.predict(image, true);
            assertArrayEquals(model.labels(image), prediction.labels());
            int[] classes = prediction.classes();
            assertEquals(0, classes[0], "background always comes first");
            for (byte label : prediction.labels()) {
                assertTrue(java.util.Arrays.binarySearch(classes, Byte.toUnsignedInt(label)) >= 0, "winner " + label);
            }
            assertEquals(classes.length * pixels, prediction.probabilities().length);
            for (int p = 0; p < pixels; p++) {
                double sum = 0;
                for (int c = 0; c < 5; c++) sum += Math.exp(logits[c * pixels + p]);
                for (int k = 0; k < classes.length; k++) {
                    double softmax = Math.exp(logits[classes[k] * pixels + p]) / sum;
                    assertEquals(softmax, prediction.probabilities()[k * pixels + p], 1e-5, "pixel " + p);
                }
            }
            assertEquals(null, model.predict(image, false).probabilities(), "no scores unless asked");
        }
    }

    @Test
    void upsamplingIsBilinearAndKeepsAConstantMap() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            NDArray constant = manager.full(new Shape(1, 2, 3, 5), 0.75f);
            NDArray up = SegNet.upsample(constant, 23, 37);
            assertEquals(new Shape(1, 2, 23, 37), up.getShape());
            for (float v : up.toFloatArray()) assertEquals(0.75f, v, 1e-6f);
            NDArray ramp = manager.create(new float[] {0f, 1f}, new Shape(1, 1, 1, 2));
            float[] values = SegNet.upsample(ramp, 1, 4).toFloatArray();
            assertArrayEquals(new float[] {0f, 0.25f, 0.75f, 1f}, values, 1e-6f, "half-pixel centres, no corners");
        }
    }

    @Test
    void aBinaryNetworkHasTwoOutputs() {
        try (SegModel binary = SegModel.create(BackboneKind.SMALL, 2, 1L, Device.cpu())) {
            assertArrayEquals(new long[] {1, 2, 15, 21}, binary.logits(randomImages(1, 15, 21, 1)).shape());
        }
    }

    @Test
    void lossIsTheMeanCrossEntropyOfTheLabelledPixelsOnly() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            // One image, three classes, a 1 x 3 grid; the last pixel is ignored.
            float[] logits = {1f, 0f, 5f, 0f, 2f, -5f, 0f, 0f, 9f};
            NDArray x = manager.create(logits, new Shape(1, 3, 1, 3));
            NDArray labels = manager.create(new float[] {0f, 1f, 255f}, new Shape(1, 1, 3));
            float loss = new IgnoringCrossEntropy().evaluate(new NDList(labels), new NDList(x)).getFloat();
            double pixel0 = -Math.log(Math.exp(1) / (Math.exp(1) + Math.exp(0) + Math.exp(0)));
            double pixel1 = -Math.log(Math.exp(2) / (Math.exp(0) + Math.exp(2) + Math.exp(0)));
            assertEquals((pixel0 + pixel1) / 2, loss, 1e-5);
            assertTrue(loss > 0);
        }
    }

    @Test
    void theIgnoredPixelGetsNoGradientAndDoesNotMoveTheLoss() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            NDArray x = manager.create(new float[] {1f, 0f, 5f, 0f, 2f, -5f, 0f, 0f, 9f}, new Shape(1, 3, 1, 3));
            x.setRequiresGradient(true);
            NDArray labels = manager.create(new float[] {2f, 1f, 255f}, new Shape(1, 1, 3));
            try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
                collector.backward(new IgnoringCrossEntropy().evaluate(new NDList(labels), new NDList(x)));
            }
            float[] gradient = x.getGradient().toFloatArray();
            for (int c = 0; c < 3; c++) assertEquals(0f, gradient[c * 3 + 2], 0f, "class " + c + " at the ignored pixel");
            assertTrue(Math.abs(gradient[0]) > 1e-3, "a labelled pixel has a gradient");

            NDArray changed = manager.create(new float[] {1f, 0f, -50f, 0f, 2f, 50f, 0f, 0f, 0f}, new Shape(1, 3, 1, 3));
            assertEquals(new IgnoringCrossEntropy().evaluate(new NDList(labels), new NDList(x)).getFloat(),
                    new IgnoringCrossEntropy().evaluate(new NDList(labels), new NDList(changed)).getFloat(), 1e-6f);
        }
    }

    @Test
    void aBatchWithNothingLabelledHasZeroLoss() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            NDArray x = manager.randomNormal(new Shape(2, 4, 3, 3));
            NDArray labels = manager.full(new Shape(2, 3, 3), 255f);
            assertEquals(0f, new IgnoringCrossEntropy().evaluate(new NDList(labels), new NDList(x)).getFloat(), 0f);
        }
    }

    @Test
    void partsOfABatchAddUpToTheWholeBatchsLoss() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            NDArray x = manager.randomNormal(new Shape(2, 3, 2, 2));
            // Image 0 has one labelled pixel, image 1 has four: a mean of the parts' own means would be wrong.
            NDArray labels = manager.create(new float[] {1, 255, 255, 255, 0, 2, 1, 0}, new Shape(2, 2, 2));
            IgnoringCrossEntropy loss = new IgnoringCrossEntropy();
            float whole = loss.evaluate(new NDList(labels), new NDList(x)).getFloat();
            double[] counts = loss.termCounts(new NDList(labels));
            assertEquals(5.0, counts[0]);
            float parts = 0;
            for (int i = 0; i < 2; i++) {
                parts += loss.partLoss(new NDList(labels.get(i + ":" + (i + 1))), new NDList(x.get(i + ":" + (i + 1))),
                        counts).getFloat();
            }
            assertEquals(whole, parts, 1e-5f);
        }
    }

    private static HostTensor randomImages(int n, int height, int width, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[n * 3 * height * width];
        for (int i = 0; i < values.length; i++) values[i] = (float) random.nextGaussian();
        return new HostTensor(new long[] {n, 3, height, width}, values);
    }
}
