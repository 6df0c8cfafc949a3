package org.wsss.model.cam;

import ai.djl.Device;
import ai.djl.nn.Parameter;
import java.util.SplittableRandom;
import org.wsss.model.backbone.ResNetBackbone;
import org.wsss.model.loss.MultiLabelSoftMarginLoss;
import org.wsss.model.nn.HostArrays;
import org.wsss.model.nn.HostTensor;
import org.wsss.model.nn.SeededInitializer;
import org.wsss.model.train.BackboneModel;

/**
 * A stage-1 network in its DJL model: built from a {@link CamModelSpec}, initialised deterministically from the
 * spec's seed (Kaiming-normal fan-out trunk as torchvision, Xavier-uniform classifier as PSA), trained with the
 * multilabel soft-margin loss. Close it to free its native memory.
 */
public final class CamModel extends BackboneModel<CamNet> {
    private static final String MODEL_NAME = "cam-net";
    /** Shape used only to infer parameter shapes; convolution weights do not depend on the image size. */
    private static final int PROBE_SIDE = 64;
    private static final String BACKBONE_PREFIX = CamNet.BACKBONE + ".";

    private final CamModelSpec spec;

    private CamModel(CamModelSpec spec, CamNet network, ResNetBackbone backbone, long backboneSeed, Device device) {
        super(MODEL_NAME, network, backbone, backboneSeed, probe(PROBE_SIDE), new MultiLabelSoftMarginLoss(), device);
        this.spec = spec;
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
        long backboneSeed = seeds.nextLong();
        network.classifier().setInitializer(SeededInitializer.xavierUniform(1.0, seeds.nextLong()),
                Parameter.Type.WEIGHT);
        return new CamModel(spec, network, backbone, backboneSeed, device);
    }

    public CamModelSpec spec() {
        return spec;
    }

    @Override
    public boolean isBackboneParameter(String parameterName) {
        return parameterName.startsWith(BACKBONE_PREFIX);
    }

    /** Inference-mode logits {@code (N, classes)} of normalised images {@code (N, 3, H, W)}, with no autograd graph. */
    public HostTensor logits(HostTensor images) {
        return inference(scope -> HostArrays.toHost(forward(scope, images)));
    }

    /** A multi-scale CAM calculator for this network. */
    public MultiScaleCam multiScaleCam(MultiScaleCamSettings settings) {
        return new MultiScaleCam(network(), model().getNDManager(), settings);
    }

    /** A multi-scale CAM calculator whose forwards each stay within {@code budgetBytes} (see {@link CamMemoryBudget}). */
    public MultiScaleCam multiScaleCam(MultiScaleCamSettings settings, long budgetBytes, String budgetSetting) {
        return new MultiScaleCam(network(), model().getNDManager(), settings,
                new CamMemoryBudget(budgetBytes, spec.backbone(), budgetSetting));
    }
}
