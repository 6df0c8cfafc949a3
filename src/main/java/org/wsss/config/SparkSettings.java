package org.wsss.config;

import com.typesafe.config.ConfigValue;
import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/** How the Spark session is created. */
public record SparkSettings(String master, String appName, boolean bindLoopback, boolean ui,
                            Map<String, String> conf) implements Serializable {

    public SparkSettings {
        conf = Map.copyOf(conf);
    }

    static SparkSettings from(SettingsReader r) {
        Map<String, String> passThrough = new TreeMap<>();
        for (Map.Entry<String, ConfigValue> e : r.child("conf").config().entrySet()) {
            // Spark keys contain dots, so HOCON nests them; quoting is optional for the user.
            passThrough.put(e.getKey().replace("\"", ""), String.valueOf(e.getValue().unwrapped()));
        }
        return new SparkSettings(r.nonEmptyString("master"), r.nonEmptyString("app-name"),
                r.bool("bind-loopback"), r.bool("ui"), passThrough);
    }

    public SparkSettings withMaster(String newMaster) {
        return new SparkSettings(newMaster, appName, bindLoopback, ui, conf);
    }

    public boolean isLocal() {
        return master.startsWith("local");
    }
}
