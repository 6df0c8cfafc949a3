package org.wsss.model.train;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.wsss.model.nn.HostArrays;
import org.wsss.model.nn.HostTensor;
import org.wsss.model.nn.NamedParameters;
import org.wsss.model.nn.TensorMismatchException;

/**
 * Every parameter of a network, batch-norm running statistics included, plus the optimiser's momentum velocities,
 * as plain Java arrays keyed by {@link NamedParameters} names. This is what Spark broadcasts to tasks, what tasks
 * return after training and what the driver averages.
 *
 * @param parameters parameter name to value, in the network's registration order
 * @param velocities trainable parameter name to momentum velocity (empty before any training)
 */
public record ParameterSnapshot(Map<String, HostTensor> parameters, Map<String, HostTensor> velocities)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    public ParameterSnapshot {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        velocities = Collections.unmodifiableMap(new LinkedHashMap<>(velocities));
    }

    /** The parameters of {@code block}, without optimiser state. */
    public static ParameterSnapshot capture(Block block) {
        return capture(block, Map.of());
    }

    /** The parameters of {@code block} together with optimiser velocities. */
    public static ParameterSnapshot capture(Block block, Map<String, HostTensor> velocities) {
        Map<String, HostTensor> values = new LinkedHashMap<>();
        NamedParameters.of(block).forEach((name, parameter) -> values.put(name, HostArrays.toHost(parameter.getArray())));
        return new ParameterSnapshot(values, velocities);
    }

    /**
     * Writes these values into {@code block}'s parameters in place.
     *
     * @throws TensorMismatchException listing every missing, unexpected or wrongly shaped parameter
     */
    public void applyTo(Block block) {
        Map<String, Parameter> named = NamedParameters.of(block);
        Map<String, long[]> expected = new LinkedHashMap<>();
        named.forEach((name, parameter) -> expected.put(name, parameter.getShape().getShape()));
        Map<String, long[]> offered = new LinkedHashMap<>();
        parameters.forEach((name, tensor) -> offered.put(name, tensor.shape()));
        TensorMismatchException.check("a parameter snapshot", expected, offered);
        named.forEach((name, parameter) -> HostArrays.copyInto(parameters.get(name), parameter.getArray()));
    }

    /** Number of values held (parameters and velocities). */
    public long valueCount() {
        long count = 0;
        for (HostTensor tensor : parameters.values()) {
            count += tensor.values().length;
        }
        for (HostTensor tensor : velocities.values()) {
            count += tensor.values().length;
        }
        return count;
    }

    /**
     * The average of snapshots weighted by, e.g., the samples each was trained on.
     *
     * @throws IllegalArgumentException if the snapshots do not hold the same tensors or a weight is not positive
     */
    public static ParameterSnapshot weightedAverage(List<ParameterSnapshot> snapshots, List<Double> weights) {
        if (snapshots.isEmpty() || snapshots.size() != weights.size()) {
            throw new IllegalArgumentException("need one weight per snapshot and at least one snapshot");
        }
        SnapshotAverager averager = new SnapshotAverager();
        for (int i = 0; i < snapshots.size(); i++) {
            averager.add(snapshots.get(i), weights.get(i));
        }
        return averager.result();
    }
}
