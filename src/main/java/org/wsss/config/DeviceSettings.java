package org.wsss.config;

import java.io.Serializable;

/** How a task finds its accelerator, and how many CPU threads torch may use when it has none. */
public record DeviceSettings(String gpuResource, int cpuThreadsPerTask) implements Serializable {
    static DeviceSettings from(SettingsReader r) {
        return new DeviceSettings(r.nonEmptyString("gpu-resource"), r.intIn("cpu-threads-per-task", 1, 256));
    }
}
