package org.wsss.algo.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SegmentationMetricsTest {

    private static final double EXACT = 1e-12;

    /**
     * truth      0 0 0 1 1 2 255
     * prediction 0 0 1 1 2 2 1
     * class 0: TP 2, FN 1 -> 2/3; class 1: TP 1, FP 1, FN 1 -> 1/3; class 2: TP 1, FP 1 -> 1/2; class 3 absent.
     */
    @Test
    void iouPerClassMeanAndAccuracyByHand() {
        ConfusionMatrix matrix = new ConfusionMatrix(4)
                .add(new int[] {0, 0, 0, 1, 1, 2, 255}, new int[] {0, 0, 1, 1, 2, 2, 1});
        SegmentationMetrics metrics = SegmentationMetrics.of(matrix);
        assertEquals(2.0 / 3, metrics.iou(0), EXACT);
        assertEquals(1.0 / 3, metrics.iou(1), EXACT);
        assertEquals(1.0 / 2, metrics.iou(2), EXACT);
        assertTrue(Double.isNaN(metrics.iou(3)));
        assertFalse(metrics.present(3));
        assertEquals((2.0 / 3 + 1.0 / 3 + 1.0 / 2) / 3, metrics.meanIou(), EXACT);
        assertEquals(4.0 / 6, metrics.pixelAccuracy(), EXACT);
    }

    @Test
    void aClassOnlyPredictedCountsWithIouZero() {
        ConfusionMatrix matrix = new ConfusionMatrix(3).add(new int[] {0, 0}, new int[] {0, 2});
        SegmentationMetrics metrics = SegmentationMetrics.of(matrix);
        assertEquals(0.0, metrics.iou(2), EXACT);
        assertTrue(Double.isNaN(metrics.iou(1)));
        assertEquals((0.5 + 0.0) / 2, metrics.meanIou(), EXACT);
    }

    @Test
    void unpredictedPixelsAreFalseNegativesOnly() {
        ConfusionMatrix matrix = new ConfusionMatrix(2).add(new int[] {1, 1, 0}, new int[] {1, 255, 0});
        SegmentationMetrics metrics = SegmentationMetrics.of(matrix);
        assertEquals(0.5, metrics.iou(1), EXACT);
        assertEquals(1.0, metrics.iou(0), EXACT);
        assertEquals(2.0 / 3, metrics.pixelAccuracy(), EXACT);
    }

    @Test
    void emptyMatrixHasNothingToScore() {
        SegmentationMetrics metrics = SegmentationMetrics.of(new ConfusionMatrix());
        assertEquals(38, metrics.numClasses());
        assertTrue(Double.isNaN(metrics.meanIou()));
        assertTrue(Double.isNaN(metrics.pixelAccuracy()));
        assertTrue(Double.isNaN(metrics.foregroundIou()));
    }

    /** Breeds confused with each other still count as pet in the binary view. */
    @Test
    void foregroundIouTreatsEveryBreedAsPet() {
        ConfusionMatrix matrix = new ConfusionMatrix()
                .add(new int[] {0, 0, 5, 5, 12}, new int[] {0, 7, 7, 0, 12});
        SegmentationMetrics metrics = SegmentationMetrics.of(matrix);
        // pet: TP 2 (5->7, 12->12), FP 1 (0->7), FN 1 (5->0).
        assertEquals(2.0 / 4, metrics.foregroundIou(), EXACT);
        assertEquals(1.0 / 3, metrics.binary().iou(0), EXACT);
        assertEquals(3.0 / 5, metrics.binary().pixelAccuracy(), EXACT);
        assertEquals(2.0 / 5, metrics.pixelAccuracy(), EXACT);
    }

    @Test
    void metricsDoNotFollowLaterChangesToTheMatrix() {
        ConfusionMatrix matrix = new ConfusionMatrix(2).add(new int[] {1}, new int[] {1});
        SegmentationMetrics metrics = SegmentationMetrics.of(matrix);
        matrix.add(new int[] {1}, new int[] {0});
        assertEquals(1.0, metrics.iou(1), EXACT);
    }
}
