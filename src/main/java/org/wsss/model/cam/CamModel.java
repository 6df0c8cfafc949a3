package org.wsss.model.cam;

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
import org.wsss.model.backbone.ResNetBackbone;
import org.wsss.model.loss.MultiLabelSoftMarginLoss;
import org.wsss.model.loss.SplittableLoss;
import org.wsss.model.nn.HostArrays;
import org.wsss.model.nn.HostTensor;
import org.wsss.model.nn.InferenceMode;
import org.wsss.model.nn.SeededInitializer;
import org.wsss.model.train.TrainableNetwork;

/**
 * A stage-1 network in its DJL model: built from a {@link CamModelSpec}, initialised deterministically from the
 * spec's seed (Kaiming-normal fan-out trunk as torchvision, Xavier-uniform classifier as PSA), trained with the
 * multilabel soft-margin loss. Close it to free its native memory.
 */
public final class CamModel implements TrainableNetwork, AutoCloseable {

    private static final String MODEL_NAME = "cam-net";
    private static final String ENGINE = "PyTorch";
    /** Shape used only to infer parameter shapes; convolution weights do not depend on the image size. */
    private static final Shape SHAPE_PROBE = new Shape(1, ResNetBackbone.INPUT_CHANNELS, 64, 64);
    private static final String BACKBONE_PREFIX = CamNet.BACKBONE + ".";

    private final CamModelSpec spec;
    private final Model model;
    private final CamNet network;
    private final ResNetBackbone backbone;
    private final SplittableLoss loss = new MultiLabelSoftMarginLoss();

    private CamModel(CamModelSpec spec, Model model, CamNet network, ResNetBackbone backbone) {
        this.spec = spec;
        this.model = model;
        this.network = network;
        this.backbone = backbone;
    }

    /** Builds and initialises the network on {@code device}. */
    public static CamModel create(CamModelSpec spec, Device device) {
        ResNetBackbone backbone = ResNetBackbone.builder().setKind(spec.backbone()).build();
        CamNet network = CamNet.builder()
                .setBackbone(backbone)
                .setNumClasses(spec.numClasses())
                .optDropoutRate(spec.dropoutRate())
                .build();
        SplittableRandom seeds = new SplittableRandom(spec.seed());
        backbone.setInitializer(
                SeededInitializer.kaimingNormal(SeededInitializer.FanMode.FAN_OUT, seeds.nextLong()),
                Parameter.Type.WEIGHT);
        network.classifier().setInitializer(SeededInitializer.xavierUniform(1.0, seeds.nextLong()),
                Parameter.Type.WEIGHT);
        Model model = Model.newInstance(MODEL_NAME, device, ENGINE);
        network.initialize(model.getNDManager(), DataType.FLOAT32, SHAPE_PROBE);
        model.setBlock(network);
        return new CamModel(spec, model, network, backbone);
    }

    public CamModelSpec spec() {
        return spec;
    }

    @Override
    public Model model() {
        return model;
    }

    /** The block. */
    public CamNet network() {
        return network;
    }

    /** The trunk, e.g. to load ImageNet weights into or to freeze. */
    public ResNetBackbone backbone() {
        return backbone;
    }

    @Override
    public SplittableLoss loss() {
        return loss;
    }

    @Override
    public boolean isBackboneParameter(String parameterName) {
        return parameterName.startsWith(BACKBONE_PREFIX);
    }

    /**
     * The fine-tuning regime for ImageNet weights: frozen batch norms, frozen stem and first stage. Call before
     * creating a trainer.
     */
    public void freezeForFineTuning() {
        backbone.freezeForFineTuning();
    }

    /** Inference-mode logits {@code (N, classes)} of normalised images {@code (N, 3, H, W)}, with no autograd graph. */
    public HostTensor logits(HostTensor images) {
        return InferenceMode.run(() -> {
            try (NDManager scope = model.getNDManager().newSubManager()) {
                NDArray input = HostArrays.toNative(scope, images);
                ParameterStore store = new ParameterStore(scope, false);
                return HostArrays.toHost(network.forward(store, new NDList(input), false).singletonOrThrow());
            }
        });
    }

    /** A multi-scale CAM calculator for this network. */
    public MultiScaleCam multiScaleCam(MultiScaleCamSettings settings) {
        return new MultiScaleCam(network, model.getNDManager(), settings);
    }

    /** A multi-scale CAM calculator whose forwards each stay within {@code budgetBytes} (see {@link CamMemoryBudget}). */
    public MultiScaleCam multiScaleCam(MultiScaleCamSettings settings, long budgetBytes, String budgetSetting) {
        return new MultiScaleCam(network, model.getNDManager(), settings,
                new CamMemoryBudget(budgetBytes, spec.backbone(), budgetSetting));
    }

    @Override
    public void close() {
        model.close();
    }
}
