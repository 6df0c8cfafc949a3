package org.wsss.jobs.stage;

import ai.djl.Device;

/**
 * A training stage's checkpoint as later stages use it: where it is stored (which also names it in the executors'
 * model cache) and how to rebuild its network on a device.
 *
 * @param <M> the network
 */
public interface TrainedCheckpoint<M> {
    String location();

    M load(Device device);
}
