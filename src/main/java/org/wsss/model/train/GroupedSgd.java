package org.wsss.model.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.wsss.model.nn.HostArrays;
import org.wsss.model.nn.HostTensor;

/**
 * SGD with momentum, weight decay and PSA's four learning-rate groups (see {@link LearningRateGroup}) on a poly
 * schedule.
 *
 * <p>DJL hands an optimiser only a parameter's id, so this one is built from the model's named parameters and maps
 * each trainable id to its name and group once. Parameters frozen when it is built are unknown to it (and DJL never
 * offers them). The global step comes from {@link #setStep(long)}, not from DJL's per-parameter update counter,
 * because one Spark task trains a window of a longer schedule and DJL counts one update per device.
 *
 * <p>Update (DJL's fused native SGD, MXNet convention): {@code v = momentum * v + lr * (g + wd * w)},
 * {@code w -= v}. PyTorch keeps the velocity without the learning rate ({@code v = momentum * v + g + wd * w},
 * {@code w -= lr * v}); the two agree while the rate is constant and differ only by how fast old velocity fades as
 * the poly schedule decays. PSA itself ran with an effective momentum of ~0 (it passed the weight decay where SGD
 * expects the momentum); this optimiser makes momentum a setting, 0.9 by default.
 */
public final class GroupedSgd extends Optimizer implements AutoCloseable {

    /** Default momentum. */
    public static final float DEFAULT_MOMENTUM = 0.9f;
    /** Default weight decay. */
    public static final float DEFAULT_WEIGHT_DECAY = 5e-4f;

    private final Map<String, Member> membersById;
    private final Map<String, String> idsByName;
    private final PolySchedule schedule;
    private final float momentum;
    private final NDManager stateManager;
    private final Map<String, Map<Device, NDArray>> velocities = new ConcurrentHashMap<>();
    private volatile long step;

    /** A trainable parameter as this optimiser knows it. */
    private record Member(String name, LearningRateGroup group) {}

