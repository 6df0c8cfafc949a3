package org.wsss.algo.walk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.wsss.algo.maps.ChannelStack;
import org.wsss.reference.PsaReference.WalkCase;
import org.wsss.reference.PsaReference;

class SparseRandomWalkTest {

    private static final RandomWalkSettings REFERENCE_SETTINGS = new RandomWalkSettings(
            PsaReference.BETA, PsaReference.LOGT, PsaReference.RADIUS, RandomWalkMethod.SPARSE);

    static List<WalkCase> referenceCases() {
        return List.of(PsaReference.RW_SMALL, PsaReference.RW_PETS);
    }

    @ParameterizedTest
    @MethodSource("referenceCases")
    void agreesWithTheReference(WalkCase reference) {
        ChannelStack walked = new SparseRandomWalk(REFERENCE_SETTINGS).propagate(reference.features(), reference.cams());
        double error = PsaReference.relativeL2(walked.values(), reference.expected().values());
        System.out.printf("sparse walk vs %s: relative L2 %.3e%n", reference.name(), error);
        assertTrue(error < PsaReference.WALK_TOLERANCE, "relative L2 " + error);
    }

    @Test
    void threadCountDoesNotChangeTheResult() {
        WalkCase reference = PsaReference.RW_PETS;
        float[] single = new SparseRandomWalk(REFERENCE_SETTINGS, 1)
                .propagate(reference.features(), reference.cams()).values();
        float[] parallel = new SparseRandomWalk(REFERENCE_SETTINGS, 3)
                .propagate(reference.features(), reference.cams()).values();
        assertArrayEquals(single, parallel);
    }

    @Test
    void matchesALiteralWalkAtAnotherRadiusBetaAndStepCount() {
        ChannelStack features = WalkInputs.features(6, 11, 13, 1);
        ChannelStack cams = WalkInputs.scores(2, 11, 13, 2);
        RandomWalkSettings settings = new RandomWalkSettings(3, 4, 3, RandomWalkMethod.SPARSE);
        float[] walked = new SparseRandomWalk(settings).propagate(features, cams).values();
        float[] literal = new BruteForceWalk(features, 3, 3).propagate(cams, settings.steps()).values();
        assertTrue(PsaReference.relativeL2(walked, literal) < 1e-6);
    }

    /** Columns of T sum to 1: one step maps the all-ones row vector onto itself, and so does the whole walk. */
    @Test
    void constantScoresStayConstant() {
        ChannelStack features = WalkInputs.features(8, 12, 15, 3);
        ChannelStack ones = new ChannelStack(1, 12, 15, filled(12 * 15, 1f));
        for (int logt : new int[] {0, PsaReference.LOGT}) {
            RandomWalkSettings settings = new RandomWalkSettings(PsaReference.BETA, logt, 5, RandomWalkMethod.SPARSE);
            float[] walked = new SparseRandomWalk(settings).propagate(features, ones).values();
            for (float value : walked) {
                assertEquals(1.0, value, 1e-6, "logt " + logt);
            }
        }
    }

    /**
     * The vector sits left of a column-stochastic T, so the plain sum of a class row is not kept; what is
     * kept is its sum weighted by node degree (the column sums of A^beta), since T d = d.
     */
    @Test
    void degreeWeightedClassMassIsPreserved() {
        ChannelStack features = WalkInputs.features(8, 12, 15, 4);
        ChannelStack cams = WalkInputs.scores(3, 12, 15, 5);
        double[] degrees = new BruteForceWalk(features, PsaReference.BETA, 5).degrees();
        ChannelStack walked = new SparseRandomWalk(REFERENCE_SETTINGS).propagate(features, cams);
        for (int k = 0; k < cams.channels(); k++) {
            double before = weightedMass(cams, k, degrees);
            double after = weightedMass(walked, k, degrees);
            assertEquals(before, after, 1e-5 * before, "class row " + k);
        }
    }

