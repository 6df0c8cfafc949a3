package org.wsss.jobs.train;

import ai.djl.Device;
import java.io.Serializable;
import org.wsss.model.train.TrainableNetwork;

/** Builds the network being trained on a device; shipped to executors, so it holds only settings. */
public interface NetworkFactory extends Serializable {
    TrainableNetwork create(Device device);
}
