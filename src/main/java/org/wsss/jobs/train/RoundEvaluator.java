package org.wsss.jobs.train;

import java.io.Serializable;
import java.util.List;
import org.wsss.model.train.TrainableNetwork;

/**
 * An optional per-round check of the freshly trained local model on a few of the task's own samples (for the
 * classifier: top-1 accuracy). Returns a value in [0, 1] averaged over the samples given.
 */
public interface RoundEvaluator<S> extends Serializable {
    double evaluate(TrainableNetwork network, List<S> samples);
}