    /**
     * With identical features every pair has affinity 1 and the walk spreads each class evenly over its
     * connected component. PSA's cropped pair set leaves a few bottom-corner nodes with no pair at all
     * (degree 1, just the self-loop); they keep their scores.
     */
    @Test
    void identicalFeaturesDiffuseToAUniformMap() {
        ChannelStack features = new ChannelStack(4, 12, 14, filled(4 * 12 * 14, 0.5f));
        ChannelStack cams = WalkInputs.scores(2, 12, 14, 6);
        double[] degrees = new BruteForceWalk(features, PsaReference.BETA, 5).degrees();
        ChannelStack walked = new SparseRandomWalk(REFERENCE_SETTINGS).propagate(features, cams);
        assertEquals(1.0, degrees[11 * 14], "bottom-left corner has no pair");
        for (int k = 0; k < cams.channels(); k++) {
            double connectedMass = 0;
            double connectedDegree = 0;
            for (int node = 0; node < degrees.length; node++) {
                if (degrees[node] > 1) {
                    connectedMass += degrees[node] * cams.values()[k * cams.pixels() + node];
                    connectedDegree += degrees[node];
                }
            }
            for (int node = 0; node < walked.pixels(); node++) {
                int position = k * walked.pixels() + node;
                double expected = degrees[node] > 1 ? connectedMass / connectedDegree : cams.values()[position];
                assertEquals(expected, walked.values()[position], 1e-4, "class " + k + " node " + node);
            }
        }
    }

    /**
     * A is symmetric: T[i][j] d_j = T[j][i] d_i, so T[i][j] / T[j][j] = T[j][i] / T[i][i] = A_ij^beta.
     * A one-step walk from an indicator at i reads row i of T.
     */
    @Test
    void transitionComesFromASymmetricAffinity() {
        ChannelStack features = WalkInputs.features(5, 10, 12, 7);
        RandomWalkSettings oneStep = new RandomWalkSettings(PsaReference.BETA, 0, 5, RandomWalkMethod.SPARSE);
        int width = 12;
        int[][] pairs = {{0, 4, 1, 5}, {0, 7, 2, 9}, {5, 4, 9, 2}, {3, 7, 5, 10}};
        for (int[] pair : pairs) {
            int i = pair[0] * width + pair[1];
            int j = pair[2] * width + pair[3];
            float[] rowI = new SparseRandomWalk(oneStep).propagate(features, indicator(10, 12, i)).values();
            float[] rowJ = new SparseRandomWalk(oneStep).propagate(features, indicator(10, 12, j)).values();
            assertTrue(rowI[j] > 0, "pair " + Arrays.toString(pair) + " is in the pair set");
            assertEquals(rowI[j] / rowJ[j], rowJ[i] / rowI[i], 1e-5 * rowJ[i] / rowI[i]);
        }
    }

    @Test
    void mapTooSmallForPairsIsLeftUnchanged() {
        ChannelStack features = WalkInputs.features(3, 3, 7, 8);
        ChannelStack cams = WalkInputs.scores(2, 3, 7, 9);
        float[] walked = new SparseRandomWalk(REFERENCE_SETTINGS).propagate(features, cams).values();
        assertArrayEquals(cams.values(), walked);
    }

    @Test
    void rejectsScoresOnAnotherGrid() {
        ChannelStack features = WalkInputs.features(3, 10, 10, 10);
        ChannelStack cams = WalkInputs.scores(2, 10, 11, 11);
        assertThrows(IllegalArgumentException.class,
                () -> new SparseRandomWalk(REFERENCE_SETTINGS).propagate(features, cams));
        assertThrows(IllegalArgumentException.class, () -> new SparseRandomWalk(REFERENCE_SETTINGS, 0));
    }

    private static ChannelStack indicator(int height, int width, int node) {
        float[] values = new float[height * width];
        values[node] = 1f;
        return new ChannelStack(1, height, width, values);
    }

    private static float[] filled(int length, float value) {
        float[] values = new float[length];
        Arrays.fill(values, value);
        return values;
    }

    private static double weightedMass(ChannelStack scores, int channel, double[] degrees) {
        double mass = 0;
        for (int node = 0; node < scores.pixels(); node++) {
            mass += degrees[node] * scores.values()[channel * scores.pixels() + node];
        }
        return mass;
    }
}
