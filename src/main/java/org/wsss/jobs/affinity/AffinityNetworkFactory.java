package org.wsss.jobs.affinity;

import ai.djl.Device;
import java.io.Serial;
import org.wsss.jobs.train.NetworkFactory;
import org.wsss.model.affinity.AffinityModel;
import org.wsss.model.backbone.BackboneKind;
import org.wsss.model.train.TrainableNetwork;

/**
 * Builds AffinityNet for training; frozen batch norm, stem and first stage when fine-tuning ImageNet weights.
 *
 * @param backbone the trunk architecture
 * @param seed seed of the initial weights (kept only by the start, made in one task; rounds load the broadcast parameters)
 * @param fineTune whether to freeze as PSA does for ImageNet weights
 */
public record AffinityNetworkFactory(BackboneKind backbone, long seed, boolean fineTune) implements NetworkFactory {
    @Serial
    private static final long serialVersionUID = 1L;

    @Override
    public TrainableNetwork create(Device device) {
        return build(device);
    }

    public AffinityModel build(Device device) {
        AffinityModel model = AffinityModel.create(backbone, seed, device);
        if (fineTune) model.freezeForFineTuning();
        return model;
    }
}
