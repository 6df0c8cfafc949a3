package org.wsss.model.seg;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
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
     * The most likely class of every pixel of one normalised image {@code (1, 3, H, W)}, row-major {@code H x W}.
     */
    public byte[] labels(HostTensor image) {
        if (image.shape().length != 4 || image.shape()[0] != 1) {
            throw new IllegalArgumentException("one image (1, 3, H, W) expected, got " + image.shapeText());
        }
        return inference(scope -> forward(scope, image).argMax(CLASS_AXIS).toType(DataType.UINT8, false).toByteArray());
    }
}
