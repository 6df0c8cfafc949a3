package org.wsss.spark;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The one place that maps a Spark task to a DJL device: the GPU address Spark assigned to the task when there is
 * one and the engine sees GPUs, the CPU otherwise.
 */
public final class TaskDevices {
    private static final Logger LOG = LoggerFactory.getLogger(TaskDevices.class);
    /** The choices this JVM has logged at INFO: each once, so a demo's console is not a line per task. */
    private static final Set<String> ANNOUNCED = ConcurrentHashMap.newKeySet();

    private TaskDevices() {}

    /** The device chosen for a task, and the GPU address Spark offered (empty when none). */
    public record Assignment(Device device, Optional<String> gpuAddress) {
        public String describe() {
            return gpuAddress.map(a -> "gpu address " + a + " -> " + device).orElse("no gpu address -> " + device);
        }
    }

    /**
     * The device for the task running on this thread (CPU on the driver, outside any task). The first task of an
     * executor to get each choice logs it at INFO, so the executor logs show which devices its tasks really used (a
     * GPU cluster whose nodes lack the CUDA libtorch shows "-> cpu()" there); every task logs its own at DEBUG.
     */
    public static Assignment forCurrentTask(String gpuResource) {
        TaskContext task = TaskContext.get();
        Map<String, ResourceInformation> resources = task == null ? Map.of()
                : CollectionConverters.asJava(task.resources());
        Assignment assignment = choose(resources, gpuResource, Engine.getInstance().getGpuCount());
        if (task != null) {
            boolean first = ANNOUNCED.add(assignment.describe());
            if (first || LOG.isDebugEnabled()) {
                String line = String.format("task %d (stage %d.%d, partition %d) on executor %s: %s",
                        task.taskAttemptId(), task.stageId(), task.stageAttemptNumber(), task.partitionId(),
                        SparkEnv.get().executorId(), assignment.describe());
                if (first) LOG.info(line);
                else LOG.debug(line);
            }
        }
        return assignment;
    }

    /**
     * Picks the device from the task's resource map. An address the engine cannot see (more addresses than visible
     * GPUs, as when a container exposes only its own GPU) wraps around the visible ones.
     */
    public static Assignment choose(Map<String, ResourceInformation> resources, String gpuResource,
                                    int visibleGpus) {
        ResourceInformation gpus = resources.get(gpuResource);
        if (gpus == null || gpus.addresses().length == 0) return new Assignment(Device.cpu(), Optional.empty());
        String address = gpus.addresses()[0];
        if (visibleGpus <= 0) return new Assignment(Device.cpu(), Optional.of(address));
        int index;
        try {
            index = Integer.parseInt(address.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("GPU address \"" + address + "\" from Spark resource " + gpuResource
                    + " is not a device index", e);
        }
        return new Assignment(Device.gpu(Math.floorMod(index, visibleGpus)), Optional.of(address));
    }
}
