package org.wsss.model.cam;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import java.util.List;
import org.wsss.algo.augment.BilinearResize;
import org.wsss.algo.augment.FloatImage;
import org.wsss.algo.augment.HorizontalFlip;
import org.wsss.algo.cam.CamFusion;
import org.wsss.algo.cam.ClassCams;
import org.wsss.model.nn.InferenceMode;

/**
 * Multi-scale CAM inference (ALGORITHM.md section 2): for each scale the normalised image is resized (bilinear,
 * antialiased when shrinking) and run together with its mirror image; the maps are fused by {@link CamFusion}.
 * Forwards run with grad mode off ({@link InferenceMode}) and are laid out by a {@link CamMemoryBudget}: both images
 * in one batch, one at a time, or in overlapping tiles; each forward's native arrays live in a sub-manager closed
 * before the next.
 */
public final class MultiScaleCam {

    /** Position of the mirrored image among each scale's images (the original comes first). */
    private static final int MIRRORED_SAMPLE = 1;
    private static final int SAMPLE_AXIS = 0;
    private static final int CLASS_AXIS = 1;
    private static final int HEIGHT_AXIS = 2;
    private static final int WIDTH_AXIS = 3;

    private final CamNet network;
    private final NDManager manager;
    private final MultiScaleCamSettings settings;
    private final CamMemoryBudget budget;

    /** A calculator without a memory budget: each scale is one batch. */
    public MultiScaleCam(CamNet network, NDManager manager, MultiScaleCamSettings settings) {
        this(network, manager, settings, CamMemoryBudget.unlimited());
    }

    /**
     * @param network the initialised stage-1 network
     * @param manager a manager on the network's device; passes allocate in sub-managers of it
     * @param settings scales and flip
     * @param budget the memory each forward may use
     */
    public MultiScaleCam(CamNet network, NDManager manager, MultiScaleCamSettings settings, CamMemoryBudget budget) {
        this.network = network;
        this.manager = manager;
        this.settings = settings;
        this.budget = budget;
    }

    /**
     * Normalised CAMs of the present classes at the image's resolution.
     *
     * @param normalisedImage the image as the network expects it ({@code 3 x H x W}, ImageNet-normalised)
     * @param presentClasses classifier output indices to keep
     * @throws CamMemoryBudget.OverBudgetException if a scale does not fit the budget even in tiles
     */
    public ClassCams compute(FloatImage normalisedImage, int[] presentClasses) {
        return InferenceMode.run(() -> fused(normalisedImage, presentClasses));
    }

    /**
     * Checks that every scale of an image of this size fits the budget, without computing anything.
     *
     * @throws CamMemoryBudget.OverBudgetException for the first scale that does not
     */
    public void requireFits(int height, int width) {
        for (double scale : settings.scales()) {
            layout(height, width, scale);
        }
    }

    private CamMemoryBudget.Layout layout(int height, int width, double scale) {
        return budget.layout(settings.flip() ? 2 : 1, scaledSize(height, scale), scaledSize(width, scale),
                width + "x" + height, scale);
    }

    private ClassCams fused(FloatImage image, int[] presentClasses) {
        CamFusion fusion = new CamFusion(presentClasses, image.height(), image.width());
        for (double scale : settings.scales()) {
            CamMemoryBudget.Layout layout = layout(image.height(), image.width(), scale);
            FloatImage scaled = scaled(image, scale);
            List<FloatImage> samples = settings.flip() ? List.of(scaled, HorizontalFlip.flip(scaled)) : List.of(scaled);
            for (int first = 0; first < samples.size(); first += layout.imagesPerForward()) {
                List<FloatImage> batch = samples.subList(first, Math.min(samples.size(),
                        first + layout.imagesPerForward()));
                List<FeatureCams> cams = layout.tiled()
                        ? List.of(tiled(batch.get(0), layout.tileCells()))
                        : forward(batch);
                for (int k = 0; k < cams.size(); k++) {
                    FeatureCams c = cams.get(k);
                    fusion.add(c.values(), c.classes(), c.height(), c.width(), first + k == MIRRORED_SAMPLE);
                }
            }
        }
        return fusion.normalised();
    }

