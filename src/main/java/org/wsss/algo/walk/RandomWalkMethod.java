package org.wsss.algo.walk;

import java.util.Arrays;
import java.util.Locale;

/** How the random walk is computed; both give the same result. */
public enum RandomWalkMethod {
    /** T applied 2^logt times to the K-row vector through a stencil of each node's neighbours: O(N) memory. */
    SPARSE,
    /** PSA's formulation: a dense N x N T squared logt times: O(N^2) memory, O(N^3 logt) time. */
    DENSE;

    /** The name used in settings, e.g. {@code "sparse"}. */
    public String settingName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a setting name, case-insensitively. */
    public static RandomWalkMethod fromSettingName(String name) {
        for (RandomWalkMethod method : values()) {
            if (method.settingName().equalsIgnoreCase(name.trim())) {
                return method;
            }
        }
        throw new IllegalArgumentException("random walk method '" + name + "' is not one of "
                + Arrays.stream(values()).map(RandomWalkMethod::settingName).toList());
    }
}
