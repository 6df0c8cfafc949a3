package org.wsss.algo.walk;

import org.wsss.algo.maps.ChannelStack;

/**
 * The random walk written as literally as possible, for tests: an explicit N x N double matrix built by
 * looping over every source pixel and offset, column-normalised, then applied step by step.
 */
final class BruteForceWalk {

    private final double[][] transition;
    private final double[] degrees;

    BruteForceWalk(ChannelStack features, double beta, int radius) {
        int height = features.height();
        int width = features.width();
        int nodes = height * width;
        int reach = radius - 1;
        double[][] weights = new double[nodes][nodes];
        for (int node = 0; node < nodes; node++) {
            weights[node][node] = 1.0;
        }
        for (int y = 0; y < height - reach; y++) {
            for (int x = reach; x < width - reach; x++) {
                for (int dy = 0; dy < radius; dy++) {
                    for (int dx = -reach; dx <= reach; dx++) {
                        boolean inHalfPlane = dy > 0 || dx > 0;
                        if (!inHalfPlane || dy * dy + dx * dx >= radius * radius) {
                            continue;
                        }
                        double distance = 0;
                        for (int c = 0; c < features.channels(); c++) {
                            distance += Math.abs(features.get(c, y, x) - features.get(c, y + dy, x + dx));
                        }
                        double affinity = Math.exp(-distance / features.channels());
                        int i = y * width + x;
                        int j = (y + dy) * width + x + dx;
                        weights[i][j] = Math.pow(affinity, beta);
                        weights[j][i] = Math.pow(affinity, beta);
                    }
                }
            }
        }
        degrees = new double[nodes];
        for (int j = 0; j < nodes; j++) {
            for (int i = 0; i < nodes; i++) {
                degrees[j] += weights[i][j];
            }
        }
        transition = new double[nodes][nodes];
        for (int i = 0; i < nodes; i++) {
            for (int j = 0; j < nodes; j++) {
                transition[i][j] = weights[i][j] / degrees[j];
            }
        }
    }

    /** Column sums of A^beta. */
    double[] degrees() {
        return degrees.clone();
    }

    /** {@code cams x T^steps}. */
    ChannelStack propagate(ChannelStack cams, int steps) {
        int nodes = cams.pixels();
        double[][] scores = new double[cams.channels()][nodes];
        for (int k = 0; k < cams.channels(); k++) {
            for (int i = 0; i < nodes; i++) {
                scores[k][i] = cams.values()[k * nodes + i];
            }
        }
        for (int step = 0; step < steps; step++) {
            double[][] next = new double[cams.channels()][nodes];
            for (int k = 0; k < cams.channels(); k++) {
                for (int i = 0; i < nodes; i++) {
                    if (scores[k][i] == 0) {
                        continue;
                    }
                    for (int j = 0; j < nodes; j++) {
                        next[k][j] += scores[k][i] * transition[i][j];
                    }
                }
            }
            scores = next;
        }
        float[] values = new float[cams.values().length];
        for (int k = 0; k < cams.channels(); k++) {
            for (int i = 0; i < nodes; i++) {
                values[k * nodes + i] = (float) scores[k][i];
            }
        }
        return new ChannelStack(cams.channels(), cams.height(), cams.width(), values);
    }
}
