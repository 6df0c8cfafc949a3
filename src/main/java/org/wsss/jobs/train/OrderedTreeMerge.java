package org.wsss.jobs.train;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * A tree aggregation whose merges happen in partition order. Spark's own treeAggregate folds results in the order
 * tasks finish, and float averaging is not associative, so the same round could give different bits from run to
 * run; here each level groups neighbours (partition i joins group i / fan-in) and merges each group sorted by
 * position, so a round's result depends only on its inputs. Groups are merged on executors; the driver receives
 * one result.
 */
final class OrderedTreeMerge {
    private static final int FAN_IN = 4;

    private OrderedTreeMerge() {}

    /** A partial result and the position of its first input partition. */
    record Positioned(int position, TaskRoundResult result) implements Serializable {}

    static TaskRoundResult merge(JavaRDD<Positioned> leaves, int count) {
        JavaPairRDD<Integer, Positioned> level = leaves.mapToPair(p -> new Tuple2<>(p.position(), p));
        int remaining = count;
        while (remaining > 1) {
            int groups = (remaining + FAN_IN - 1) / FAN_IN;
            int width = (int) Math.pow(FAN_IN, levelsDone(count, remaining) + 1);
            level = level
                    .mapToPair(entry -> new Tuple2<>(entry._2().position() / width, entry._2()))
                    .groupByKey(groups)
                    .mapToPair(group -> {
                        Positioned merged = mergeInOrder(group._2());
                        return new Tuple2<>(merged.position(), merged);
                    });
            remaining = groups;
        }
        List<Positioned> root = level.values().collect();
        if (root.isEmpty()) throw new IllegalStateException("no task returned a result");
        return mergeInOrder(root).result();
    }

    private static int levelsDone(int count, int remaining) {
        int levels = 0;
        for (int n = count; n > remaining; n = (n + FAN_IN - 1) / FAN_IN) levels++;
        return levels;
    }

    private static Positioned mergeInOrder(Iterable<Positioned> items) {
        List<Positioned> sorted = new ArrayList<>();
        items.forEach(sorted::add);
        sorted.sort(Comparator.comparingInt(Positioned::position));
        TaskRoundResult merged = new TaskRoundResult();
        for (Positioned p : sorted) merged = merged.merge(p.result());
        return new Positioned(sorted.get(0).position(), merged);
    }
}