    /** One image's CAMs at feature resolution, {@code classes x height x width}. */
    private record FeatureCams(int classes, int height, int width, float[] values) {}

    /** The CAMs of images of one size, run as one batch. */
    private List<FeatureCams> forward(List<FloatImage> images) {
        FloatImage first = images.get(0);
        float[] input = new float[first.values().length * images.size()];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(images.get(i).values(), 0, input, i * first.values().length, first.values().length);
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray batch = scope.create(input,
                    new Shape(images.size(), first.channels(), first.height(), first.width()));
            NDArray cams = network.cams(new ParameterStore(scope, false), batch);
            Shape shape = cams.getShape();
            int classes = Math.toIntExact(shape.get(CLASS_AXIS));
            int height = Math.toIntExact(shape.get(HEIGHT_AXIS));
            int width = Math.toIntExact(shape.get(WIDTH_AXIS));
            float[] values = cams.toFloatArray();
            int perSample = values.length / Math.toIntExact(shape.get(SAMPLE_AXIS));
            FeatureCams[] out = new FeatureCams[images.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = new FeatureCams(classes, height, width,
                        Arrays.copyOfRange(values, i * perSample, (i + 1) * perSample));
            }
            return List.of(out);
        }
    }

    /**
     * One image's CAMs from square tiles of {@code coreCells} feature cells, each run with {@link
     * CamMemoryBudget#margin()} pixels of context around its core (clipped at the image's edges); tile origins are
     * multiples of the stride, so a tile's cells are the image's cells.
     */
    private FeatureCams tiled(FloatImage image, int coreCells) {
        int stride = CamMemoryBudget.STRIDE;
        int margin = budget.margin();
        int height = CamMemoryBudget.cells(image.height());
        int width = CamMemoryBudget.cells(image.width());
        float[] values = null;
        int classes = 0;
        for (int cellTop = 0; cellTop < height; cellTop += coreCells) {
            for (int cellLeft = 0; cellLeft < width; cellLeft += coreCells) {
                int cellBottom = Math.min(height, cellTop + coreCells);
                int cellRight = Math.min(width, cellLeft + coreCells);
                int top = Math.max(0, cellTop * stride - margin);
                int left = Math.max(0, cellLeft * stride - margin);
                int bottom = Math.min(image.height(), cellBottom * stride + margin);
                int right = Math.min(image.width(), cellRight * stride + margin);
                FeatureCams tile = forward(List.of(crop(image, top, left, bottom - top, right - left))).get(0);
                if (values == null) {
                    classes = tile.classes();
                    values = new float[classes * height * width];
                }
                for (int c = 0; c < classes; c++) {
                    for (int y = cellTop; y < cellBottom; y++) {
                        int from = (c * tile.height() + y - top / stride) * tile.width() + cellLeft - left / stride;
                        System.arraycopy(tile.values(), from, values, (c * height + y) * width + cellLeft,
                                cellRight - cellLeft);
                    }
                }
            }
        }
        return new FeatureCams(classes, height, width, values);
    }

    private static FloatImage crop(FloatImage image, int top, int left, int height, int width) {
        FloatImage tile = FloatImage.zeros(image.channels(), height, width);
        for (int c = 0; c < image.channels(); c++) {
            for (int y = 0; y < height; y++) {
                System.arraycopy(image.values(), image.index(c, top + y, left), tile.values(),
                        tile.index(c, y, 0), width);
            }
        }
        return tile;
    }

    /** PSA rounds the scaled size; at least one pixel survives. */
    private static FloatImage scaled(FloatImage image, double scale) {
        if (scale == 1.0) {
            return image;
        }
        return BilinearResize.resize(image, scaledSize(image.height(), scale), scaledSize(image.width(), scale), true);
    }

    private static int scaledSize(int size, double scale) {
        return Math.max(1, (int) Math.round(size * scale));
    }
}
