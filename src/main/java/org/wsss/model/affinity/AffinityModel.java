package org.wsss.model.affinity;

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
import org.wsss.algo.affinity.PairOffsets;
import org.wsss.model.backbone.BackboneKind;
import org.wsss.model.backbone.ResNetBackbone;
import org.wsss.model.loss.SplittableLoss;
import org.wsss.model.nn.HostArrays;
import org.wsss.model.nn.HostTensor;
import org.wsss.model.nn.InferenceMode;
import org.wsss.model.nn.SeededInitializer;
import org.wsss.model.train.TrainableNetwork;

/**
 * AffinityNet in its DJL model, trained with the three-term affinity loss on the radius-5 pair set. Every weight
 * starts from a seeded initialisation (Kaiming fan-out for the backbone, PSA's for the new layers); callers copy
 * ImageNet or stage-1 backbone weights in by name when wanted.
 */
public final class AffinityModel implements TrainableNetwork, AutoCloseable {
    private static final String MODEL_NAME = "affinity-net";
    private static final String ENGINE = "PyTorch";
    /** Large enough that the radius-5 pair set is not empty (features at least 9 x 9). */
    private static final Shape SHAPE_PROBE = new Shape(1, ResNetBackbone.INPUT_CHANNELS, 96, 96);

    private final BackboneKind kind;
    private final Model model;
    private final AffinityNet network;
    private final PairOffsets offsets;
    private final SplittableLoss loss;

    private AffinityModel(BackboneKind kind, Model model, AffinityNet network, PairOffsets offsets) {
        this.kind = kind;
        this.model = model;
        this.network = network;
        this.offsets = offsets;
        this.loss = new FeatureAffinityLoss(offsets);
    }

    /**
     * Builds and initialises the network on {@code device}. The weights are a pure function of {@code seed}: a task
     * that rebuilds the network gets the same one whatever ran before in its JVM.
     */
    public static AffinityModel create(BackboneKind kind, long seed, Device device) {
        AffinityNet network = AffinityNet.builder().setKind(kind).build();
        SplittableRandom seeds = new SplittableRandom(seed);
        network.backbone().setInitializer(SeededInitializer.kaimingNormal(SeededInitializer.FanMode.FAN_OUT,
                seeds.nextLong()), Parameter.Type.WEIGHT);
        network.seedNewLayers(seeds.nextLong());
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
    public SplittableLoss loss() {
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

    /**
     * Inference-mode pair affinities of normalised images: input {@code (N, 3, H, W)} with H and W multiples of
     * {@link AffinityNet#OUTPUT_STRIDE} (see {@link StridePadding}), output {@code (N, offsets, sources)} in
     * {@link org.wsss.algo.affinity.PairLabels}' layout on the radius-5 pair set.
     */
    public HostTensor pairAffinities(HostTensor images) {
        return InferenceMode.run(() -> {
            try (NDManager scope = model.getNDManager().newSubManager()) {
                NDArray input = HostArrays.toNative(scope, images);
                NDArray features = network.forward(new ParameterStore(scope, false), new NDList(input), false)
                        .singletonOrThrow();
                return HostArrays.toHost(PairAffinities.of(features, offsets));
            }
        });
    }

    /** The pair set of the loss and of {@link #pairAffinities}. */
    public PairOffsets offsets() {
        return offsets;
    }

    @Override
    public void close() {
        model.close();
    }
}
