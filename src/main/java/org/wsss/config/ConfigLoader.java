package org.wsss.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds the effective configuration: {@code reference.conf} (every key, with its default), then each
 * {@code --conf} file in order (later wins), then each {@code --set key=value}. Anything a user wrote
 * under {@code wsss} that the reference does not declare is rejected with the nearest valid key.
 */
public final class ConfigLoader {
    public static final String ROOT = "wsss";
    /** Subtrees whose keys are free-form (passed through to Spark or Hadoop) and so not checked. */
    private static final Set<String> FREE_FORM = Set.of("wsss.spark.conf");
    /** The key a {@code --set} value is parsed under, alone in its own little document. */
    private static final String OVERRIDE_KEY = "value";

    private ConfigLoader() {}

    public static WsssSettings load(List<Path> confFiles, Map<String, String> overrides) {
        return WsssSettings.from(effectiveConfig(confFiles, overrides));
    }

    public static Config effectiveConfig(List<Path> confFiles, Map<String, String> overrides) {
        Config reference = ConfigFactory.parseResources(ConfigLoader.class.getClassLoader(), "reference.conf",
                ConfigParseOptions.defaults().setAllowMissing(false));
        Config user = ConfigFactory.empty();
        for (Path file : confFiles) {
            Config fileConfig = parseFile(file);
            checkKnownKeys(fileConfig, reference, "config file " + file);
            user = fileConfig.withFallback(user);
        }
        for (Map.Entry<String, String> set : overrides.entrySet()) {
            String key = set.getKey().startsWith(ROOT + ".") ? set.getKey() : ROOT + "." + set.getKey();
            Config single;
            try {
                single = ConfigFactory.empty().withValue(key, overrideValue(set.getKey(), set.getValue()));
            } catch (ConfigException e) {
                throw new ConfigError("--set " + set.getKey() + ": not a valid key (" + e.getMessage() + ")");
            }
            checkKnownKeys(single, reference, "--set");
            user = single.withFallback(user);
        }
        try {
            return user.withFallback(reference).resolve();
        } catch (ConfigException e) {
            throw new ConfigError("cannot resolve configuration: " + e.getMessage());
        }
    }

    /**
     * A {@code --set} value, read as a {@code --conf} file reads it: a {@code "quoted"} string loses its quotes, lists
     * and objects ({@code [1, 0.5]}, {@code {a = 1}}) are parsed. Anything else stands as typed (typed reads convert
     * numbers and booleans), so URIs and masters such as {@code s3a://b/x} or {@code local[*]} need no quotes, though
     * unquoted HOCON would cut the first at {@code //} and refuse the second.
     */
    private static ConfigValue overrideValue(String key, String text) {
        String trimmed = text.strip();
        if (!(trimmed.startsWith("\"") || trimmed.startsWith("[") || trimmed.startsWith("{"))) {
            return ConfigValueFactory.fromAnyRef(text);
        }
        String problem;
        try {
            Config parsed = ConfigFactory.parseString(OVERRIDE_KEY + " = " + trimmed);
            if (parsed.root().keySet().equals(Set.of(OVERRIDE_KEY))) return parsed.getValue(OVERRIDE_KEY);
            problem = "more than one value";
        } catch (ConfigException e) {
            problem = e.getMessage();
        }
        throw new ConfigError("--set " + key + "=" + text + ": cannot parse the value (" + problem + ")");
    }

    private static Config parseFile(Path file) {
        if (!Files.isRegularFile(file)) throw new ConfigError("config file " + file + " does not exist");
        if (!Files.isReadable(file)) throw new ConfigError("config file " + file + " is not readable");
        try {
            return ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
        } catch (ConfigException e) {
            throw new ConfigError("config file " + file + " cannot be parsed: " + e.getMessage());
        }
    }

    static void checkKnownKeys(Config user, Config reference, String source) {
        Set<String> known = new TreeSet<>();
        reference.entrySet().forEach(e -> known.add(e.getKey()));
        for (Map.Entry<String, ?> entry : user.entrySet()) {
            String key = entry.getKey();
            if (!key.startsWith(ROOT + ".") || FREE_FORM.stream().anyMatch(f -> key.startsWith(f + "."))) continue;
            if (reference.hasPathOrNull(key)) continue;
            String hint = KeySuggestions.nearest(key, known).map(k -> " (did you mean " + k + "?)").orElse("");
            throw new ConfigError("unknown setting " + key + " in " + source + hint);
        }
    }
}
