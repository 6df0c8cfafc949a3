package org.wsss.model.affinity;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.loss.Loss;
import java.util.SplittableRandom;
import org.wsss.algo.affinity.PairOffsets;
import org.wsss.model.backbone.BackboneKind;
import org.wsss.model.backbone.ResNetBackbone;
import org.wsss.model.nn.SeededInitializer;
import org.wsss.model.train.TrainableNetwork;

/**
 * AffinityNet in its DJL model, trained with the three-term affinity loss on the radius-5 pair set. The backbone
 * starts from a seeded Kaiming initialisation; callers copy ImageNet or stage-1 weights in by name when wanted.
 */
public final class AffinityModel implements TrainableNetwork, AutoCloseable {
    private static final String MODEL_NAME = "affinity-net";
    private static final String ENGINE = "PyTorch";
    /** Large enough that the radius-5 pair set is not empty (features at least 9 x 9). */
    private static final Shape SHAPE_PROBE = new Shape(1, ResNetBackbone.INPUT_CHANNELS, 96, 96);

    private final BackboneKind kind;
    private final Model model;
    private final AffinityNet network;
    private final Loss loss;

    private AffinityModel(BackboneKind kind, Model model, AffinityNet network, PairOffsets offsets) {
        this.kind = kind;
        this.model = model;
        this.network = network;
        this.loss = new FeatureAffinityLoss(offsets);
    }

    /** Builds and initialises the network on {@code device}; the same seed gives the same backbone weights. */
    public static AffinityModel create(BackboneKind kind, long seed, Device device) {
        AffinityNet network = AffinityNet.builder().setKind(kind).build();
        network.backbone().setInitializer(SeededInitializer.kaimingNormal(SeededInitializer.FanMode.FAN_OUT,
                new SplittableRandom(seed).nextLong()), Parameter.Type.WEIGHT);
        Model model = Model.newInstance(MODEL_NAME, device, ENGINE);
        network.initialize(model.getNDManager(), DataType.FLOAT32, SHAPE_PROBE);
        model.setBlock(network);
        return new AffinityModel(kind, model, network, PairOffsets.ofRadius(PairOffsets.DEFAULT_RADIUS));
    }

    public BackboneKind kind() {
        return kind;
    }

    public AffinityNet network() {
        return network;
    }

    @Override
    public Model model() {
        return model;
    }

    @Override
    public Loss loss() {
        return loss;
    }

    @Override
    public boolean isBackboneParameter(String parameterName) {
        return AffinityNet.isBackboneParameter(parameterName);
    }

    /** Freezes batch norm, stem and first stage, as when starting from ImageNet weights. */
    public void freezeForFineTuning() {
        network.backbone().freezeForFineTuning();
    }

    @Override
    public void close() {
        model.close();
    }
}
