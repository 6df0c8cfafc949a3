package org.wsss.model.train;

import java.io.Serializable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.wsss.model.nn.HostTensor;

/**
 * A running weighted mean of {@link ParameterSnapshot}s, usable as the accumulator of Spark's
 * {@code treeAggregate}: start from {@code new SnapshotAverager()}, {@link #add} in tasks, {@link #merge} partial
 * results, read {@link #result()} on the driver.
 *
 * <p>It keeps the mean itself, updated as {@code mean += w / (W + w) * (x - mean)}, rather than a weighted sum: the
 * mean stays in float32 (half the bytes of double sums in flight), and averaging identical snapshots returns them
 * bit for bit, whatever the weights.
 */
public final class SnapshotAverager implements Serializable {

    private static final long serialVersionUID = 1L;

    private LinkedHashMap<String, HostTensor> parameterMeans;
    private LinkedHashMap<String, HostTensor> velocityMeans;
    private double totalWeight;

    /** Folds a snapshot in with a positive weight; returns this accumulator. */
    public SnapshotAverager add(ParameterSnapshot snapshot, double weight) {
        if (!(weight > 0.0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("a snapshot's weight must be positive and finite, got " + weight);
        }
        if (parameterMeans == null) {
            parameterMeans = copy(snapshot.parameters());
            velocityMeans = copy(snapshot.velocities());
            totalWeight = weight;
            return this;
        }
        float share = (float) (weight / (totalWeight + weight));
        blend(parameterMeans, snapshot.parameters(), share, "parameters");
        blend(velocityMeans, snapshot.velocities(), share, "velocities");
        totalWeight += weight;
        return this;
    }

    /** Folds another accumulator in; returns this accumulator. */
    public SnapshotAverager merge(SnapshotAverager other) {
        if (other.parameterMeans == null) {
            return this;
        }
        if (parameterMeans == null) {
            parameterMeans = copy(other.parameterMeans);
            velocityMeans = copy(other.velocityMeans);
            totalWeight = other.totalWeight;
            return this;
        }
        float share = (float) (other.totalWeight / (totalWeight + other.totalWeight));
        blend(parameterMeans, other.parameterMeans, share, "parameters");
        blend(velocityMeans, other.velocityMeans, share, "velocities");
        totalWeight += other.totalWeight;
        return this;
    }

    /** Sum of the weights folded in so far. */
    public double totalWeight() {
        return totalWeight;
    }

    /** The weighted mean of everything folded in. */
    public ParameterSnapshot result() {
        if (parameterMeans == null) {
            throw new IllegalStateException("no snapshot was added");
        }
        return new ParameterSnapshot(copy(parameterMeans), copy(velocityMeans));
    }

    private static void blend(
            Map<String, HostTensor> means, Map<String, HostTensor> incoming, float share, String what) {
        if (!means.keySet().equals(incoming.keySet())) {
            throw new IllegalArgumentException("snapshots hold different " + what + ": " + difference(means, incoming));
        }
        means.forEach((name, mean) -> {
            HostTensor next = incoming.get(name);
            if (!Arrays.equals(mean.shape(), next.shape())) {
                throw new IllegalArgumentException(what + " '" + name + "' has shape " + mean.shapeText()
                        + " in one snapshot and " + next.shapeText() + " in another");
            }
            float[] target = mean.values();
            float[] source = next.values();
            for (int i = 0; i < target.length; i++) {
                target[i] += share * (source[i] - target[i]);
            }
        });
    }

    private static String difference(Map<String, HostTensor> left, Map<String, HostTensor> right) {
        TreeSet<String> onlyLeft = new TreeSet<>(left.keySet());
        onlyLeft.removeAll(right.keySet());
        TreeSet<String> onlyRight = new TreeSet<>(right.keySet());
        onlyRight.removeAll(left.keySet());
        return "only in one " + onlyLeft + ", only in the other " + onlyRight;
    }

    private static LinkedHashMap<String, HostTensor> copy(Map<String, HostTensor> tensors) {
        LinkedHashMap<String, HostTensor> copies = new LinkedHashMap<>();
        tensors.forEach((name, tensor) -> copies.put(name, new HostTensor(tensor.shape().clone(), tensor.values().clone())));
        return copies;
    }
}
