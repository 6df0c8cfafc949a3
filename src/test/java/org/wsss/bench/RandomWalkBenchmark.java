package org.wsss.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.wsss.algo.maps.ChannelStack;
import org.wsss.algo.walk.RandomWalkMethod;
import org.wsss.algo.walk.RandomWalkSettings;
import org.wsss.algo.walk.SparseRandomWalk;
import org.wsss.algo.walk.WalkInputs;
import org.wsss.model.walk.DenseRandomWalk;

/**
 * Sparse against dense random walk at pet size, and the sparse walk against image size. Inputs are
 * AffinityNet-wide (448 channels) with three score rows (background and two classes); both walks include
 * computing the affinities. Everything runs on one thread, PyTorch included, so the two are comparable.
 *
 * <p>Single-shot mode: a dense walk at pet size takes seconds, and each call is a whole walk anyway.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "-Dai.djl.pytorch.num_threads=1")
public class RandomWalkBenchmark {

    /** AffinityNet's feature width. */
    private static final int CHANNELS = 448;
    /** Background plus two classes. */
    private static final int CLASSES = 3;
    /** Feature stride of AffinityNet. */
    private static final int STRIDE = 8;
    /** A typical Oxford-IIIT Pet image (500 x 375) at stride 8. */
    private static final int PET_FEATURE_HEIGHT = 47;
    private static final int PET_FEATURE_WIDTH = 63;

    private static final RandomWalkSettings SPARSE = RandomWalkSettings.defaults();
    private static final RandomWalkSettings DENSE = new RandomWalkSettings(
            SPARSE.beta(), SPARSE.logt(), SPARSE.radius(), RandomWalkMethod.DENSE);

    /** Inputs of a pet-sized image. */
    @State(Scope.Benchmark)
    public static class PetSize {
        ChannelStack features;
        ChannelStack cams;

        @Setup(Level.Trial)
        public void generate() {
            features = WalkInputs.features(CHANNELS, PET_FEATURE_HEIGHT, PET_FEATURE_WIDTH, 1);
            cams = WalkInputs.scores(CLASSES, PET_FEATURE_HEIGHT, PET_FEATURE_WIDTH, 2);
        }
    }

    /** Inputs of a square image of {@code imageSide} pixels. */
    @State(Scope.Benchmark)
    public static class SquareImage {
        @Param({"500", "1000", "2000"})
        int imageSide;

        ChannelStack features;
        ChannelStack cams;

        @Setup(Level.Trial)
        public void generate() {
            int side = (imageSide + STRIDE - 1) / STRIDE;
            features = WalkInputs.features(CHANNELS, side, side, 3);
            cams = WalkInputs.scores(CLASSES, side, side, 4);
        }
    }

    @Benchmark
    public ChannelStack sparsePetSize(PetSize inputs) {
        return new SparseRandomWalk(SPARSE).propagate(inputs.features, inputs.cams);
    }

    @Benchmark
    public ChannelStack densePetSize(PetSize inputs) {
        return new DenseRandomWalk(DENSE).propagate(inputs.features, inputs.cams);
    }

    @Benchmark
    public ChannelStack sparseSquareImage(SquareImage inputs) {
        return new SparseRandomWalk(SPARSE).propagate(inputs.features, inputs.cams);
    }
}
