package org.wsss.spark;

import org.apache.spark.TaskContext;

/**
 * Threads a CPU-only computation (a dense CRF, the sparse random walk) may use inside a task: the setting when it is
 * positive, else the cores Spark gave the task ({@code spark.task.cpus}). On a GPU cluster a task owns all its
 * executor's cores ({@code spark.task.cpus = spark.executor.cores}), so one thread would leave the rest idle.
 */
public final class TaskCores {
    private TaskCores() {}

    /** {@code configured}, or for 0 the running task's cores (all this machine's outside a Spark task). */
    public static int threads(int configured) {
        TaskContext task = TaskContext.get();
        return resolve(configured, task == null ? 0 : task.cpus(), Runtime.getRuntime().availableProcessors());
    }

    /**
     * @param configured the setting; 0 means the task's cores
     * @param taskCpus the running task's cores, 0 outside a task
     * @param processors this machine's processors
     */
    static int resolve(int configured, int taskCpus, int processors) {
        if (configured < 0) throw new IllegalArgumentException("threads must be 0 (the task's cores) or more, got " + configured);
        if (configured > 0) return configured;
        return taskCpus > 0 ? taskCpus : Math.max(1, processors);
    }
}
