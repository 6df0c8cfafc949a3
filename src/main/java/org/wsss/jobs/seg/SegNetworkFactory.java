package org.wsss.jobs.seg;

import ai.djl.Device;
import java.io.Serial;
import org.wsss.jobs.train.NetworkFactory;
import org.wsss.model.backbone.BackboneKind;
import org.wsss.model.seg.SegModel;
import org.wsss.model.train.TrainableNetwork;

/**
 * Builds the segmentation network for training; frozen batch norm, stem and first stage when fine-tuning
 * ImageNet weights.
 */
public record SegNetworkFactory(BackboneKind backbone, int numClasses, long seed, boolean fineTune)
        implements NetworkFactory {
    @Serial
    private static final long serialVersionUID = 1L;

    @Override
    public TrainableNetwork create(Device device) {
        return build(device);
    }

    public SegModel build(Device device) {
        SegModel model = SegModel.create(backbone, numClasses, seed, device);
        if (fineTune) model.freezeForFineTuning();
        return model;
    }
}
