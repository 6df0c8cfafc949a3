package org.wsss.algo.crf;

import java.util.ArrayList;
import java.util.List;
import org.wsss.algo.parallel.RangeExecutor;

/**
 * Fully connected CRF with Gaussian edge potentials (Kraehenbuehl and Koltun, NIPS 2011), solved by mean-field
 * inference with permutohedral-lattice filtering. Two Potts terms, as in DenseCRF2D with diagonal kernels and
 * symmetric normalisation: a Gaussian on position (x/sxy, y/sxy) and a bilateral kernel on position and colour
 * (x/sxy, y/sxy, r/srgb, g/srgb, b/srgb).
 *
 * <p>Arrays are row-major; per-label arrays are channel-first ({@code labels x height x width}); the image is
 * interleaved RGB ({@code rgb[3 * (y * width + x) + channel]}). Instances are immutable and may be shared between
 * threads; each {@link #infer} call uses up to {@link #threads()} threads of its own.
 */
public final class DenseCrf {

    private final CrfSettings settings;
    private final int threads;

    public DenseCrf(CrfSettings settings) {
        this(settings, 1);
    }

    /** @param threads threads one {@link #infer} call may use; results agree across thread counts. */
    public DenseCrf(CrfSettings settings, int threads) {
        if (settings == null) {
            throw new IllegalArgumentException("settings must not be null");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.settings = settings;
        this.threads = threads;
    }

    public CrfSettings settings() {
        return settings;
    }

    public int threads() {
        return threads;
    }

    /** Unary energies {@code -log(clip(score, floor, 1))}, element by element (any layout). */
    public static float[] unaryFromScores(float[] scores, float floor) {
        if (!(floor > 0 && floor < 1)) {
            throw new IllegalArgumentException("floor must lie strictly between 0 and 1, got " + floor);
        }
        float[] unary = new float[scores.length];
        for (int i = 0; i < scores.length; i++) {
            unary[i] = -logOfClipped(scores[i], floor);
        }
        return unary;
    }

    /**
     * Per pixel, the label with the largest value in {@code labels x pixels} channel-first data (the lowest label
     * on ties).
     */
    public static int[] argmax(float[] perLabel, int labels, int pixels) {
        if (labels < 1 || pixels < 0 || perLabel.length != labels * pixels) {
            throw new IllegalArgumentException("expected " + labels + " x " + pixels + " values, got "
                    + perLabel.length);
        }
        int[] best = new int[pixels];
        float[] bestValue = new float[pixels];
        System.arraycopy(perLabel, 0, bestValue, 0, pixels);
        for (int label = 1; label < labels; label++) {
            int base = label * pixels;
            for (int p = 0; p < pixels; p++) {
                if (perLabel[base + p] > bestValue[p]) {
                    bestValue[p] = perLabel[base + p];
                    best[p] = label;
                }
            }
        }
        return best;
    }

    /**
     * Mean-field marginals for an image and per-label scores.
     *
     * @param rgbInterleaved {@code height * width * 3} bytes, read as unsigned
     * @param scores         {@code labels x height x width} scores; the unary is {@code -log(clip(score, floor, 1))}
     * @return Q, {@code labels x height x width}; each pixel's values sum to 1
     */
    public float[] infer(byte[] rgbInterleaved, float[] scores, int labels, int height, int width) {
        checkInputs(rgbInterleaved, scores, labels, height, width);
        int pixels = height * width;
        try (RangeExecutor executor = new RangeExecutor(threads)) {
            float[] negUnary = negatedUnary(scores, labels, pixels, executor);
            PottsKernel[] kernels = settings.iterations() == 0
                    ? new PottsKernel[0] : buildKernels(rgbInterleaved, labels, height, width, executor);
            float[] q = new MeanField(negUnary, kernels, labels).run(settings.iterations(), executor);
            return MeanField.toChannelFirst(q, labels, pixels, executor);
        }
    }

    private PottsKernel[] buildKernels(byte[] rgb, int labels, int height, int width, RangeExecutor executor) {
        int pixels = height * width;
        List<PottsKernel> kernels = new ArrayList<>(2);
        if (settings.gaussianCompat() != 0) {
            float[] features = CrfFeatures.position(height, width, (float) settings.gaussianSxy(), executor);
            kernels.add(PottsKernel.build(features, CrfFeatures.POSITION_DIM, pixels,
                    (float) settings.gaussianCompat(), labels, executor));
        }
        if (settings.bilateralCompat() != 0) {
            float[] features = CrfFeatures.positionAndColour(rgb, height, width, (float) settings.bilateralSxy(),
                    (float) settings.bilateralSrgb(), executor);
            kernels.add(PottsKernel.build(features, CrfFeatures.POSITION_COLOUR_DIM, pixels,
                    (float) settings.bilateralCompat(), labels, executor));
        }
        return kernels.toArray(new PottsKernel[0]);
    }

    /** -unary, pixel-interleaved: the layout every per-pixel loop below reads contiguously. */
    private float[] negatedUnary(float[] scores, int labels, int pixels, RangeExecutor executor) {
        float floor = (float) settings.scoreFloor();
        float[] negUnary = new float[pixels * labels];
        executor.forRange(pixels, (from, to) -> {
            for (int p = from; p < to; p++) {
                for (int label = 0; label < labels; label++) {
                    negUnary[p * labels + label] = logOfClipped(scores[label * pixels + p], floor);
                }
            }
        });
        return negUnary;
    }

    /** log(clip(score, floor, 1)) in float: the exact negation of the reference's float unary. */
    private static float logOfClipped(float score, float floor) {
        return (float) Math.log(Math.min(1f, Math.max(floor, score)));
    }

    private static void checkInputs(byte[] rgb, float[] scores, int labels, int height, int width) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("image must not be empty, got " + height + "x" + width);
        }
        if (labels < 1) {
            throw new IllegalArgumentException("labels must be >= 1, got " + labels);
        }
        long pixels = (long) height * width;
        if (rgb.length != 3 * pixels) {
            throw new IllegalArgumentException("expected " + 3 * pixels + " RGB bytes for " + height + "x" + width
                    + ", got " + rgb.length);
        }
        if (scores.length != labels * pixels) {
            throw new IllegalArgumentException("expected " + labels * pixels + " scores (" + labels + " x " + height
                    + " x " + width + "), got " + scores.length);
        }
        for (int i = 0; i < scores.length; i++) {
            if (Float.isNaN(scores[i])) {
                throw new IllegalArgumentException("score of label " + i / pixels + " at pixel " + i % pixels
                        + " is NaN");
            }
        }
    }
}
