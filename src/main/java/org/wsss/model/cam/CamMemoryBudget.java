package org.wsss.model.cam;

import java.io.Serializable;
import java.util.Locale;
import org.wsss.model.backbone.BackboneKind;
import org.wsss.model.backbone.ForwardMemory;
import org.wsss.model.backbone.ReceptiveField;

/**
 * Lays out one scale's CAM forwards so that each stays within a memory budget (estimated by {@link ForwardMemory}):
 * the image and its mirror image in one batch when that fits, else one image per forward, else each image in
 * overlapping square tiles. A tile's core is a block of stride-8 feature cells; around it the tile reaches
 * {@link #margin()} pixels further (the backbone's receptive-field radius rounded up to the stride), so every core
 * cell sees exactly the pixels it would see in the whole image and tiled CAMs equal untiled ones up to float rounding.
 *
 * @param bytes the budget
 * @param backbone the trunk whose activations are estimated; {@code null} for an unlimited budget
 * @param setting the configuration key that sets the budget, named in the reason of an image too large for it
 */
public record CamMemoryBudget(long bytes, BackboneKind backbone, String setting) implements Serializable {
    static final int STRIDE = BackboneKind.OUTPUT_STRIDE;

    public CamMemoryBudget {
        if (bytes <= 0) {
            throw new IllegalArgumentException("a memory budget must be positive, got " + bytes);
        }
    }

    /** No limit: one batch per scale, whatever the size (also for networks that are not a {@link BackboneKind}). */
    public static CamMemoryBudget unlimited() {
        return new CamMemoryBudget(Long.MAX_VALUE, null, "none");
    }

    /** How one scale's forwards are run. */
    public record Layout(int imagesPerForward, int tileCells) {
        /** Whether each image is cut into tiles of {@code tileCells x tileCells} core cells. */
        public boolean tiled() {
            return tileCells > 0;
        }
    }

    /** An image that does not fit even as the smallest tile; the message names the image, scale and budget. */
    public static final class OverBudgetException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OverBudgetException(String message) {
            super(message);
        }
    }

    /** Pixels a tile reaches beyond its core on each side: the receptive-field radius rounded up to the stride. */
    public int margin() {
        int radius = ReceptiveField.radius(backbone);
        return (radius + STRIDE - 1) / STRIDE * STRIDE;
    }

    /**
     * The layout of one scale.
     *
     * @param images images of the scale (2 with the mirror image)
     * @param height scaled height
     * @param width scaled width
     * @param original the unscaled image's size ({@code 500x375}), for the reason of a reject
     * @param scale the scale, for the reason of a reject
     * @throws OverBudgetException if not even the smallest tile fits
     */
    public Layout layout(int images, int height, int width, String original, double scale) {
        if (backbone == null) {
            return new Layout(images, 0);
        }
        // The scaled image, its mirror image and the batch or tile copied from them live on the Java heap.
        long available = bytes - hostBytes(images, height, width);
        if (cost(images, height, width) <= available) {
            return new Layout(images, 0);
        }
        if (cost(1, height, width) <= available) {
            return new Layout(1, 0);
        }
        long smallestTile = cost(1, tileSide(1, height), tileSide(1, width));
        if (smallestTile > available) {
            throw new OverBudgetException(String.format(Locale.ROOT,
                    "image %s needs at least ~%s at scale %s (%dx%d, in tiles of %d px), over %s = %s", original,
                    gigabytes(bytes - available + smallestTile), scale, width, height, STRIDE + 2 * margin(),
                    setting, format(bytes)));
        }
        int fits = 1;
        int over = cells(Math.max(height, width));
        while (over - fits > 1) {
            int middle = (fits + over) >>> 1;
            if (cost(1, tileSide(middle, height), tileSide(middle, width)) <= available) {
                fits = middle;
            } else {
                over = middle;
            }
        }
        return new Layout(1, fits);
    }

    /**
     * Checks that one untiled forward of the whole image fits (the classifier's logits need the whole image).
     *
     * @throws OverBudgetException if it does not
     */
    public void requireWhole(int height, int width) {
        if (backbone == null) {
            return;
        }
        long need = hostBytes(1, height, width) + cost(1, height, width);
        if (need > bytes) {
            throw new OverBudgetException(String.format(Locale.ROOT,
                    "image %dx%d needs ~%s to predict its classes, over %s = %s", width, height, gigabytes(need),
                    setting, format(bytes)));
        }
    }

    private static long hostBytes(int images, int height, int width) {
        return (long) Float.BYTES * 3 * height * width * (images + 1);
    }

    private long cost(int images, int height, int width) {
        return ForwardMemory.bytes(backbone, images, height, width);
    }

    private int tileSide(int coreCells, int side) {
        return Math.min(side, coreCells * STRIDE + 2 * margin());
    }

    static int cells(int pixels) {
        return (pixels + STRIDE - 1) / STRIDE;
    }

    private static String gigabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30));
    }

    /** A size as a configuration value: {@code 3g}, {@code 512m}, ... */
    public static String format(long bytes) {
        String[] units = {"g", "m", "k"};
        for (int i = 0; i < units.length; i++) {
            long unit = 1L << (10 * (units.length - i));
            if (bytes % unit == 0) {
                return bytes / unit + units[i];
            }
        }
        return Long.toString(bytes);
    }
}
