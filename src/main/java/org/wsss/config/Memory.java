package org.wsss.config;

import java.util.Locale;

/** Byte counts written as configuration files write them ({@code 6g}, {@code 512m}). */
final class Memory {
    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;

    private Memory() {}

    /** {@code 1.5g} for a size of a GiB or more, {@code 300m} below. */
    static String text(long bytes) {
        return bytes >= GIB ? String.format(Locale.ROOT, "%.1fg", (double) bytes / GIB)
                : String.format(Locale.ROOT, "%dm", (bytes + MIB - 1) / MIB);
    }
}
