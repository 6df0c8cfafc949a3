package org.wsss.model.affinity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.wsss.algo.maps.ChannelStack;
import org.wsss.model.backbone.ResNetBackbone;
import org.wsss.model.nn.InferenceMode;

/**
 * The random walk's input from a trained {@link AffinityNet}: one image's stride-8 features as a plain
 * {@link ChannelStack}, ready for {@code org.wsss.algo.walk.RandomWalk#propagate(features, cams)}. All native
 * memory lives in a sub-manager closed before returning.
 */
public final class AffinityFeatureMaps {

    private AffinityFeatureMaps() {}

    /**
     * Features of one image in inference mode, with no autograd graph ({@link InferenceMode}).
     *
     * @param network an initialised network
     * @param manager parent of the scratch manager, on the device to run on
     * @param paddedImage a normalised {@code 3 x H x W} image with H and W multiples of
     *     {@link AffinityNet#OUTPUT_STRIDE} (see {@link StridePadding#padBottomRight})
     * @return {@code 448 x H/8 x W/8} features
     */
    public static ChannelStack of(AffinityNet network, NDManager manager, ChannelStack paddedImage) {
        requirePadded(paddedImage);
        int height = paddedImage.height() / AffinityNet.OUTPUT_STRIDE;
        int width = paddedImage.width() / AffinityNet.OUTPUT_STRIDE;
        return InferenceMode.run(() -> {
            try (NDManager scratch = manager.newSubManager()) {
                NDArray image = scratch.create(paddedImage.values(),
                        new Shape(1, ResNetBackbone.INPUT_CHANNELS, paddedImage.height(), paddedImage.width()));
                NDArray features = network.forward(new ParameterStore(scratch, false), new NDList(image), false)
                        .singletonOrThrow();
                Shape expected = new Shape(1, AffinityNet.FEATURE_CHANNELS, height, width);
                if (!features.getShape().equals(expected)) {
                    throw new IllegalStateException("expected features " + expected + ", got " + features.getShape());
                }
                return new ChannelStack(AffinityNet.FEATURE_CHANNELS, height, width, features.toFloatArray());
            }
        });
    }

    private static void requirePadded(ChannelStack image) {
        if (image.channels() != ResNetBackbone.INPUT_CHANNELS) {
            throw new IllegalArgumentException(
                    "expected a " + ResNetBackbone.INPUT_CHANNELS + "-channel image, got " + image.channels());
        }
        if (image.height() % AffinityNet.OUTPUT_STRIDE != 0 || image.width() % AffinityNet.OUTPUT_STRIDE != 0) {
            throw new IllegalArgumentException("image " + image.height() + " x " + image.width()
                    + " is not padded to a multiple of " + AffinityNet.OUTPUT_STRIDE
                    + "; use StridePadding.padBottomRight");
        }
    }
}
