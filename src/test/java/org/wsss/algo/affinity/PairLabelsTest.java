package org.wsss.algo.affinity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.wsss.algo.maps.LabelMap;
import org.wsss.reference.PsaReference.LabelCase;
import org.wsss.reference.PsaReference;

class PairLabelsTest {

    /** The reference's planes, in their file order. */
    private static final List<PairKind> REFERENCE_PLANES =
            List.of(PairKind.BACKGROUND_POSITIVE, PairKind.FOREGROUND_POSITIVE, PairKind.NEGATIVE);

    static List<LabelCase> referenceCases() {
        return List.of(PsaReference.AFFLABEL_SMALL, PsaReference.AFFLABEL_56);
    }

    @ParameterizedTest
    @MethodSource("referenceCases")
    void matchesTheReferencePlanesExactly(LabelCase reference) {
        PairLabels labels = PairLabels.of(reference.labels(), PairOffsets.ofRadius(PsaReference.RADIUS));
        float[] expected = reference.expectedPairs();
        int planeSize = labels.size();
        assertEquals(reference.pairsPerOffset(), labels.pairsPerOffset());
        assertEquals(REFERENCE_PLANES.size() * planeSize, expected.length);
        for (int plane = 0; plane < REFERENCE_PLANES.size(); plane++) {
            PairKind kind = REFERENCE_PLANES.get(plane);
            float[] expectedPlane = Arrays.copyOfRange(expected, plane * planeSize, (plane + 1) * planeSize);
            assertArrayEquals(expectedPlane, labels.mask(kind), kind.name());
            assertEquals(Math.round(sum(expectedPlane)), labels.count(kind), kind.name());
        }
        assertEquals(planeSize, Arrays.stream(PairKind.values()).mapToInt(labels::count).sum());
    }

    @Test
    void classifiesPairsByHand() {
        assertEquals(PairKind.BACKGROUND_POSITIVE, PairKind.of(0, 0));
        assertEquals(PairKind.FOREGROUND_POSITIVE, PairKind.of(7, 7));
        assertEquals(PairKind.NEGATIVE, PairKind.of(0, 7));
        assertEquals(PairKind.NEGATIVE, PairKind.of(7, 0));
        assertEquals(PairKind.NEGATIVE, PairKind.of(3, 7));
        assertEquals(PairKind.UNLABELLED, PairKind.of(255, 255));
        assertEquals(PairKind.UNLABELLED, PairKind.of(0, 255));
        assertEquals(PairKind.UNLABELLED, PairKind.of(255, 7));
    }

    @Test
    void labelsEachPairOfATinyMapAtRadiusTwo() {
        // Radius 2: offsets (0,1), (1,-1), (1,0), (1,1); sources are row 0, column 1 of a 2 x 3 map.
        byte[] map = {
            0, 0, 5,
            0, (byte) 255, 5,
        };
        PairLabels labels = PairLabels.of(new LabelMap(2, 3, map), PairOffsets.ofRadius(2));
        assertEquals(1, labels.pairsPerOffset());
        assertEquals(PairKind.NEGATIVE, labels.kind(0, 0)); // 0 -> 5
        assertEquals(PairKind.BACKGROUND_POSITIVE, labels.kind(1, 0)); // 0 -> 0
        assertEquals(PairKind.UNLABELLED, labels.kind(2, 0)); // 0 -> 255
        assertEquals(PairKind.NEGATIVE, labels.kind(3, 0)); // 0 -> 5
        assertEquals(2, labels.count(PairKind.NEGATIVE));
        assertEquals(0, labels.count(PairKind.FOREGROUND_POSITIVE));
    }

    private static double sum(float[] values) {
        double total = 0;
        for (float value : values) {
            total += value;
        }
        return total;
    }
}
