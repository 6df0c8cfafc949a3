package org.wsss.jobs.stage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.fs.Path;
import org.wsss.io.CheckpointStore;
import org.wsss.io.StageReport;

/**
 * What a stage's output depends on, the way a DVC stage declares its deps: the outputs of the stages it reads, the
 * checkpoints it uses, and the settings that change its output (never threads, partitions or batch sizes that
 * only change how fast it runs). Their {@link #fingerprint} goes into the stage's {@code _stage.json} and into
 * every per-image row it writes, so a re-run can tell rows made from other inputs, and {@code pipeline} can say
 * which input changed.
 */
public final class Declaration {
    /** The value of an upstream stage that has not completed, or of a model with no checkpoint. */
    public static final String MISSING = "none";
    /** The value of an upstream stage whose report predates lineage. */
    public static final String UNKNOWN = "unknown";
    /** How a checkpoint input's key ends ({@code train-cam checkpoint}). */
    public static final String CHECKPOINT = " checkpoint";
    private static final String OUTPUT = " output";
    private static final int FINGERPRINT_HEX = 16;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private final Map<String, Object> inputs = new TreeMap<>();

    /** The outputs of {@code stages}, each by the fingerprint of its last completed run. */
    public Declaration upstream(StageContext context, String... stages) throws IOException {
        for (String stage : stages) {
            String value = MISSING;
            if (StageReport.isComplete(context.storage(), context.layout(), stage)) {
                value = Objects.requireNonNullElse(StageReport.read(context.storage(), context.layout(), stage)
                        .fingerprint(), UNKNOWN);
            }
            put(stage + OUTPUT, value);
        }
        return this;
    }

    /** The checkpoint a stage uses: the id of the latest one {@code trainingStage} wrote under {@code folder}. */
    public Declaration checkpoint(StageContext context, String trainingStage, Path folder) throws IOException {
        return put(trainingStage + CHECKPOINT, latestCheckpoint(context, folder));
    }

    /** The id of the latest checkpoint under {@code folder}, or {@link #MISSING}. */
    public static String latestCheckpoint(StageContext context, Path folder) {
        return new CheckpointStore(context.storage(), folder, 1).latestName().orElse(MISSING);
    }

    /**
     * Every setting of a settings record as its configuration key ({@code random-walk.logt}): nested records are
     * flattened into their parent's keys, as in the configuration. {@code excluded} names the keys (without the
     * prefix) that do not change the output; each must exist.
     */
    public Declaration settings(String prefix, Object record, String... excluded) {
        Map<String, Object> flat = new TreeMap<>();
        flatten(JSON.convertValue(record, new TypeReference<Map<String, Object>>() {}), flat);
        for (String key : excluded) {
            if (!flat.containsKey(key)) {
                throw new IllegalArgumentException("no setting " + prefix + "." + key + " to leave out");
            }
            flat.remove(key);
        }
        flat.forEach((key, value) -> put(prefix + "." + key, value));
        return this;
    }

    /** Any other value the output depends on, under {@code key}. */
    public Declaration value(String key, Object value) {
        return put(key, value);
    }

    private Declaration put(String key, Object value) {
        if (inputs.put(key, normalised(value)) != null) throw new IllegalArgumentException("declared twice: " + key);
        return this;
    }

    @SuppressWarnings("unchecked")
    private static void flatten(Map<String, Object> values, Map<String, Object> into) {
        values.forEach((name, value) -> {
            if (value instanceof Map<?, ?> nested) {
                flatten((Map<String, Object>) nested, into);
            } else {
                into.put(kebab(name), value);
            }
        });
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** The value as it reads back from JSON, so a declared and a recorded input compare equal when they are. */
    private static Object normalised(Object value) {
        try {
            return JSON.readValue(JSON.writeValueAsString(value), Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot record " + value, e);
        }
    }

    public Map<String, Object> inputs() {
        return new TreeMap<>(inputs);
    }

    /** A short hash of every declared input and its value. */
    public String fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(JSON.writeValueAsString(inputs).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, FINGERPRINT_HEX);
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException("cannot fingerprint " + inputs, e);
        }
    }

    /** {@code report} stamped with this declaration: the inputs that made the output, and when. */
    public StageReport stamp(StageReport report) {
        return report.withLineage(fingerprint(), inputs());
    }

    /**
     * Why an output made from {@code recorded} inputs is stale now, one reason per changed input
     * ({@code train-cam checkpoint changed}, {@code random-walk.logt 4 -> 8}); empty when it is up to date.
     */
    public List<String> changesSince(Map<String, Object> recorded) {
        if (recorded == null) return List.of("its inputs were not recorded");
        List<String> reasons = new ArrayList<>();
        Set<String> keys = new TreeSet<>(inputs.keySet());
        keys.addAll(recorded.keySet());
        for (String key : keys) {
            Object now = inputs.get(key);
            Object before = recorded.get(key);
            if (Objects.equals(now, normalised(before))) continue;
            if (!inputs.containsKey(key)) {
                reasons.add(key + " no longer used");
            } else if (!recorded.containsKey(key)) {
                reasons.add(key + " newly used");
            } else if (key.endsWith(CHECKPOINT) || key.endsWith(OUTPUT)) {
                reasons.add(key + " changed");
            } else {
                reasons.add(key + " " + JSON.valueToTree(before) + " -> " + JSON.valueToTree(now));
            }
        }
        return reasons;
    }
}
