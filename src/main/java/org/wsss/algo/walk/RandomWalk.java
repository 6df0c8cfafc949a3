package org.wsss.algo.walk;

import org.wsss.algo.maps.ChannelStack;

/**
 * Propagates class scores along feature affinities: {@code result = cam_vec x T^(2^logt)}, where
 * {@code cam_vec} is K x N, {@code T = A^beta} divided by its column sums, and A holds
 * {@code exp(-mean_c |f_i - f_j|)} on the pair set, symmetric, with a unit diagonal.
 *
 * <p>Column-normalised T with the vector on the left means each step replaces a node's score by a
 * weighted average of its neighbours' scores: constant maps stay constant and every result lies within
 * the input's range.
 */
public interface RandomWalk {

    /**
     * @param features C x H x W features at feature resolution
     * @param cams     K x H x W scores on the same grid (channel 0 is background)
     * @return K x H x W walked scores
     */
    ChannelStack propagate(ChannelStack features, ChannelStack cams);

    /** The most feature-grid nodes one walk accepts; larger grids are refused before any work is done. */
    default int maxNodes() {
        return Integer.MAX_VALUE;
    }

    /** Thrown for a grid of more than {@link #maxNodes()} nodes: a property of the image, not a failure. */
    final class GridTooLargeException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public GridTooLargeException(int nodes, int maxNodes) {
            super(nodes + " feature nodes exceed this walk's " + maxNodes + " (the sparse walk has no limit)");
        }
    }

    /** Fails unless features and scores share a grid. */
    static void requireSameGrid(ChannelStack features, ChannelStack cams) {
        if (!features.sameGridAs(cams)) {
            throw new IllegalArgumentException("features are " + features.height() + " x " + features.width()
                    + " but scores are " + cams.height() + " x " + cams.width());
        }
    }
}
