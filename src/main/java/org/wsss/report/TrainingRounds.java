package org.wsss.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * A training stage's {@code rounds.json}: a JSON array of objects with at least {@code round} and {@code loss},
 * optionally {@code accuracy}, {@code images_per_second} and {@code seconds}. Other fields are ignored, so the
 * training stages may record more than the report shows.
 */
public final class TrainingRounds {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One round; optional figures are NaN when the stage did not record them. */
    public record Round(int round, double loss, double accuracy, double imagesPerSecond, double seconds) {
        public boolean hasAccuracy() {
            return !Double.isNaN(accuracy);
        }
    }

    private TrainingRounds() {}

    /** The rounds in file order; a file that is not such an array is an error saying what is wrong. */
    public static List<Round> parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isArray()) throw new IllegalArgumentException("expected a JSON array of rounds");
        List<Round> rounds = new ArrayList<>(root.size());
        for (int i = 0; i < root.size(); i++) {
            JsonNode entry = root.get(i);
            if (!entry.path("round").canConvertToInt() || !entry.path("round").isNumber()) {
                throw new IllegalArgumentException("entry " + i + " has no integer \"round\"");
            }
            if (!entry.path("loss").isNumber()) {
                throw new IllegalArgumentException("entry " + i + " has no numeric \"loss\"");
            }
            rounds.add(new Round(entry.get("round").asInt(), entry.get("loss").asDouble(),
                    optional(entry, "accuracy"), optional(entry, "images_per_second"), optional(entry, "seconds")));
        }
        return rounds;
    }

    /** Mean of a figure over the rounds that recorded it. */
    public static OptionalDouble mean(List<Round> rounds, java.util.function.ToDoubleFunction<Round> figure) {
        return rounds.stream().mapToDouble(figure).filter(v -> !Double.isNaN(v)).average();
    }

    /** Sum of a figure over the rounds that recorded it. */
    public static OptionalDouble sum(List<Round> rounds, java.util.function.ToDoubleFunction<Round> figure) {
        double[] values = rounds.stream().mapToDouble(figure).filter(v -> !Double.isNaN(v)).toArray();
        return values.length == 0 ? OptionalDouble.empty() : OptionalDouble.of(java.util.Arrays.stream(values).sum());
    }

    private static double optional(JsonNode entry, String field) {
        JsonNode value = entry.path(field);
        return value.isNumber() ? value.asDouble() : Double.NaN;
    }
}
