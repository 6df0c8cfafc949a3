package org.wsss.model.walk;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.wsss.algo.affinity.PairOffsets.SourceWindow;
import org.wsss.algo.affinity.PairOffsets;
import org.wsss.algo.maps.ChannelStack;
import org.wsss.algo.walk.RandomWalk;
import org.wsss.algo.walk.RandomWalkSettings;

/**
 * PSA's own formulation of the random walk on NDArrays: a dense N x N transition matrix squared logt
 * times, then {@code cam_vec x T}. Float32 throughout, as in PSA.
 *
 * <p>It needs O(N^2) memory and O(N^3 logt) time, so it serves as the reference formulation and for small
 * feature maps; {@link org.wsss.algo.walk.SparseRandomWalk} gives the same result in O(N) memory. All
 * native memory lives in an {@link NDManager} closed before {@link #propagate} returns.
 */
public final class DenseRandomWalk implements RandomWalk {

    /**
     * Largest node count accepted: one N x N float matrix is then 1 GiB and a walk holds a few of them.
     * That is about a 1000 x 1000 image (125 x 125 features); the sparse walk has no such limit.
     */
    public static final int MAX_NODES = 16_384;

    private final RandomWalkSettings settings;
    private final PairOffsets offsets;
    private final Device device;

    /** A walk on the engine's default device; {@code settings.method()} is not consulted. */
    public DenseRandomWalk(RandomWalkSettings settings) {
        this(settings, null);
    }

    /** A walk on {@code device} ({@code null}: the engine's default). */
    public DenseRandomWalk(RandomWalkSettings settings, Device device) {
        this.settings = settings;
        this.offsets = settings.offsets();
        this.device = device;
    }

    /** The dense walk holds N x N matrices; past this the sparse method is the one to use. */
    @Override
    public int maxNodes() {
        return MAX_NODES;
    }

    @Override
    public ChannelStack propagate(ChannelStack features, ChannelStack cams) {
        RandomWalk.requireSameGrid(features, cams);
        int nodes = features.pixels();
        if (nodes > MAX_NODES) {
            throw new GridTooLargeException(nodes, MAX_NODES);
        }
        if (features.channels() < 1) {
            throw new IllegalArgumentException("features need at least one channel");
        }
        try (NDManager manager = NDManager.newBaseManager(device)) {
            NDArray transition = transition(manager, features);
            for (int squaring = 0; squaring < settings.logt(); squaring++) {
                NDArray squared = transition.matMul(transition);
                transition.close();
                transition = squared;
            }
            NDArray camVector = manager.create(cams.values(), new Shape(cams.channels(), nodes));
            float[] walked = camVector.matMul(transition).toFloatArray();
            return new ChannelStack(cams.channels(), cams.height(), cams.width(), walked);
        }
    }

    /** T = A^beta divided by its column sums, owned by {@code manager}; intermediates are freed on return. */
    private NDArray transition(NDManager manager, ChannelStack features) {
        try (NDManager scratch = manager.newSubManager()) {
            NDArray affinity = affinityMatrix(scratch, features).pow(settings.beta());
            NDArray transition = affinity.div(affinity.sum(new int[] {0}, true));
            transition.attach(manager);
            return transition;
        }
    }

    /** The dense N x N A: pair affinities in both directions and a unit diagonal. */
    private NDArray affinityMatrix(NDManager manager, ChannelStack features) {
        int nodes = features.pixels();
        SourceWindow window = offsets.sourceWindow(features.height(), features.width());
        int sources = window.count();
        int pairs = offsets.count() * sources;

        // Node-major features, so a row gather picks the feature vectors of a set of nodes.
        NDArray nodeFeatures = manager.create(features.values(), new Shape(features.channels(), nodes)).transpose();
        long[] sourceNodes = new long[sources];
        for (int source = 0; source < sources; source++) {
            sourceNodes[source] = window.pixel(source);
        }
        NDArray sourceFeatures = nodeFeatures.get(manager.create(sourceNodes));

        // Flat N x N positions of (i, j), (j, i) and the diagonal, with their affinities.
        long[] positions = new long[2 * pairs + nodes];
        NDArray[] affinities = new NDArray[offsets.count()];
        for (int offset = 0; offset < offsets.count(); offset++) {
            int step = offsets.flatStep(offset, features.width());
            long[] targetNodes = new long[sources];
            for (int source = 0; source < sources; source++) {
                targetNodes[source] = sourceNodes[source] + step;
                int pair = offset * sources + source;
                positions[pair] = sourceNodes[source] * nodes + targetNodes[source];
                positions[pairs + pair] = targetNodes[source] * nodes + sourceNodes[source];
            }
            NDArray targetFeatures = nodeFeatures.get(manager.create(targetNodes));
            affinities[offset] = sourceFeatures.sub(targetFeatures).abs().mean(new int[] {1}).neg().exp();
        }
        for (int node = 0; node < nodes; node++) {
            positions[2 * pairs + node] = (long) node * nodes + node;
        }
        NDArray pairAffinities = pairs == 0 ? manager.zeros(new Shape(0)) : NDArrays.concat(new NDList(affinities));
        NDArray values = pairAffinities.concat(pairAffinities).concat(manager.ones(new Shape(nodes)));
        return manager.zeros(new Shape((long) nodes * nodes))
                .put(manager.create(positions), values)
                .reshape(nodes, nodes);
    }
}
