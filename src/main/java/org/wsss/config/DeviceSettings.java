package org.wsss.config;

import java.io.Serializable;

/**
 * How a task finds its accelerator, how many CPU threads torch may use when it has none, and how much native
 * memory a training task may use (on its GPU, or in RAM on the CPU), which sets the micro-batch.
 */
public record DeviceSettings(String gpuResource, int cpuThreadsPerTask, long memoryPerTask) implements Serializable {
    /** The key of {@link #memoryPerTask}, named by errors about training that does not fit. */
    public static final String MEMORY_PER_TASK_KEY = "wsss.devices.memory-per-task";
    private static final long MIN_MEMORY = 64L << 20;
    private static final long MAX_MEMORY = 1L << 50;

    static DeviceSettings from(SettingsReader r) {
        return new DeviceSettings(r.nonEmptyString("gpu-resource"), r.intIn("cpu-threads-per-task", 1, 256),
                r.bytesIn("memory-per-task", MIN_MEMORY, MAX_MEMORY));
    }
}
