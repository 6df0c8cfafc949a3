package org.wsss.spark;

import java.util.Arrays;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * S3A timeouts and retry counts that make an unreachable object store fail in about half a minute instead of
 * minutes: with Hadoop's own defaults (5 SDK retries inside each of 7 S3A retries, 30 s to connect, 200 s to read)
 * {@code wsss index} took 166 s to give up on an endpoint where nothing listens. Each is a default only: a value
 * the user set anywhere (wsss.spark.conf, spark-submit --conf, core-site.xml) wins. A flaky store may want more
 * patience: raise fs.s3a.retry.limit and fs.s3a.attempts.maximum. Throttling has its own limit
 * (fs.s3a.retry.throttle.limit) and keeps Hadoop's default.
 */
public final class ObjectStoreTimeouts {
    /** Where Hadoop's built-in defaults come from; a key whose only source this is was not set by anyone. */
    private static final String HADOOP_DEFAULTS = "core-default.xml";

    static final Map<String, String> DEFAULTS = Map.of(
            // S3A raises anything under 15 s to 15 s. Two tries in all (one SDK retry, no S3A retry on top) bound
            // an endpoint that drops connections to about 30 s, measured on loopback.
            "fs.s3a.connection.establish.timeout", "15s",
            "fs.s3a.connection.timeout", "60s",
            "fs.s3a.attempts.maximum", "1",
            "fs.s3a.retry.limit", "0",
            "fs.s3a.retry.interval", "500ms");

    private ObjectStoreTimeouts() {}

    /** Sets each default the configuration does not already have from the user. */
    public static void applyTo(Configuration conf) {
        DEFAULTS.forEach((key, value) -> {
            if (!setByUser(conf, key)) conf.set(key, value, "wsss default");
        });
    }

    private static boolean setByUser(Configuration conf, String key) {
        String[] sources = conf.getPropertySources(key);
        return sources != null && !Arrays.asList(sources).equals(java.util.List.of(HADOOP_DEFAULTS));
    }
}
