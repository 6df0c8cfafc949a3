package org.wsss.jobs.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wsss.io.MaskMethods;

/** The margin a tuned point needs over the configured one before it replaces it. */
class TuneChoiceTest {
    private static final TuneImage.Point CONFIGURED = TuneImage.Point.walk(MaskMethods.RW, 16, 8, 4);
    private static final TuneImage.Point TUNED = TuneImage.Point.walk(MaskMethods.RW, 8, 16, 7);

    @Test
    void aMarginBelowTheMinimumGainKeepsTheConfiguredPoint() {
        var scores = Map.of(CONFIGURED, new TuneStage.Scores(0.926, 0.9), TUNED, new TuneStage.Scores(0.930, 0.9));
        assertEquals(TuneStage.best(scores, MaskMethods.RW), TUNED);
        assertEquals(CONFIGURED, TuneStage.unlessClearlyBetter(scores, TUNED, CONFIGURED, 0.01));
        assertEquals(TUNED, TuneStage.unlessClearlyBetter(scores, TUNED, CONFIGURED, 0.0));
    }

    @Test
    void aClearWinReplacesTheConfiguredPoint() {
        var scores = Map.of(CONFIGURED, new TuneStage.Scores(0.824, 0.8), TUNED, new TuneStage.Scores(0.868, 0.8));
        assertEquals(TUNED, TuneStage.unlessClearlyBetter(scores, TUNED, CONFIGURED, 0.01));
    }

    @Test
    void aConfiguredPointOffTheGridCannotBeCompared() {
        var scores = Map.of(TUNED, new TuneStage.Scores(0.5, 0.5));
        assertEquals(TUNED, TuneStage.unlessClearlyBetter(scores, TUNED, CONFIGURED, 0.5));
    }
}
