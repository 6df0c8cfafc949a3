package org.wsss.spark;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Models loaded once per executor JVM, not once per task: keyed by checkpoint location and device. Tasks of the
 * same stage on one executor share the loaded network; each task keeps its own arrays in a sub-manager of the
 * model's, closed when the task completes. Entries live until the JVM exits (an executor runs one application's
 * stages).
 */
public final class ExecutorModelCache {
    private static final Map<String, Object> MODELS = new ConcurrentHashMap<>();

    private ExecutorModelCache() {}

    /** The cached value for {@code key}, loading it on first use (concurrent callers wait for one load). */
    @SuppressWarnings("unchecked")
    public static <T> T get(String checkpoint, String device, Supplier<T> load) {
        return (T) MODELS.computeIfAbsent(checkpoint + "@" + device, k -> load.get());
    }

    /** How many models this JVM holds (tests check that tasks reuse them). */
    public static int size() {
        return MODELS.size();
    }

    /** Drops and closes every cached model (tests; a driver that switches checkpoints). */
    public static void clear() {
        for (Object model : MODELS.values()) {
            if (model instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception ignored) {
                    // closing native memory at shutdown: nothing useful to do on failure
                }
            }
        }
        MODELS.clear();
    }
}
