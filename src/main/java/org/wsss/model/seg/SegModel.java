package org.wsss.model.seg;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.SplittableRandom;
import org.wsss.model.backbone.BackboneKind;
import org.wsss.model.backbone.ResNetBackbone;
import org.wsss.model.loss.IgnoringCrossEntropy;
import org.wsss.model.loss.SplittableLoss;
import org.wsss.model.nn.HostArrays;
import org.wsss.model.nn.HostTensor;
import org.wsss.model.nn.InferenceMode;
import org.wsss.model.nn.SeededInitializer;
import org.wsss.model.train.TrainableNetwork;

/**
 * A {@link SegNet} in its DJL model, trained with {@link IgnoringCrossEntropy}. The initial weights are a pure
 * function of the seed (Kaiming fan-out trunk, Xavier head); callers copy stage-1 or ImageNet weights in by name.
 */
public final class SegModel implements TrainableNetwork, AutoCloseable {
    private static final String MODEL_NAME = "seg-net";
    private static final String ENGINE = "PyTorch";
    /** Parameter shapes do not depend on the image size; a small probe is enough. */
    private static final Shape SHAPE_PROBE = new Shape(1, ResNetBackbone.INPUT_CHANNELS, 64, 64);
    private static final int CLASS_AXIS = 1;

    private final BackboneKind kind;
    private final Model model;
    private final SegNet network;
    private final SplittableLoss loss = new IgnoringCrossEntropy();

    private SegModel(BackboneKind kind, Model model, SegNet network) {
        this.kind = kind;
        this.model = model;
        this.network = network;
    }

    public static SegModel create(BackboneKind kind, int numClasses, long seed, Device device) {
        SegNet network = new SegNet(ResNetBackbone.builder().setKind(kind).build(), numClasses);
        SplittableRandom seeds = new SplittableRandom(seed);
        network.backbone().setInitializer(SeededInitializer.kaimingNormal(SeededInitializer.FanMode.FAN_OUT,
                seeds.nextLong()), Parameter.Type.WEIGHT);
        network.head().seedWeights(seeds.nextLong());
        Model model = Model.newInstance(MODEL_NAME, device, ENGINE);
        network.initialize(model.getNDManager(), DataType.FLOAT32, SHAPE_PROBE);
        model.setBlock(network);
        return new SegModel(kind, model, network);
    }

    public BackboneKind kind() {
        return kind;
    }

    public int numClasses() {
        return network.head().numClasses();
    }

    public SegNet network() {
        return network;
    }

    @Override
    public Model model() {
        return model;
    }

    @Override
    public SplittableLoss loss() {
        return loss;
    }

    @Override
    public boolean isBackboneParameter(String parameterName) {
        return SegNet.isBackboneParameter(parameterName);
    }

    /** Frozen batch norm, stem and first stage, as when fine-tuning ImageNet weights. */
    public void freezeForFineTuning() {
        network.backbone().freezeForFineTuning();
    }

    /** Inference-mode logits {@code (N, classes, H, W)} of normalised images {@code (N, 3, H, W)}, no autograd graph. */
    public HostTensor logits(HostTensor images) {
        return InferenceMode.run(() -> {
            try (NDManager scope = model.getNDManager().newSubManager()) {
                return HostArrays.toHost(forward(scope, images));
            }
        });
    }

    /**
     * The most likely class of every pixel of one normalised image {@code (1, 3, H, W)}, row-major {@code H x W}.
     */
    public byte[] labels(HostTensor image) {
        if (image.shape().length != 4 || image.shape()[0] != 1) {
            throw new IllegalArgumentException("one image (1, 3, H, W) expected, got " + image.shapeText());
        }
        return InferenceMode.run(() -> {
            try (NDManager scope = model.getNDManager().newSubManager()) {
                return forward(scope, image).argMax(CLASS_AXIS).toType(DataType.UINT8, false).toByteArray();
            }
        });
    }

    private NDArray forward(NDManager scope, HostTensor images) {
        NDArray input = HostArrays.toNative(scope, images);
        return network.forward(new ParameterStore(scope, false), new NDList(input), false).singletonOrThrow();
    }

    @Override
    public void close() {
        model.close();
    }
}
