package org.wsss.config;

import java.io.Serializable;
import org.wsss.algo.seg.UncertainPixels;

/**
 * Stage 3: the shared training settings, where the backbone starts, which pseudo-masks are the labels, which of
 * their pixels are ignored, and whether the network tells breeds apart or only pet from background.
 *
 * @param masks the masks table's method the network learns (e.g. {@code rw_crf})
 * @param uncertain the rule for pixels left out of the loss
 * @param secondOpinion the method compared with {@code masks} under {@link UncertainPixels#DISAGREEMENT}
 * @param binary two classes (background, pet) instead of background and every breed
 */
public record SegTrainingSettings(TrainingConfig training, BackboneStart init, String masks,
                                  UncertainPixels uncertain, String secondOpinion, boolean binary)
        implements Serializable {

    public SegTrainingSettings {
        if (masks.isBlank()) {
            throw new ConfigError("setting wsss.train-seg.masks is empty: expected a mask method such as \"rw_crf\"");
        }
        if (uncertain == UncertainPixels.DISAGREEMENT && (secondOpinion.isBlank() || secondOpinion.equals(masks))) {
            throw new ConfigError("setting wsss.train-seg.second-opinion = \"" + secondOpinion + "\" must name a mask"
                    + " method other than wsss.train-seg.masks = \"" + masks + "\" when uncertain = \"disagreement\"");
        }
        boolean hasWeights = !training.pretrained().isBlank();
        if (init == BackboneStart.IMAGENET && !hasWeights) {
            throw new ConfigError("setting wsss.train-seg.init = \"imagenet\" needs wsss.train-seg.pretrained"
                    + " (a .pth, .safetensors or .npz file of ImageNet weights); use init = \"stage1\" or \"scratch\""
                    + " without one");
        }
        if (init != BackboneStart.IMAGENET && hasWeights) {
            throw new ConfigError("setting wsss.train-seg.pretrained = \"" + training.pretrained()
                    + "\" is only used with wsss.train-seg.init = \"imagenet\", but init = \""
                    + SettingsReader.settingName(init) + "\"");
        }
    }

    /** Starting from stage 1 copies its backbone, so both stages must name the same one. */
    void requireStartFits(CamTrainingSettings trainCam) {
        if (init == BackboneStart.STAGE1 && training.backbone() != trainCam.training().backbone()) {
            throw new ConfigError("setting wsss.train-seg.backbone = "
                    + SettingsReader.settingName(training.backbone()) + " differs from wsss.train-cam.backbone = "
                    + SettingsReader.settingName(trainCam.training().backbone())
                    + ", but wsss.train-seg.init = \"stage1\" copies stage 1's backbone: make them match or"
                    + " choose another init");
        }
    }

    static SegTrainingSettings from(SettingsReader r, DeviceSettings devices) {
        return new SegTrainingSettings(TrainingConfig.from(r, devices, TrainingMemory.Network.SEGMENTATION), r.oneOf("init", BackboneStart.class),
                r.string("masks").trim(), r.oneOf("uncertain", UncertainPixels.class), r.string("second-opinion").trim(),
                r.bool("binary"));
    }
}
