package org.wsss.jobs.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wsss.algo.metrics.ConfusionMatrix;
import org.wsss.algo.metrics.TrimapTruth;
import org.wsss.io.EvaluationMetrics;

/** The contract's scores of a hand-worked example: one ignored border pixel and a class only predicted. */
class EvaluateScoringTest {
    private static final double TOLERANCE = 1e-12;

    @Test
    void handComputedScores() {
        // Trimap of an Abyssinian (class 1), 4 x 2:   prediction:
        //   pet pet border bg                         1 0 1 0
        //   pet bg  bg     bg                         1 1 0 3   (3 = american_pit_bull_terrier, in no truth)
        int[] trimap = {1, 1, 3, 2, 1, 2, 2, 2};
        int[] prediction = {1, 0, 1, 0, 1, 1, 0, 3};
        ConfusionMatrix matrix = new ConfusionMatrix().add(TrimapTruth.labels(trimap, 1), prediction);
        EvaluationMetrics.MethodScores scores = EvaluateStage.scoresOf(matrix, 1);

        // Seven counted pixels (the border is skipped).
        // Abyssinian: TP 2 (pixels 0, 4), FN 1 (pixel 1), FP 1 (pixel 5): 2 / 4.
        // background: TP 2 (pixels 3, 6), FN 2 (pixels 5, 7), FP 1 (pixel 1): 2 / 5.
        // american_pit_bull_terrier: FP 1 (pixel 7), nothing else: 0.
        Map<String, Double> perClass = new LinkedHashMap<>();
        perClass.put("background", 0.4);
        perClass.put("Abyssinian", 0.5);
        perClass.put("american_pit_bull_terrier", 0.0);
        assertEquals(perClass, scores.perClassIou());
        assertEquals((0.4 + 0.5 + 0.0) / 3, scores.miou(), TOLERANCE);
        // Correct: pixels 0, 3, 4, 6.
        assertEquals(4.0 / 7, scores.pixelAccuracy(), TOLERANCE);
        // Pet view: truth pet 0, 1, 4; predicted pet 0, 4, 5, 7: TP 2, FN 1, FP 2.
        assertEquals(2.0 / 5, scores.fgIou(), TOLERANCE);
        assertEquals(1, scores.scoredImages());
    }

    @Test
    void nothingScoredGivesNullsNotNaN() {
        EvaluationMetrics.MethodScores scores = EvaluateStage.scoresOf(new ConfusionMatrix(), 0);
        assertNull(scores.miou());
        assertNull(scores.fgIou());
        assertNull(scores.pixelAccuracy());
        assertEquals(Map.of(), scores.perClassIou());
    }
}
