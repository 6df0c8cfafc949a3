package org.wsss.spark;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.spark.SparkContext;
import scala.Tuple2;

/**
 * How many tasks a cluster runs at once, from its Spark settings: the number a synchronous training round should
 * default to, so that each round is one wave of tasks rather than several waves queueing for the same devices.
 *
 * <p>An executor runs {@code spark.executor.cores / spark.task.cpus} tasks at once; when tasks ask for GPUs
 * ({@code spark.task.resource.<gpu>.amount > 0}) also at most {@code spark.executor.resource.<gpu>.amount /
 * spark.task.resource.<gpu>.amount}. The executors are {@code spark.executor.instances} when set and dynamic
 * allocation is off, else those registered when the plan is made.
 *
 * @param executors executors the cluster runs
 * @param perExecutor tasks one executor runs at once
 * @param gpuBound whether GPUs (not cores) bound {@code perExecutor}
 */
public record TaskSlots(int executors, int perExecutor, boolean gpuBound) {
    static final String EXECUTOR_CORES = "spark.executor.cores";
    static final String TASK_CPUS = "spark.task.cpus";
    static final String EXECUTOR_INSTANCES = "spark.executor.instances";
    static final String DYNAMIC_ALLOCATION = "spark.dynamicAllocation.enabled";

    public TaskSlots {
        if (executors < 1 || perExecutor < 1) {
            throw new IllegalArgumentException("task slots need at least one executor and slot, got " + executors
                    + " x " + perExecutor);
        }
    }

    /** Tasks the whole cluster runs at once. */
    public int total() {
        return Math.multiplyExact(executors, perExecutor);
    }

    /**
     * The slots of a running application. Local mode has one executor, the driver, whose task slots are Spark's
     * default parallelism (the cores of {@code local[N]}).
     */
    public static TaskSlots of(SparkContext spark, String gpuResource) {
        if (spark.isLocal()) return new TaskSlots(1, Math.max(1, spark.defaultParallelism()), false);
        Map<String, String> conf = new HashMap<>();
        for (Tuple2<String, String> entry : spark.getConf().getAll()) conf.put(entry._1(), entry._2());
        // The driver's block manager is among those listed; the rest are executors.
        int registered = Math.max(1, spark.getExecutorMemoryStatus().size() - 1);
        return fromConf(conf, gpuResource, registered, spark.defaultParallelism());
    }

    /**
     * The slots the settings {@code conf} give.
     *
     * @param registeredExecutors executors registered now (used when the count is not fixed by the settings)
     * @param defaultParallelism Spark's default parallelism, the registered executors' cores (used when
     *     {@code spark.executor.cores} is not set, as on standalone, where an executor takes all its worker's cores)
     */
    public static TaskSlots fromConf(Map<String, String> conf, String gpuResource, int registeredExecutors,
                                     int defaultParallelism) {
        int executors = fixedExecutors(conf).orElse(Math.max(1, registeredExecutors));
        int taskCpus = positiveInt(conf, TASK_CPUS, 1);
        int executorCores = conf.containsKey(EXECUTOR_CORES) ? positiveInt(conf, EXECUTOR_CORES, 1)
                : Math.max(1, defaultParallelism / executors);
        int byCores = executorCores / taskCpus;
        if (byCores < 1) {
            throw new IllegalArgumentException(TASK_CPUS + " = " + taskCpus + " is more than the "
                    + executorCores + " cores of an executor");
        }
        double taskGpus = positiveDouble(conf, "spark.task.resource." + gpuResource + ".amount");
        if (taskGpus == 0) return new TaskSlots(executors, byCores, false);
        double executorGpus = positiveDouble(conf, "spark.executor.resource." + gpuResource + ".amount");
        // A fractional task amount shares a GPU between 1/amount tasks, as Spark's scheduler does.
        int byGpus = (int) Math.floor(executorGpus / taskGpus + 1e-9);
        if (byGpus < 1) {
            throw new IllegalArgumentException("spark.task.resource." + gpuResource + ".amount = " + taskGpus
                    + " is more than spark.executor.resource." + gpuResource + ".amount = " + executorGpus);
        }
        return new TaskSlots(executors, Math.min(byCores, byGpus), byGpus <= byCores);
    }

    private static OptionalInt fixedExecutors(Map<String, String> conf) {
        boolean dynamic = Boolean.parseBoolean(conf.getOrDefault(DYNAMIC_ALLOCATION, "false").trim());
        if (dynamic || !conf.containsKey(EXECUTOR_INSTANCES)) return OptionalInt.empty();
        return OptionalInt.of(positiveInt(conf, EXECUTOR_INSTANCES, 1));
    }

    private static int positiveInt(Map<String, String> conf, String key, int fallback) {
        String value = conf.get(key);
        if (value == null) return fallback;
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= 1) return parsed;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("Spark setting " + key + " = \"" + value + "\" is not a positive whole number");
    }

    private static double positiveDouble(Map<String, String> conf, String key) {
        String value = conf.get(key);
        if (value == null) return 0;
        try {
            double parsed = Double.parseDouble(value.trim());
            if (parsed >= 0 && Double.isFinite(parsed)) return parsed;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("Spark setting " + key + " = \"" + value + "\" is not a number >= 0");
    }
}
