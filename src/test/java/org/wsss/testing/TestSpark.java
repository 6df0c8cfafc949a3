package org.wsss.testing;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.wsss.config.ConfigLoader;
import org.wsss.config.WsssSettings;
import org.wsss.jobs.stage.StageContext;
import org.wsss.spark.SparkSessions;

/** One local[2] Spark session on loopback shared by all tests in the JVM (starting one costs seconds). */
public final class TestSpark {
    private static SparkSession session;

    private TestSpark() {}

    public static synchronized SparkSession session() {
        if (session == null || session.sparkContext().isStopped()) {
            session = SparkSessions.create(settings(Path.of("unused-data"), Path.of("unused-run")).spark());
        }
        return session;
    }

    /** The demo preset on local[2], bound to loopback, with the given roots. */
    public static WsssSettings settings(Path dataRoot, Path runRoot) {
        return settings(dataRoot.toString(), runRoot.toString(), Map.of());
    }

    public static WsssSettings settings(String dataRoot, String runRoot, Map<String, String> overrides) {
        java.util.Map<String, String> all = new java.util.LinkedHashMap<>();
        all.put("spark.master", "local[2]");
        all.put("spark.bind-loopback", "true");
        all.putAll(overrides);
        return ConfigLoader.load(List.of(demoPreset()), all).withDataRoot(dataRoot).withRunRoot(runRoot);
    }

    public static StageContext context(WsssSettings settings) {
        return StageContext.create(session(), settings);
    }

    public static Path demoPreset() {
        return Path.of(System.getProperty("wsss.home", ".")).resolve("conf/demo.conf");
    }
}
