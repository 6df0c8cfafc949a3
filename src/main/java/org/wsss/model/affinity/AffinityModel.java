package org.wsss.model.affinity;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import java.util.SplittableRandom;
import org.wsss.algo.affinity.PairOffsets;
import org.wsss.model.backbone.BackboneKind;
import org.wsss.model.nn.HostArrays;
import org.wsss.model.nn.HostTensor;
import org.wsss.model.train.BackboneModel;

/**
 * AffinityNet in its DJL model, trained with the three-term affinity loss on the radius-5 pair set. Every weight
 * starts from a seeded initialisation (Kaiming fan-out for the backbone, PSA's for the new layers); callers copy
 * ImageNet or stage-1 backbone weights in by name when wanted.
 */
public final class AffinityModel extends BackboneModel<AffinityNet> {
    private static final String MODEL_NAME = "affinity-net";
    /** Large enough that the radius-5 pair set is not empty (features at least 9 x 9). */
    private static final int PROBE_SIDE = 96;

    private final PairOffsets offsets;

    private AffinityModel(AffinityNet network, long backboneSeed, PairOffsets offsets, Device device) {
        super(MODEL_NAME, network, network.backbone(), backboneSeed, probe(PROBE_SIDE),
                new FeatureAffinityLoss(offsets), device);
        this.offsets = offsets;
    }

    /**
     * Builds and initialises the network on {@code device}. The weights are a pure function of {@code seed}: a task
     * that rebuilds the network gets the same one whatever ran before in its JVM.
     */
    public static AffinityModel create(BackboneKind kind, long seed, Device device) {
        AffinityNet network = AffinityNet.builder().setKind(kind).build();
        SplittableRandom seeds = new SplittableRandom(seed);
        long backboneSeed = seeds.nextLong();
        network.seedNewLayers(seeds.nextLong());
        return new AffinityModel(network, backboneSeed, PairOffsets.ofRadius(PairOffsets.DEFAULT_RADIUS), device);
    }

    @Override
    public boolean isBackboneParameter(String parameterName) {
        return AffinityNet.isBackboneParameter(parameterName);
    }

    /**
     * Inference-mode pair affinities of normalised images: input {@code (N, 3, H, W)} with H and W multiples of
     * {@link AffinityNet#OUTPUT_STRIDE} (see {@link StridePadding}), output {@code (N, offsets, sources)} in
     * {@link org.wsss.algo.affinity.PairLabels}' layout on the radius-5 pair set.
     */
    public HostTensor pairAffinities(HostTensor images) {
        return inference(scope -> {
            NDArray features = forward(scope, images);
            return HostArrays.toHost(PairAffinities.of(features, offsets));
        });
    }

    /** The pair set of the loss and of {@link #pairAffinities}. */
    public PairOffsets offsets() {
        return offsets;
    }
}
