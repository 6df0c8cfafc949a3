package org.wsss.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's peak resident set ({@code VmHWM}), which only grows: read each figure as "so far". */
final class PeakMemory {
    private PeakMemory() {}

    /** In MB, from /proc (Linux); -1 elsewhere. */
    static long residentMegabytes() {
        return statusMegabytes("VmHWM:");
    }

    /** The current resident set in MB (Linux); -1 elsewhere. */
    static long currentResidentMegabytes() {
        return statusMegabytes("VmRSS:");
    }

    private static long statusMegabytes(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field)) return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
