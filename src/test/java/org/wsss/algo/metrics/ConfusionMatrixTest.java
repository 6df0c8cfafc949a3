package org.wsss.algo.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {

    private static final byte IGNORE = (byte) 255;

    @Test
    void countsPixelsByTruthAndPrediction() {
        ConfusionMatrix matrix = new ConfusionMatrix(3)
                .add(new byte[] {0, 0, 1, 2, 2}, new int[] {0, 1, 1, 2, 0});
        assertEquals(1, matrix.count(0, 0));
        assertEquals(1, matrix.count(0, 1));
        assertEquals(1, matrix.count(1, 1));
        assertEquals(1, matrix.count(2, 2));
        assertEquals(1, matrix.count(2, 0));
        assertEquals(5, matrix.total());
        assertEquals(2, matrix.predictedTotal(0));
        assertEquals(2, matrix.truthTotal(2));
    }

    @Test
    void ignoredTruthIsSkippedAndIgnoredPredictionIsAMiss() {
        ConfusionMatrix matrix = new ConfusionMatrix(3)
                .add(new byte[] {IGNORE, IGNORE, 1}, new byte[] {1, IGNORE, IGNORE});
        assertEquals(1, matrix.total());
        assertEquals(1, matrix.unpredicted(1));
        assertEquals(1, matrix.truthTotal(1));
        assertEquals(0, matrix.predictedTotal(1));
    }

    @Test
    void labelsOutsideTheClassesAreErrors() {
        ConfusionMatrix matrix = new ConfusionMatrix(3);
        assertThrows(IllegalArgumentException.class, () -> matrix.add(3, 0));
        assertThrows(IllegalArgumentException.class, () -> matrix.add(0, 7));
        assertThrows(IllegalArgumentException.class, () -> matrix.add(new int[] {0}, new int[] {0, 1}));
    }

    @Test
    void mergeAddsCountsAndRoundTripsThroughALongArray() {
        ConfusionMatrix left = new ConfusionMatrix(3).add(new int[] {0, 1}, new int[] {0, 2});
        ConfusionMatrix right = new ConfusionMatrix(3).add(new int[] {1, 2}, new int[] {2, 255});
        ConfusionMatrix merged = ConfusionMatrix.fromLongArray(3, left.toLongArray()).merge(right);
        assertEquals(1, merged.count(0, 0));
        assertEquals(2, merged.count(1, 2));
        assertEquals(1, merged.unpredicted(2));
        assertEquals(4, merged.total());
        assertEquals(2, left.total(), "fromLongArray copies");
        assertArrayEquals(merged.toLongArray(), ConfusionMatrix.fromLongArray(3, merged.toLongArray()).toLongArray());
        assertThrows(IllegalArgumentException.class, () -> left.merge(new ConfusionMatrix(4)));
        assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.fromLongArray(3, new long[9]));
    }

    @Test
    void survivesJavaSerialisation() throws IOException, ClassNotFoundException {
        ConfusionMatrix matrix = new ConfusionMatrix().add(new int[] {37, 0}, new int[] {37, 5});
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(matrix);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            ConfusionMatrix copy = (ConfusionMatrix) in.readObject();
            assertArrayEquals(matrix.toLongArray(), copy.toLongArray());
            assertEquals(ConfusionMatrix.DEFAULT_CLASSES, copy.numClasses());
        }
    }

    @Test
    void binaryViewMergesAllClassesIntoPet() {
        ConfusionMatrix binary = new ConfusionMatrix(4)
                .add(new int[] {0, 1, 2, 3, 3, 2}, new int[] {0, 2, 2, 0, 255, 1})
                .toBinary();
        assertEquals(2, binary.numClasses());
        assertEquals(1, binary.count(0, 0));
        assertEquals(3, binary.count(1, 1));
        assertEquals(1, binary.count(1, 0));
        assertEquals(1, binary.unpredicted(1));
    }
}
