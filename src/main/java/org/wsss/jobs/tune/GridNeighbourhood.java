package org.wsss.jobs.tune;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.api.java.JavaRDD;
import org.wsss.algo.metrics.ConfusionMatrix;
import org.wsss.config.TuneSettings;
import org.wsss.jobs.stage.SparseCounts;
import scala.Tuple2;

/**
 * A walk point's neighbourhood on the grid: the points one step away or less in background power, beta and logt
 * (each list's sorted order), itself included. The CRF-refined walk is chosen by its neighbourhood's pooled score
 * rather than its own: on the tuning images the refined walks' scores form a plateau a few tenths of a point high,
 * whose highest point lay at the edge of a cliff on the test split (on two of three synthetic sets the best single
 * point lost about 3 points of test rw_crf mIoU to the configured walk), while the best neighbourhood's centre was
 * the test split's best point on all three (README, "Settings fitted to the data").
 */
final class GridNeighbourhood {
    private GridNeighbourhood() {}

    /** The grid points (of {@code point}'s method) whose neighbourhood holds {@code point}: its own neighbours. */
    static List<TuneImage.Point> around(TuneImage.Point point, TuneSettings grid) {
        List<Double> powers = steps(grid.backgroundPowers(), point.power());
        List<Double> betas = steps(grid.betas(), point.beta());
        List<Double> logts = steps(grid.logts().stream().map(Integer::doubleValue).toList(), point.logt());
        List<TuneImage.Point> points = new ArrayList<>();
        for (double power : powers) {
            for (double beta : betas) {
                for (double logt : logts) {
                    points.add(TuneImage.Point.walk(point.method(), power, beta, (int) logt));
                }
            }
        }
        return points;
    }

    /** {@code value} and the values next to it in {@code values}' sorted order; none when it is not among them. */
    private static List<Double> steps(List<Double> values, double value) {
        List<Double> sorted = values.stream().sorted().toList();
        int at = sorted.indexOf(value);
        if (at < 0) return List.of();
        return sorted.subList(Math.max(0, at - 1), Math.min(sorted.size(), at + 2));
    }

    /**
     * Per image, each scored point's counts pooled over the scored points of its neighbourhood: scores of the same
     * shape as {@code perImage}, so they can be summed and compared like any point's. {@code scored} are the points
     * {@code perImage} holds; only they become centres.
     */
    static JavaRDD<TuneImage.Score> pooled(JavaRDD<TuneImage.Score> perImage, Set<TuneImage.Point> scored,
                                           TuneSettings grid) {
        int cells = new ConfusionMatrix(ConfusionMatrix.DEFAULT_CLASSES).toLongArray().length;
        Set<TuneImage.Point> centres = Set.copyOf(scored);
        return perImage
                .flatMapToPair(score -> around(score.point(), grid).stream().filter(centres::contains)
                        .map(centre -> new Tuple2<>(new Tuple2<>(score.imageId(), centre), score.counts()))
                        .iterator())
                .aggregateByKey(new long[cells], (total, counts) -> counts.addInto(total), SparseCounts::sum)
                .map(pooled -> new TuneImage.Score(pooled._1()._1(), pooled._1()._2(), SparseCounts.of(pooled._2())));
    }
}
