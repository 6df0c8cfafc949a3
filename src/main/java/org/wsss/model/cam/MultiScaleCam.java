package org.wsss.model.cam;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import org.wsss.algo.augment.BilinearResize;
import org.wsss.algo.augment.FloatImage;
import org.wsss.algo.augment.HorizontalFlip;
import org.wsss.algo.cam.CamFusion;
import org.wsss.algo.cam.ClassCams;
import org.wsss.model.nn.InferenceMode;

/**
 * Multi-scale CAM inference (ALGORITHM.md section 2): for each scale the normalised image is resized (bilinear,
 * antialiased when shrinking) and run together with its mirror image as a batch of two; the maps are fused by
 * {@link CamFusion}. Each scale's native arrays live in a sub-manager closed before the next scale.
 */
public final class MultiScaleCam {

    /** Position of the mirrored image in each scale's batch (the original comes first). */
    private static final int MIRRORED_SAMPLE = 1;
    private static final int SAMPLE_AXIS = 0;
    private static final int CLASS_AXIS = 1;
    private static final int HEIGHT_AXIS = 2;
    private static final int WIDTH_AXIS = 3;

    private final CamNet network;
    private final NDManager manager;
    private final MultiScaleCamSettings settings;

    /**
     * @param network the initialised stage-1 network
     * @param manager a manager on the network's device; passes allocate in sub-managers of it
     * @param settings scales and flip
     */
    public MultiScaleCam(CamNet network, NDManager manager, MultiScaleCamSettings settings) {
        this.network = network;
        this.manager = manager;
        this.settings = settings;
    }

    /**
     * Normalised CAMs of the present classes at the image's resolution.
     *
     * @param normalisedImage the image as the network expects it ({@code 3 x H x W}, ImageNet-normalised)
     * @param presentClasses classifier output indices to keep
     */
    public ClassCams compute(FloatImage normalisedImage, int[] presentClasses) {
        return InferenceMode.run(() -> fused(normalisedImage, presentClasses));
    }

    private ClassCams fused(FloatImage normalisedImage, int[] presentClasses) {
        int height = normalisedImage.height();
        int width = normalisedImage.width();
        CamFusion fusion = new CamFusion(presentClasses, height, width);
        for (double scale : settings.scales()) {
            FloatImage scaled = scaled(normalisedImage, scale);
            int samples = settings.flip() ? MIRRORED_SAMPLE + 1 : 1;
            float[] input = settings.flip()
                    ? concat(scaled.values(), HorizontalFlip.flip(scaled).values())
                    : scaled.values();
            try (NDManager scope = manager.newSubManager()) {
                NDArray batch = scope.create(input,
                        new Shape(samples, scaled.channels(), scaled.height(), scaled.width()));
                NDArray cams = network.cams(new ParameterStore(scope, false), batch);
                Shape shape = cams.getShape();
                int classes = Math.toIntExact(shape.get(CLASS_AXIS));
                int camHeight = Math.toIntExact(shape.get(HEIGHT_AXIS));
                int camWidth = Math.toIntExact(shape.get(WIDTH_AXIS));
                float[] values = cams.toFloatArray();
                int perSample = values.length / Math.toIntExact(shape.get(SAMPLE_AXIS));
                for (int sample = 0; sample < samples; sample++) {
                    float[] sampleCams = Arrays.copyOfRange(values, sample * perSample, (sample + 1) * perSample);
                    fusion.add(sampleCams, classes, camHeight, camWidth, sample == MIRRORED_SAMPLE);
                }
            }
        }
        return fusion.normalised();
    }

    /** PSA rounds the scaled size; at least one pixel survives. */
    private static FloatImage scaled(FloatImage image, double scale) {
        if (scale == 1.0) {
            return image;
        }
        int height = Math.max(1, (int) Math.round(image.height() * scale));
        int width = Math.max(1, (int) Math.round(image.width() * scale));
        return BilinearResize.resize(image, height, width, true);
    }

    private static float[] concat(float[] first, float[] second) {
        float[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
