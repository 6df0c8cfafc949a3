package org.wsss.model.affinity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import org.wsss.algo.affinity.PairOffsets.SourceWindow;
import org.wsss.algo.affinity.PairOffsets;

/**
 * Pair affinities of a batch of feature maps: {@code a_ij = exp(-mean_c |f_i - f_j|)} for every offset of a
 * {@link PairOffsets} and every source of its cropped window, in {@code PairLabels}' layout (offset-major, sources
 * row-major), so predictions and label planes line up element for element.
 *
 * <p>Each offset is one shifted slice of the feature map, so the whole computation is a few dozen differentiable
 * tensor operations rather than a gather per pair. The channel mean (not a sum) keeps affinities independent of the
 * feature width. For backpropagation the engine keeps one {@code N x C x sources} difference per offset, the
 * dominant memory cost of a training step.
 */
public final class PairAffinities {

    private static final int BATCH_AXIS = 0;
    private static final int CHANNEL_AXIS = 1;
    private static final int HEIGHT_AXIS = 2;
    private static final int WIDTH_AXIS = 3;
    private static final int FEATURE_RANK = 4;
    /** Offsets are stacked after the batch axis. */
    private static final int OFFSET_AXIS = 1;
    /** Batch and channel axes, taken whole when slicing. */
    private static final int UNSLICED_LEADING_AXES = 2;

    private PairAffinities() {}

    /**
     * @param features {@code (N, C, h, w)} feature maps
     * @param offsets the pair set
     * @return {@code (N, offsets.count(), window.count())} affinities in (0, 1]; zero sources for a map too small
     *     to hold a pair
     */
    public static NDArray of(NDArray features, PairOffsets offsets) {
        Shape shape = features.getShape();
        if (shape.dimension() != FEATURE_RANK) {
            throw new IllegalArgumentException("expected (N, C, h, w) features, got " + shape);
        }
        long batch = shape.get(BATCH_AXIS);
        SourceWindow window = offsets.sourceWindow(
                Math.toIntExact(shape.get(HEIGHT_AXIS)), Math.toIntExact(shape.get(WIDTH_AXIS)));
        Shape result = new Shape(batch, offsets.count(), window.count());
        if (window.count() == 0) {
            return features.getManager().zeros(result, features.getDataType(), features.getDevice());
        }
        NDArray sources = shifted(features, window, 0, 0);
        NDList distances = new NDList(offsets.count());
        for (int offset = 0; offset < offsets.count(); offset++) {
            NDArray targets = shifted(features, window, offsets.dy(offset), offsets.dx(offset));
            distances.add(sources.sub(targets).abs().mean(new int[] {CHANNEL_AXIS}));
        }
        return NDArrays.stack(distances, OFFSET_AXIS).reshape(result).neg().exp();
    }

    /** The window moved by (dy, dx): for each source, the pixel that many rows down and columns right. */
    private static NDArray shifted(NDArray features, SourceWindow window, int dy, int dx) {
        long firstColumn = (long) window.firstColumn() + dx;
        return features.get(new NDIndex()
                .addAllDim(UNSLICED_LEADING_AXES)
                .addSliceDim(dy, (long) dy + window.rows())
                .addSliceDim(firstColumn, firstColumn + window.columns()));
    }
}
