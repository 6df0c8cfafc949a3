package org.wsss.model.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.function.Function;
import org.wsss.model.backbone.BackboneKind;
import org.wsss.model.backbone.ResNetBackbone;
import org.wsss.model.loss.SplittableLoss;
import org.wsss.model.nn.HostArrays;
import org.wsss.model.nn.HostTensor;
import org.wsss.model.nn.InferenceMode;
import org.wsss.model.nn.SeededInitializer;

/**
 * A network on a dilated ResNet backbone in its own DJL model, the shape of every stage's network. The backbone starts
 * from a seeded Kaiming-normal (fan-out) initialisation as torchvision's, the new layers from the seeds the subclass
 * gave them, so the weights are a pure function of the seeds: a task that rebuilds the network gets the same one
 * whatever ran before in its JVM. Callers copy ImageNet or stage-1 backbone weights in by name. Close it to free its
 * native memory.
 *
 * @param <N> the network block
 */
public abstract class BackboneModel<N extends AbstractBlock> implements TrainableNetwork, AutoCloseable {
    private static final String ENGINE = "PyTorch";

    private final Model model;
    private final N network;
    private final ResNetBackbone backbone;
    private final SplittableLoss loss;

    /**
     * Seeds the backbone and initialises {@code network} (whose other layers are already seeded) on {@code device}.
     *
     * @param probe an input shape to infer parameter shapes with; they do not depend on the image size as long as the
     *              network accepts it
     */
    protected BackboneModel(String name, N network, ResNetBackbone backbone, long backboneSeed, Shape probe,
                            SplittableLoss loss, Device device) {
        backbone.setInitializer(SeededInitializer.kaimingNormal(SeededInitializer.FanMode.FAN_OUT, backboneSeed),
                Parameter.Type.WEIGHT);
        this.model = Model.newInstance(name, device, ENGINE);
        network.initialize(model.getNDManager(), DataType.FLOAT32, probe);
        model.setBlock(network);
        this.network = network;
        this.backbone = backbone;
        this.loss = loss;
    }

    /** A probe of one square image of {@code side} pixels. */
    protected static Shape probe(int side) {
        return new Shape(1, ResNetBackbone.INPUT_CHANNELS, side, side);
    }

    public BackboneKind kind() {
        return backbone.kind();
    }

    /** The block. */
    public N network() {
        return network;
    }

    /** The trunk, e.g. to load ImageNet weights into or to freeze. */
    public ResNetBackbone backbone() {
        return backbone;
    }

    @Override
    public Model model() {
        return model;
    }

    @Override
    public SplittableLoss loss() {
        return loss;
    }

    /**
     * The fine-tuning regime for ImageNet weights: frozen batch norms, frozen stem and first stage. Call before
     * creating a trainer.
     */
    public void freezeForFineTuning() {
        backbone.freezeForFineTuning();
    }

    /** Runs {@code work} without an autograd graph, its native arrays freed when it returns (plain values only). */
    protected final <T> T inference(Function<NDManager, T> work) {
        return InferenceMode.run(() -> {
            try (NDManager scope = model.getNDManager().newSubManager()) {
                return work.apply(scope);
            }
        });
    }

    /** The network's inference-mode output for normalised images {@code (N, 3, H, W)}, in {@code scope}. */
    protected final NDArray forward(NDManager scope, HostTensor images) {
        NDArray input = HostArrays.toNative(scope, images);
        return network.forward(new ParameterStore(scope, false), new NDList(input), false).singletonOrThrow();
    }

    @Override
    public void close() {
        model.close();
    }
}
