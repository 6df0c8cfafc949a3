package org.wsss.jobs.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wsss.algo.metrics.ConfusionMatrix;
import org.wsss.config.TuneSettings;
import org.wsss.io.MaskMethods;
import org.wsss.jobs.stage.SparseCounts;
import org.wsss.jobs.stage.TuningImages;

/**
 * The choice among the grid's points: the walks the CRF refines, and the bootstrap comparison of the best point with
 * the configured one from per-image scores in any order.
 */
class TuneChoiceTest {
    private static final TuneImage.Point CONFIGURED = TuneImage.Point.walk(MaskMethods.RW, 16, 8, 4);
    private static final TuneImage.Point TUNED = TuneImage.Point.walk(MaskMethods.RW, 8, 16, 7);

    /** Image {@code id}'s score at {@code point} when {@code missed} of its 40 pet pixels (of 100) are missed. */
    private static TuneImage.Score score(String id, TuneImage.Point point, int missed) {
        ConfusionMatrix matrix = new ConfusionMatrix(ConfusionMatrix.DEFAULT_CLASSES);
        for (int pixel = 0; pixel < 100; pixel++) {
            boolean pet = pixel < 40;
            matrix.add(pet ? 1 : 0, pet && pixel >= missed ? 1 : 0);
        }
        return new TuneImage.Score(id, point, SparseCounts.of(matrix.toLongArray()));
    }

    @Test
    void imagesArePairedByIdWhateverTheOrder() {
        List<TuneImage.Score> both = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            // Image i is easy (1 pixel missed) or hard (20) for both points; the tuned point misses one less.
            int missed = i % 2 == 0 ? 1 : 20;
            both.add(score("img" + i, TUNED, missed - 1));
            both.add(0, score("img" + i, CONFIGURED, missed));
        }
        assertEquals(1.0, TuneStage.shareWon(both, TUNED, CONFIGURED, 7), "better on every image: every draw");
        assertEquals(0.0, TuneStage.shareWon(both, CONFIGURED, TUNED, 7));
    }

    @Test
    void theCrfRefinesTheBestWalksAtEveryBackgroundPower() {
        TuneSettings grid = new TuneSettings(24, 7, List.of(0.2), List.of(8.0, 16.0, 64.0), List.of(8.0, 16.0),
                List.of(2, 4, 7), 2, 0.9, 0);
        Map<TuneImage.Point, TuneStage.Scores> scores = new LinkedHashMap<>();
        for (double power : grid.backgroundPowers()) {
            for (double beta : grid.betas()) {
                for (int logt : grid.logts()) {
                    // Best walk alone: power 8, beta 16, logt 7; then power 8, beta 16, logt 4 (same pair once);
                    // then power 16, beta 8, logt 2.
                    double miou = power == 8 && beta == 16 ? 0.9 + logt / 100.0
                            : power == 16 && beta == 8 && logt == 2 ? 0.85 : 0.5;
                    scores.put(TuneImage.Point.walk(MaskMethods.RW, power, beta, logt),
                            new TuneStage.Scores(miou, miou));
                }
            }
        }
        TuneImage.Point configured = TuneImage.Point.walk(MaskMethods.RW, 64, 8, 4);
        List<TuneImage.Point> candidates = TuneStage.crfCandidates(scores, grid, configured);

        List<TuneImage.Point> expected = new ArrayList<>();
        for (int logt : List.of(7, 4)) {
            for (double power : grid.backgroundPowers()) {
                expected.add(TuneImage.Point.walk(MaskMethods.RW, power, 16, logt));
            }
        }
        expected.add(configured);
        assertEquals(expected, candidates, "the two best (beta, logt) pairs at every power, then the configured walk");
        assertFalse(candidates.contains(TuneImage.Point.walk(MaskMethods.RW, 16, 8, 2)),
                "the third best walk is another pair's: not refined with two candidates");
    }

    @Test
    void tuningTakesAtMostAQuarterOfTheTrainvalImages() {
        TuneSettings grid = new TuneSettings(24, 7, List.of(0.2), List.of(16.0), List.of(8.0), List.of(4), 21, 0.9, 0);
        assertEquals(24, TuningImages.count(grid, 112), "the demo's 112: 24 asked, 28 allowed");
        assertEquals(10, TuningImages.count(grid, 40));
        assertEquals(0, TuningImages.count(grid, 3));
    }

    @Test
    void pointsScoredOnDifferentImagesAreRefused() {
        List<TuneImage.Score> both = List.of(score("a", TUNED, 1), score("b", CONFIGURED, 1));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TuneStage.shareWon(both, TUNED, CONFIGURED, 7));
        assertTrue(e.getMessage().contains("same images"), e.getMessage());
    }
}
