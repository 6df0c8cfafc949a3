package org.wsss.algo.walk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.wsss.algo.affinity.PairOffsets;
import org.wsss.algo.maps.ChannelStack;

/** One pass of steps read off at several logt values equals a separate walk for each. */
class WalkSeriesTest {
    private final ChannelStack features = WalkInputs.features(6, 9, 11, 3L);
    private final ChannelStack scores = WalkInputs.scores(3, 9, 11, 4L);

    @Test
    void eachResultOfTheSeriesIsTheWalkOfThatLength() {
        int[] logts = {0, 2, 3, 5};
        List<ChannelStack> series = walk(5).propagateSeries(features, scores, logts);
        assertEquals(logts.length, series.size());
        for (int i = 0; i < logts.length; i++) {
            ChannelStack alone = walk(logts[i]).propagate(features, scores);
            assertArrayEquals(alone.values(), series.get(i).values(), "logt " + logts[i]);
        }
    }

    @Test
    void logtValuesMustIncrease() {
        assertThrows(IllegalArgumentException.class,
                () -> walk(3).propagateSeries(features, scores, new int[] {3, 2}));
    }

    private static SparseRandomWalk walk(int logt) {
        return new SparseRandomWalk(new RandomWalkSettings(8, logt, PairOffsets.DEFAULT_RADIUS,
                RandomWalkMethod.SPARSE), 2);
    }
}
