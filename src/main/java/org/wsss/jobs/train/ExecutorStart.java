package org.wsss.jobs.train;

import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.sql.SparkSession;
import org.wsss.config.ConfigError;
import org.wsss.io.BadInputException;
import org.wsss.io.MissingInputException;
import org.wsss.model.train.TrainableNetwork;
import org.wsss.spark.TaskDevices;

/**
 * A training's starting point made where networks run: one executor task builds the network, loads what the start
 * asks for (ImageNet weights, the stage-1 backbone) and hands back plain Java values. The driver so never loads
 * libtorch (a cluster's application jar leaves the natives out, and its driver may run where there are none), and
 * the network built is the one that task slot's first round borrows ({@link ExecutorNetworks}).
 */
public final class ExecutorStart {
    private ExecutorStart() {}

    /** What to compute from a freshly built network, whose parameters are the seeded initial ones. */
    @FunctionalInterface
    public interface Work<T extends Serializable> extends Serializable {
        T apply(TrainableNetwork network) throws IOException;
    }

    /**
     * Runs {@code work} on a network of {@code factory} in one task, on the device Spark gives that task. A user's
     * mistake found there (a missing or refused weights file, a mismatched checkpoint) is rethrown as itself.
     */
    public static <T extends Serializable> T run(SparkSession spark, String label, NetworkFactory factory,
                                                 String gpuResource, Work<T> work) throws IOException {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        spark.sparkContext().setJobGroup(label, label + " starting parameters", false);
        try {
            return jsc.parallelize(List.of(0), 1).map(new StartTask<>(factory, gpuResource, work)).collect().get(0);
        } catch (Exception e) { // Spark throws its checked SparkException undeclared
            throw userErrorIn(label, e);
        } finally {
            spark.sparkContext().clearJobGroup();
        }
    }

    /** The user error a failed job carries (Spark wraps the task's exception), or the failure itself. */
    private static RuntimeException userErrorIn(String label, Exception failure) throws IOException {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConfigError || t instanceof MissingInputException) throw (RuntimeException) t;
            if (t instanceof BadInputException bad) throw bad;
        }
        return failure instanceof RuntimeException runtime ? runtime
                : new IllegalStateException(label + ": the starting parameters could not be made", failure);
    }

    private static final class StartTask<T extends Serializable> implements Function<Integer, T> {
        @Serial
        private static final long serialVersionUID = 1L;
        private final NetworkFactory factory;
        private final String gpuResource;
        private final Work<T> work;

        StartTask(NetworkFactory factory, String gpuResource, Work<T> work) {
            this.factory = factory;
            this.gpuResource = gpuResource;
            this.work = work;
        }

        @Override
        public T call(Integer ignored) throws IOException {
            TaskDevices.Assignment device = TaskDevices.forCurrentTask(gpuResource);
            try (ExecutorNetworks.Lease lease = ExecutorNetworks.fresh(factory, device.device())) {
                return work.apply(lease.network());
            }
        }
    }
}
