package org.wsss.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Default training tasks from a cluster's settings: one per GPU when tasks ask for GPUs, one per task's cores else. */
class TaskSlotsTest {
    /** deploy/spark-gpu.conf's shape: one GPU and four cores per executor, each task taking both. */
    private static Map<String, String> gpuCluster(int executors) {
        Map<String, String> conf = new HashMap<>();
        conf.put("spark.executor.instances", String.valueOf(executors));
        conf.put("spark.executor.cores", "4");
        conf.put("spark.task.cpus", "4");
        conf.put("spark.executor.resource.gpu.amount", "1");
        conf.put("spark.task.resource.gpu.amount", "1");
        return conf;
    }

    @Test
    void oneTaskPerGpuOnTheIssuesCluster() {
        TaskSlots slots = TaskSlots.fromConf(gpuCluster(8), "gpu", 3, 32);
        assertEquals(8, slots.total(), "8 GPUs: one wave of 8 tasks, not 32 tasks in 4 waves");
        assertTrue(slots.gpuBound());
    }

    @Test
    void gpusBoundTheSlotsWhenCoresWouldAdmitMore() {
        Map<String, String> conf = gpuCluster(2);
        conf.put("spark.task.cpus", "1");
        conf.put("spark.executor.resource.gpu.amount", "2");
        TaskSlots slots = TaskSlots.fromConf(conf, "gpu", 2, 8);
        assertEquals(2, slots.perExecutor());
        assertEquals(4, slots.total());
        assertTrue(slots.gpuBound());
    }

    @Test
    void fractionalGpuAmountSharesAGpuBetweenTasks() {
        Map<String, String> conf = gpuCluster(3);
        conf.put("spark.task.cpus", "1");
        conf.put("spark.task.resource.gpu.amount", "0.25");
        TaskSlots slots = TaskSlots.fromConf(conf, "gpu", 3, 12);
        assertEquals(4, slots.perExecutor());
        assertEquals(12, slots.total());
    }

    @Test
    void coresBoundTheSlotsWhenTasksAskForNoGpu() {
        Map<String, String> conf = gpuCluster(8);
        conf.remove("spark.task.resource.gpu.amount");
        conf.put("spark.task.cpus", "2");
        TaskSlots slots = TaskSlots.fromConf(conf, "gpu", 8, 32);
        assertEquals(2, slots.perExecutor());
        assertEquals(16, slots.total());
        assertFalse(slots.gpuBound());
    }

    @Test
    void anotherResourceNameIsReadUnderItsOwnKeys() {
        Map<String, String> conf = gpuCluster(2);
        conf.put("spark.task.cpus", "1");
        assertEquals(8, TaskSlots.fromConf(conf, "nvidia.com/gpu", 2, 8).total(), "no nvidia.com/gpu amounts: cores");
    }

    @Test
    void withoutFixedExecutorsTheRegisteredOnesCountAndStandaloneCoresComeFromTheParallelism() {
        Map<String, String> conf = new HashMap<>();
        conf.put("spark.executor.resource.gpu.amount", "2");
        conf.put("spark.task.resource.gpu.amount", "1");
        // Standalone without spark.executor.cores: 2 executors with 6 cores each, two GPUs each.
        assertEquals(4, TaskSlots.fromConf(conf, "gpu", 2, 12).total());
        conf.put("spark.executor.instances", "10");
        conf.put("spark.dynamicAllocation.enabled", "true");
        assertEquals(2, TaskSlots.fromConf(conf, "gpu", 1, 6).total(), "dynamic allocation: what is registered");
    }

    @Test
    void impossibleSettingsAreNamed() {
        Map<String, String> conf = gpuCluster(2);
        conf.put("spark.task.cpus", "8");
        IllegalArgumentException cpus = assertThrows(IllegalArgumentException.class,
                () -> TaskSlots.fromConf(conf, "gpu", 2, 8));
        assertTrue(cpus.getMessage().contains("spark.task.cpus"), cpus.getMessage());
        conf.put("spark.task.cpus", "4");
        conf.put("spark.task.resource.gpu.amount", "2");
        IllegalArgumentException gpus = assertThrows(IllegalArgumentException.class,
                () -> TaskSlots.fromConf(conf, "gpu", 2, 8));
        assertTrue(gpus.getMessage().contains("spark.task.resource.gpu.amount"), gpus.getMessage());
        conf.put("spark.executor.instances", "many");
        IllegalArgumentException instances = assertThrows(IllegalArgumentException.class,
                () -> TaskSlots.fromConf(conf, "gpu", 2, 8));
        assertTrue(instances.getMessage().contains("spark.executor.instances = \"many\""), instances.getMessage());
    }
}
