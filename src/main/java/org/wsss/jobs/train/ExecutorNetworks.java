package org.wsss.jobs.train;

import ai.djl.Device;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.wsss.model.train.TrainableNetwork;

/**
 * The training networks of this JVM (an executor, or the driver in local mode), kept across rounds: a task borrows
 * an idle network of its factory and device, loads the round's parameters into it and gives it back, so a run
 * builds one network per task slot and device rather than one per task and round. Networks are not thread-safe,
 * so each is lent to one task at a time; two tasks running at once on an executor get two networks.
 *
 * <p>Only one training's networks are kept: borrowing for another factory (the next stage, or a run with other
 * settings) closes the idle networks of the previous one, so a finished stage holds no device memory once the
 * next training starts.
 */
public final class ExecutorNetworks {
    private static final Object LOCK = new Object();
    private static final AtomicLong BUILDS = new AtomicLong();
    private static NetworkFactory kept;
    private static final Map<Device, Deque<TrainableNetwork>> IDLE = new HashMap<>();

    private ExecutorNetworks() {}

    /** A network lent to the calling task; closing the lease gives it back for the next round. */
    public static final class Lease implements AutoCloseable {
        private final NetworkFactory factory;
        private final Device device;
        private final TrainableNetwork network;
        private boolean returned;

        private Lease(NetworkFactory factory, Device device, TrainableNetwork network) {
            this.factory = factory;
            this.device = device;
            this.network = network;
        }

        public TrainableNetwork network() {
            return network;
        }

        @Override
        public void close() {
            if (returned) return;
            returned = true;
            giveBack(factory, device, network);
        }
    }

    /**
     * An idle network built by an equal {@code factory} on {@code device}, or a new one. Its parameters are whatever
     * the last round left: the caller replaces them all before training.
     */
    public static Lease borrow(NetworkFactory factory, Device device) {
        Objects.requireNonNull(factory, "factory");
        TrainableNetwork network = null;
        List<TrainableNetwork> stale;
        synchronized (LOCK) {
            stale = keepOnly(factory);
            Deque<TrainableNetwork> idle = IDLE.get(device);
            if (idle != null) network = idle.pollFirst();
        }
        stale.forEach(ExecutorNetworks::close);
        return new Lease(factory, device, network != null ? network : build(factory, device));
    }

    /**
     * A network built now by {@code factory}, so its parameters are the seeded initial ones (a training's start);
     * given back like a borrowed one, for the first round to reuse.
     */
    public static Lease fresh(NetworkFactory factory, Device device) {
        Objects.requireNonNull(factory, "factory");
        List<TrainableNetwork> stale;
        synchronized (LOCK) {
            stale = keepOnly(factory);
        }
        stale.forEach(ExecutorNetworks::close);
        return new Lease(factory, device, build(factory, device));
    }

    /** Networks this JVM has built for training (tests check that rounds reuse them). */
    public static long builds() {
        return BUILDS.get();
    }

    /** Closes every idle network (tests; a local driver done with training). */
    public static void closeIdle() {
        List<TrainableNetwork> stale;
        synchronized (LOCK) {
            stale = drainIdle();
        }
        stale.forEach(ExecutorNetworks::close);
    }

    private static void giveBack(NetworkFactory factory, Device device, TrainableNetwork network) {
        synchronized (LOCK) {
            if (factory.equals(kept)) {
                IDLE.computeIfAbsent(device, d -> new ArrayDeque<>()).addFirst(network);
                return;
            }
        }
        close(network); // another training started meanwhile: this one's networks are not kept
    }

    /** Switches the kept networks to {@code factory}'s; returns the idle ones of another factory, to close. */
    private static List<TrainableNetwork> keepOnly(NetworkFactory factory) {
        if (factory.equals(kept)) return List.of();
        kept = factory;
        return drainIdle();
    }

    private static TrainableNetwork build(NetworkFactory factory, Device device) {
        TrainableNetwork network = factory.create(device);
        BUILDS.incrementAndGet();
        return network;
    }

    private static List<TrainableNetwork> drainIdle() {
        List<TrainableNetwork> all = new ArrayList<>();
        IDLE.values().forEach(all::addAll);
        IDLE.clear();
        return all;
    }

    private static void close(TrainableNetwork network) {
        if (network instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot release a training network", e);
            }
        }
    }
}
