package org.wsss.model.train;

import org.wsss.model.nn.HostTensor;

/**
 * One prepared (decoded, augmented) training sample: the network input and its label, in plain Java memory.
 *
 * @param input e.g. a normalised CHW image {@code (3, H, W)}
 * @param label e.g. a multi-hot class vector {@code (C)} or a label map
 */
public record TrainingSample(HostTensor input, HostTensor label) {

    public TrainingSample {
        if (input == null || label == null) {
            throw new IllegalArgumentException("a training sample needs an input and a label");
        }
    }

    /** A sample from a CHW image and a label vector. */
    public static TrainingSample of(float[] image, int channels, int height, int width, float[] label) {
        return new TrainingSample(
                new HostTensor(new long[] {channels, height, width}, image),
                new HostTensor(new long[] {label.length}, label));
    }
}
