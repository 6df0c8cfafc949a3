package org.wsss.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Typed, range-checked access to one subtree of the configuration. Every failure names the full key
 * (for example {@code wsss.train-cam.batch-size}), the offending value and what would have been allowed.
 */
public final class SettingsReader {
    private final Config config;
    private final String prefix;

    SettingsReader(Config config, String prefix) {
        this.config = config;
        this.prefix = prefix;
    }

    /** A reader for the subtree {@code key} below this one. */
    public SettingsReader child(String key) {
        return new SettingsReader(typed(key, "an object", () -> config.getConfig(key)), fullKey(key));
    }

    public String string(String key) {
        return typed(key, "a string", () -> config.getString(key));
    }

    public String nonEmptyString(String key) {
        String value = string(key);
        if (value.isBlank()) throw outOfRange(key, "\"" + value + "\"", "a non-empty string");
        return value;
    }

    public boolean bool(String key) {
        return typed(key, "true or false", () -> config.getBoolean(key));
    }

    public int intIn(String key, int min, int max) {
        int value = typed(key, "an integer", () -> config.getInt(key));
        if (value < min || value > max) throw outOfRange(key, value, "an integer in [" + min + ", " + max + "]");
        return value;
    }

    public long longIn(String key, long min, long max) {
        long value = typed(key, "an integer", () -> config.getLong(key));
        if (value < min || value > max) throw outOfRange(key, value, "an integer in [" + min + ", " + max + "]");
        return value;
    }

    /** A size in bytes, written like {@code 6g} or {@code 512m}, in {@code [min, max]}. */
    public long bytesIn(String key, long min, long max) {
        long value = typed(key, "a size such as 6g or 512m", () -> config.getBytes(key));
        if (value < min || value > max) {
            String range = max == Long.MAX_VALUE ? "a size of at least " + Memory.text(min)
                    : "a size in [" + Memory.text(min) + ", " + Memory.text(max) + "]";
            throw outOfRange(key, config.getValue(key).render(), range);
        }
        return value;
    }

    public double doubleIn(String key, double min, double max) {
        double value = typed(key, "a number", () -> config.getDouble(key));
        if (!(value >= min && value <= max)) throw outOfRange(key, value, "a number in [" + min + ", " + max + "]");
        return value;
    }

    /** A number strictly above {@code exclusiveMin} and at most {@code max}. */
    public double doubleAbove(String key, double exclusiveMin, double max) {
        double value = typed(key, "a number", () -> config.getDouble(key));
        if (!(value > exclusiveMin && value <= max)) {
            throw outOfRange(key, value, "a number in (" + exclusiveMin + ", " + max + "]");
        }
        return value;
    }

    public List<Double> doubleList(String key, double min, double max) {
        List<Double> values = typed(key, "a list of numbers", () -> config.getDoubleList(key));
        for (double v : values) {
            if (!(v >= min && v <= max)) throw outOfRange(key, values, "numbers in [" + min + ", " + max + "]");
        }
        if (values.isEmpty()) throw outOfRange(key, values, "a non-empty list");
        return List.copyOf(values);
    }

    /** One of the constants of {@code type}, written in lower case with dashes (for example {@code resnet50}). */
    public <E extends Enum<E>> E oneOf(String key, Class<E> type) {
        String value = string(key);
        for (E constant : type.getEnumConstants()) {
            if (settingName(constant).equals(value)) return constant;
        }
        List<String> allowed = Arrays.stream(type.getEnumConstants()).map(SettingsReader::settingName).toList();
        throw outOfRange(key, "\"" + value + "\"", "one of " + allowed);
    }

    /** The spelling of an enum constant in configuration files. */
    public static String settingName(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public ConfigValue raw(String key) {
        return typed(key, "a value", () -> config.getValue(key));
    }

    public Config config() {
        return config;
    }

    public String fullKey(String key) {
        return prefix.isEmpty() ? key : prefix + "." + key;
    }

    private <T> T typed(String key, String expected, Supplier<T> read) {
        try {
            return read.get();
        } catch (ConfigException.Missing e) {
            throw new ConfigError("missing setting " + fullKey(key) + ": expected " + expected);
        } catch (ConfigException.WrongType | ConfigException.BadValue e) {
            String shown = config.hasPathOrNull(key) ? config.getValue(key).render() : "null";
            throw new ConfigError("setting " + fullKey(key) + " = " + shown + " is not " + expected);
        }
    }

    private ConfigError outOfRange(String key, Object value, String allowed) {
        return new ConfigError("setting " + fullKey(key) + " = " + value + " is out of range: expected " + allowed);
    }
}
