package org.wsss.jobs.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.wsss.algo.metrics.ConfusionMatrix;
import org.wsss.algo.metrics.SegmentationMetrics;
import org.wsss.config.TuneSettings;
import org.wsss.io.MaskMethods;
import org.wsss.jobs.stage.SparseCounts;
import org.wsss.testing.TestSpark;

/** The refined walk is chosen by its grid neighbourhood: a plateau beats a lone peak. */
class GridNeighbourhoodTest {
    // Unsorted on purpose: neighbours follow the sorted order.
    private static final TuneSettings GRID = new TuneSettings(24, 7, List.of(0.2), List.of(64.0, 8.0, 16.0, 32.0),
            List.of(8.0, 4.0), List.of(2, 3, 4), 21, 0.9, 0);

    private static TuneImage.Point refined(double power, double beta, int logt) {
        return TuneImage.Point.walk(MaskMethods.RW_CRF, power, beta, logt);
    }

    @Test
    void neighboursAreOneSortedStepAwayInEveryDimension() {
        Set<TuneImage.Point> inner = new HashSet<>(GridNeighbourhood.around(refined(16, 8, 3), GRID));
        assertEquals(3 * 2 * 3, inner.size());
        assertTrue(inner.contains(refined(8, 4, 2)) && inner.contains(refined(32, 8, 4)));
        assertTrue(!inner.contains(refined(64, 8, 3)), "64 is two steps above 16");

        Set<TuneImage.Point> corner = new HashSet<>(GridNeighbourhood.around(refined(64, 4, 4), GRID));
        assertEquals(Set.of(refined(32, 4, 3), refined(32, 4, 4), refined(32, 8, 3), refined(32, 8, 4),
                refined(64, 4, 3), refined(64, 4, 4), refined(64, 8, 3), refined(64, 8, 4)), corner);
    }

    /** One image's counts: {@code hit} of its 100 pet pixels found, no false alarms among 100 background pixels. */
    private static SparseCounts found(int hit) {
        ConfusionMatrix matrix = new ConfusionMatrix(ConfusionMatrix.DEFAULT_CLASSES);
        for (int pixel = 0; pixel < 200; pixel++) {
            boolean pet = pixel < 100;
            matrix.add(pet ? 1 : 0, pet && pixel < hit ? 1 : 0);
        }
        return SparseCounts.of(matrix.toLongArray());
    }

    @Test
    void aPlateauOutscoresALonePeakOnceNeighboursArePooled() {
        // Peak: power 128, beta 2, logt 6 finds 95 pet pixels, everything else 40, except the plateau: power 16,
        // beta 8, logt 4 finds 90 and its neighbours 85 (two steps from every edge, so no smaller edge neighbourhood
        // sits wholly on it). Alone the peak is best; pooled, the plateau's centre is.
        TuneSettings grid = new TuneSettings(24, 7, List.of(0.2), List.of(4.0, 8.0, 16.0, 32.0, 64.0, 128.0),
                List.of(2.0, 4.0, 8.0, 16.0, 32.0), List.of(2, 3, 4, 5, 6), 21, 0.9, 0);
        TuneImage.Point peak = refined(128, 2, 6);
        TuneImage.Point plateau = refined(16, 8, 4);
        Set<TuneImage.Point> nearPlateau = new HashSet<>(GridNeighbourhood.around(plateau, grid));
        List<TuneImage.Score> perImage = new ArrayList<>();
        Set<TuneImage.Point> scored = new HashSet<>();
        for (double power : grid.backgroundPowers()) {
            for (double beta : grid.betas()) {
                for (int logt : grid.logts()) {
                    TuneImage.Point point = refined(power, beta, logt);
                    int hit = point.equals(peak) ? 95 : point.equals(plateau) ? 90 : nearPlateau.contains(point) ? 85 : 40;
                    scored.add(point);
                    for (int image = 0; image < 3; image++) {
                        perImage.add(new TuneImage.Score("img" + image, point, found(hit)));
                    }
                }
            }
        }
        JavaSparkContext spark = JavaSparkContext.fromSparkContext(TestSpark.session().sparkContext());
        List<TuneImage.Score> pooled = GridNeighbourhood.pooled(spark.parallelize(perImage, 2), scored, grid).collect();

        assertEquals(3 * scored.size(), pooled.size(), "one pooled score per image and scored point");
        Map<TuneImage.Point, long[]> totals = new LinkedHashMap<>();
        for (TuneImage.Score score : pooled) {
            score.counts().addInto(totals.computeIfAbsent(score.point(),
                    p -> new ConfusionMatrix(ConfusionMatrix.DEFAULT_CLASSES).toLongArray()));
        }
        assertEquals(scored, totals.keySet(), "every scored point is a centre, and only those");
        TuneImage.Point best = totals.keySet().stream().max(Comparator.comparingDouble(p -> SegmentationMetrics
                .of(ConfusionMatrix.fromLongArray(ConfusionMatrix.DEFAULT_CLASSES, totals.get(p))).meanIou())).get();
        assertEquals(plateau, best);
    }
}
