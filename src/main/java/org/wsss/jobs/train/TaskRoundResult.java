package org.wsss.jobs.train;

import java.io.Serializable;
import org.wsss.model.train.SnapshotAverager;

/**
 * What the tasks of one round hand back, merged pairwise in a tree aggregation: the sample-weighted parameter sum,
 * and sums for the round's loss and evaluation.
 */
final class TaskRoundResult implements Serializable {
    private static final long serialVersionUID = 1L;

    SnapshotAverager parameters = new SnapshotAverager();
    double lossSum;
    long steps;
    double evaluationSum;
    long evaluated;
    long samples;
    double busySeconds;

    TaskRoundResult merge(TaskRoundResult other) {
        parameters = parameters.merge(other.parameters);
        lossSum += other.lossSum;
        steps += other.steps;
        evaluationSum += other.evaluationSum;
        evaluated += other.evaluated;
        samples += other.samples;
        busySeconds = Math.max(busySeconds, other.busySeconds);
        return this;
    }
}
