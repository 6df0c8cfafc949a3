package org.wsss.jobs.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wsss.algo.metrics.ConfusionMatrix;
import org.wsss.io.MaskMethods;
import org.wsss.jobs.stage.SparseCounts;

/** The bootstrap comparison of the best point with the configured one, from per-image scores in any order. */
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
    void pointsScoredOnDifferentImagesAreRefused() {
        List<TuneImage.Score> both = List.of(score("a", TUNED, 1), score("b", CONFIGURED, 1));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TuneStage.shareWon(both, TUNED, CONFIGURED, 7));
        assertTrue(e.getMessage().contains("same images"), e.getMessage());
    }
}
