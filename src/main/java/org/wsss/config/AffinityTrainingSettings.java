package org.wsss.config;

import java.io.Serializable;

/** Stage 2: the shared training settings plus where the backbone starts from. */
public record AffinityTrainingSettings(TrainingConfig training, BackboneStart init) implements Serializable {
    /** Label cells are 8 x 8 pixel blocks, so crops must keep whole blocks. */
    public static final int LABEL_STRIDE = 8;
    /** Radius-5 pairs need a 9 x 9 label crop before any pair has a source. */
    public static final int MIN_CROP = 72;

    public AffinityTrainingSettings {
        int crop = training.crop();
        if (crop % LABEL_STRIDE != 0 || crop < MIN_CROP) {
            throw new ConfigError("setting wsss.train-affinity.crop = " + crop + " is out of range: expected a"
                    + " multiple of " + LABEL_STRIDE + " of at least " + MIN_CROP);
        }
        boolean hasWeights = !training.pretrained().isBlank();
        if (init == BackboneStart.IMAGENET && !hasWeights) {
            throw new ConfigError("setting wsss.train-affinity.init = \"imagenet\" needs wsss.train-affinity.pretrained"
                    + " (a .pth, .safetensors or .npz file of ImageNet weights); use init = \"stage1\" or \"scratch\""
                    + " without one");
        }
        if (init != BackboneStart.IMAGENET && hasWeights) {
            // Silently ignoring the weights would train something other than what the user asked for.
            throw new ConfigError("setting wsss.train-affinity.pretrained = \"" + training.pretrained()
                    + "\" is only used with wsss.train-affinity.init = \"imagenet\", but init = \""
                    + SettingsReader.settingName(init) + "\"");
        }
    }

    /**
     * Starting from stage 1 copies its backbone, so the two stages must name the same one; checked at start-up
     * rather than after stage 1 has trained for hours.
     */
    void requireStartFits(CamTrainingSettings trainCam) {
        if (init == BackboneStart.STAGE1 && training.backbone() != trainCam.training().backbone()) {
            throw new ConfigError("setting wsss.train-affinity.backbone = "
                    + SettingsReader.settingName(training.backbone()) + " differs from wsss.train-cam.backbone = "
                    + SettingsReader.settingName(trainCam.training().backbone())
                    + ", but wsss.train-affinity.init = \"stage1\" copies stage 1's backbone: make them match or"
                    + " choose another init");
        }
    }

    static AffinityTrainingSettings from(SettingsReader r, DeviceSettings devices) {
        return new AffinityTrainingSettings(TrainingConfig.from(r, devices, TrainingMemory.Network.AFFINITY), r.oneOf("init", BackboneStart.class));
    }
}
