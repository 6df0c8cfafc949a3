package org.wsss.model.seg;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.wsss.model.backbone.BackboneKind;
import org.wsss.model.backbone.ResNetBackbone;
import org.wsss.model.loss.IgnoringCrossEntropy;
import org.wsss.model.nn.HostArrays;
import org.wsss.model.nn.HostTensor;
import org.wsss.model.train.BackboneModel;

/**
 * A {@link SegNet} in its DJL model, trained with {@link IgnoringCrossEntropy}. The initial weights are a pure
 * function of the seed (Kaiming fan-out trunk, Xavier head); callers copy stage-1 or ImageNet weights in by name.
 */
public final class SegModel extends BackboneModel<SegNet> {
    private static final String MODEL_NAME = "seg-net";
    /** Parameter shapes do not depend on the image size; a small probe is enough. */
    private static final int PROBE_SIDE = 64;
    private static final int CLASS_AXIS = 1;

    private SegModel(SegNet network, long backboneSeed, Device device) {
        super(MODEL_NAME, network, network.backbone(), backboneSeed, probe(PROBE_SIDE), new IgnoringCrossEntropy(),
                device);
    }

    public static SegModel create(BackboneKind kind, int numClasses, long seed, Device device) {
        SegNet network = new SegNet(ResNetBackbone.builder().setKind(kind).build(), numClasses);
        SplittableRandom seeds = new SplittableRandom(seed);
        long backboneSeed = seeds.nextLong();
        network.head().seedWeights(seeds.nextLong());
        return new SegModel(network, backboneSeed, device);
    }

    public int numClasses() {
        return network().head().numClasses();
    }

    @Override
    public boolean isBackboneParameter(String parameterName) {
        return SegNet.isBackboneParameter(parameterName);
    }

    /** Inference-mode logits {@code (N, classes, H, W)} of normalised images {@code (N, 3, H, W)}, no autograd graph. */
    public HostTensor logits(HostTensor images) {
        return inference(scope -> HostArrays.toHost(forward(scope, images)));
    }

    /**
     * What the network says about one image: the most likely class of every pixel (row-major {@code H x W}) and, when
     * asked, the softmax probabilities of the classes that win at least one pixel (background always), plane after
     * plane in {@code classes}' order: the scores a CRF refines, without the planes of classes absent from the image.
     */
    public record Prediction(byte[] labels, int[] classes, float[] probabilities) {}

    /** The most likely class of every pixel of one normalised image {@code (1, 3, H, W)}, row-major {@code H x W}. */
    public byte[] labels(HostTensor image) {
        return predict(image, false).labels();
    }

    /** {@link Prediction} of one normalised image {@code (1, 3, H, W)}; probabilities only if {@code scores}. */
    public Prediction predict(HostTensor image, boolean scores) {
        if (image.shape().length != 4 || image.shape()[0] != 1) {
            throw new IllegalArgumentException("one image (1, 3, H, W) expected, got " + image.shapeText());
        }
        return inference(scope -> {
            NDArray logits = forward(scope, image);
            byte[] labels = logits.argMax(CLASS_AXIS).toType(DataType.UINT8, false).toByteArray();
            if (!scores) return new Prediction(labels, null, null);
            int[] classes = winners(labels);
            NDArray probabilities = logits.softmax(CLASS_AXIS).get(0);
            float[] planes = new float[classes.length * labels.length];
            for (int k = 0; k < classes.length; k++) {
                System.arraycopy(probabilities.get(classes[k]).toFloatArray(), 0, planes, k * labels.length,
                        labels.length);
            }
            return new Prediction(labels, classes, planes);
        });
    }

    /** Background, then every other class that is the most likely somewhere, in increasing order. */
    private static int[] winners(byte[] labels) {
        boolean[] present = new boolean[256];
        present[0] = true;
        for (byte label : labels) present[Byte.toUnsignedInt(label)] = true;
        int[] classes = new int[256];
        int count = 0;
        for (int c = 0; c < present.length; c++) if (present[c]) classes[count++] = c;
        return Arrays.copyOf(classes, count);
    }
}