    private GroupedSgd(Builder builder) {
        super(builder);
        schedule = builder.schedule;
        momentum = builder.momentum;
        stateManager = builder.stateParent.newSubManager();
        Map<String, Member> members = new HashMap<>();
        Map<String, String> ids = new LinkedHashMap<>();
        builder.parameters.forEach((name, parameter) -> {
            if (parameter.requiresGradient()) {
                boolean inBackbone = builder.backboneMembership.test(name);
                members.put(parameter.getId(), new Member(name, LearningRateGroup.of(inBackbone, parameter.getType())));
                ids.put(name, parameter.getId());
            }
        });
        membersById = Map.copyOf(members);
        idsByName = ids;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Sets the global step whose scheduled rate the next updates use. */
    public void setStep(long step) {
        if (step < 0) {
            throw new IllegalArgumentException("step must not be negative, got " + step);
        }
        this.step = step;
    }

    /** The global step the next updates use. */
    public long step() {
        return step;
    }

    /** The learning rate a group gets at the current step. */
    public float learningRate(LearningRateGroup group) {
        return schedule.at(step) * group.multiplier();
    }

    /** The group of a trainable parameter, by name; empty for frozen or unknown names. */
    public Optional<LearningRateGroup> groupOf(String parameterName) {
        String id = idsByName.get(parameterName);
        return id == null ? Optional.empty() : Optional.of(membersById.get(id).group());
    }

    public float momentum() {
        return momentum;
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        Member member = membersById.get(parameterId);
        if (member == null) {
            throw new IllegalStateException("parameter " + parameterId + " was not trainable when the optimiser was built;"
                    + " freeze or unfreeze parameters before building it");
        }
        LearningRateGroup group = member.group();
        float weightDecay = group.decayed() ? getWeightDecay() : 0f;
        NDList inputs = momentum == 0f
                ? new NDList(weight, grad)
                : new NDList(weight, grad, velocity(parameterId, weight));
        weight.getNDArrayInternal().sgdUpdate(
                inputs, new NDList(weight), learningRate(group), weightDecay, rescaleGrad, clipGrad, momentum, true);
    }

    private NDArray velocity(String parameterId, NDArray weight) {
        return velocities
                .computeIfAbsent(parameterId, id -> new ConcurrentHashMap<>())
                .computeIfAbsent(weight.getDevice(), device ->
                        stateManager.zeros(weight.getShape(), weight.getDataType(), device));
    }

    /**
     * The momentum velocity of every parameter updated so far, by parameter name. With several devices each keeps an
     * identical copy (they receive the same reduced gradient); the copy on the first device in a fixed order is taken.
     */
    public Map<String, HostTensor> exportVelocities() {
        Map<String, HostTensor> exported = new LinkedHashMap<>();
        idsByName.forEach((name, id) -> {
            Map<Device, NDArray> perDevice = velocities.get(id);
            if (perDevice != null && !perDevice.isEmpty()) {
                NDArray first = perDevice.entrySet().stream()
                        .min(Comparator.comparing(entry -> entry.getKey().toString()))
                        .orElseThrow()
                        .getValue();
                exported.put(name, HostArrays.toHost(first));
            }
        });
        return exported;
    }

    /**
     * Replaces all velocities with the given ones (by parameter name), placed on each of {@code devices}.
     *
     * @throws IllegalArgumentException naming velocities of parameters this optimiser does not train, or of the
     *     wrong shape
     */
    public void restoreVelocities(Map<String, HostTensor> velocitiesByName, Device... devices) {
        for (String name : velocitiesByName.keySet()) {
            if (!idsByName.containsKey(name)) {
                throw new IllegalArgumentException("momentum given for '" + name + "', which this optimiser does not train");
            }
        }
        clearVelocities();
        velocitiesByName.forEach((name, tensor) -> {
            Map<Device, NDArray> perDevice = new ConcurrentHashMap<>();
            for (Device device : devices) {
                NDArray array = stateManager.create(tensor.values(), new Shape(tensor.shape()));
                perDevice.put(device, device.equals(array.getDevice()) ? array : array.toDevice(device, false));
            }
            velocities.put(idsByName.get(name), perDevice);
        });
    }

    private void clearVelocities() {
        velocities.values().forEach(perDevice -> perDevice.values().forEach(NDArray::close));
        velocities.clear();
    }

    /** Frees the velocities. */
    @Override
    public void close() {
        velocities.clear();
        stateManager.close();
    }

    /** Builds a {@link GroupedSgd}: parameters, backbone membership, schedule and state manager are required. */
    public static final class Builder extends OptimizerBuilder<Builder> {

        private Map<String, Parameter> parameters;
        private Predicate<String> backboneMembership;
        private PolySchedule schedule;
        private NDManager stateParent;
        private float momentum = DEFAULT_MOMENTUM;

        private Builder() {
            optWeightDecays(DEFAULT_WEIGHT_DECAY);
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** Required: the model's parameters by name (see {@link org.wsss.model.nn.NamedParameters}). */
        public Builder setParameters(Map<String, Parameter> parameters) {
            this.parameters = parameters;
            return this;
        }

        /** Required: which parameter names belong to the backbone (1x / 2x) rather than new layers (10x / 20x). */
        public Builder setBackboneMembership(Predicate<String> backboneMembership) {
            this.backboneMembership = backboneMembership;
            return this;
        }

        /** Required: the learning-rate schedule. */
        public Builder setSchedule(PolySchedule schedule) {
            this.schedule = schedule;
            return this;
        }

        /** Required: the manager under which momentum velocities are allocated (a sub-manager is taken). */
        public Builder setStateManager(NDManager stateParent) {
            this.stateParent = stateParent;
            return this;
        }

        /** Optional (default 0.9): momentum in [0, 1). */
        public Builder optMomentum(float momentum) {
            this.momentum = momentum;
            return this;
        }

        public GroupedSgd build() {
            Objects.requireNonNull(parameters, "GroupedSgd is missing its parameters: call setParameters");
            Objects.requireNonNull(backboneMembership,
                    "GroupedSgd is missing its backbone membership: call setBackboneMembership");
            Objects.requireNonNull(schedule, "GroupedSgd is missing its schedule: call setSchedule");
            Objects.requireNonNull(stateParent, "GroupedSgd is missing its state manager: call setStateManager");
            if (!(momentum >= 0f && momentum < 1f)) {
                throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
            }
            return new GroupedSgd(this);
        }
    }
}
