package org.wsss.model.walk;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.wsss.algo.maps.ChannelStack;
import org.wsss.algo.walk.RandomWalkMethod;
import org.wsss.algo.walk.RandomWalkSettings;
import org.wsss.algo.walk.SparseRandomWalk;
import org.wsss.algo.walk.WalkInputs;
import org.wsss.reference.PsaReference.WalkCase;
import org.wsss.reference.PsaReference;

class DenseRandomWalkTest {

    private static final RandomWalkSettings REFERENCE_SETTINGS = new RandomWalkSettings(
            PsaReference.BETA, PsaReference.LOGT, PsaReference.RADIUS, RandomWalkMethod.DENSE);

    static List<WalkCase> referenceCases() {
        return List.of(PsaReference.RW_SMALL, PsaReference.RW_PETS);
    }

    @ParameterizedTest
    @MethodSource("referenceCases")
    void agreesWithTheReference(WalkCase reference) {
        ChannelStack walked = new DenseRandomWalk(REFERENCE_SETTINGS).propagate(reference.features(), reference.cams());
        double error = PsaReference.relativeL2(walked.values(), reference.expected().values());
        System.out.printf("dense walk (float32) vs %s: relative L2 %.3e%n", reference.name(), error);
        assertTrue(error < PsaReference.WALK_TOLERANCE, "relative L2 " + error);
    }

    @Test
    void agreesWithTheSparseWalkAtAnotherRadiusAndBeta() {
        RandomWalkSettings settings = new RandomWalkSettings(4, 5, 3, RandomWalkMethod.DENSE);
        ChannelStack features = WalkInputs.features(7, 14, 17, 21);
        ChannelStack cams = WalkInputs.scores(3, 14, 17, 22);
        float[] dense = new DenseRandomWalk(settings).propagate(features, cams).values();
        float[] sparse = new SparseRandomWalk(settings).propagate(features, cams).values();
        double error = PsaReference.relativeL2(dense, sparse);
        assertTrue(error < 1e-5, "relative L2 " + error);
    }

    @Test
    void mapTooSmallForPairsIsLeftUnchanged() {
        ChannelStack features = WalkInputs.features(3, 3, 7, 23);
        ChannelStack cams = WalkInputs.scores(2, 3, 7, 24);
        float[] walked = new DenseRandomWalk(REFERENCE_SETTINGS).propagate(features, cams).values();
        assertTrue(PsaReference.relativeL2(walked, cams.values()) < 1e-6);
    }

    @Test
    void refusesMapsTooLargeForADenseMatrix() {
        ChannelStack features = ChannelStack.zeros(1, 250, 250);
        ChannelStack cams = ChannelStack.zeros(1, 250, 250);
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new DenseRandomWalk(REFERENCE_SETTINGS).propagate(features, cams));
        assertTrue(error.getMessage().contains("sparse"), error.getMessage());
    }

    @Test
    void factoryBuildsTheConfiguredMethod() {
        RandomWalkSettings sparse = RandomWalkSettings.defaults();
        RandomWalkSettings dense = new RandomWalkSettings(sparse.beta(), sparse.logt(), sparse.radius(),
                RandomWalkMethod.fromSettingName("dense"));
        assertInstanceOf(SparseRandomWalk.class, RandomWalks.create(sparse, 2));
        assertInstanceOf(DenseRandomWalk.class, RandomWalks.create(dense));
    }
}
