package org.wsss.jobs.cam;

import ai.djl.Device;
import java.io.Serial;
import org.wsss.jobs.train.NetworkFactory;
import org.wsss.model.cam.CamModel;
import org.wsss.model.cam.CamModelSpec;
import org.wsss.model.train.TrainableNetwork;

/** Builds the stage-1 network; frozen batch norm, stem and first stage when fine-tuning ImageNet weights. */
public record CamNetworkFactory(CamModelSpec spec, boolean fineTune) implements NetworkFactory {
    @Serial
    private static final long serialVersionUID = 1L;

    @Override
    public TrainableNetwork create(Device device) {
        return build(device);
    }

    public CamModel build(Device device) {
        CamModel model = CamModel.create(spec, device);
        if (fineTune) model.freezeForFineTuning();
        return model;
    }
}
