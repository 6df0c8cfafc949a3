package org.wsss.io;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The evaluation's summary, {@code RUN_ROOT/eval/metrics.json}: a contract other tools read.
 *
 * <pre>{"split": "test", "images": n, "methods": {"rw": {"miou": .., "fg_iou": .., "pixel_accuracy": ..,
 *   "per_class_iou": {"background": .., "Abyssinian": .., ...}, "scored_images": m}, ...}}</pre>
 *
 * Scores are fractions in [0, 1]. JSON has no NaN, so a score with nothing to measure (no pixel scored) is null.
 * {@code images} counts the split's indexed images, {@code scored_images} those a method was scored on; per-class
 * IoUs list only classes present in ground truth or prediction, in class-id order. Readers ignore unknown fields.
 *
 * <p>{@code lineage} says what made each method's masks: {@code {"rw": {"stage": "random-walk", "fingerprint":
 * .., "checkpoints": {"train-affinity checkpoint": "<run>/round-000004", "train-cam checkpoint": ..},
 * "finished": "2026-11-30T03:15:00Z"}, ...}}; empty for a method whose stage recorded no lineage.
 */
@JsonPropertyOrder({"split", "images", "methods", "lineage"})
@JsonIgnoreProperties(ignoreUnknown = true)
public record EvaluationMetrics(String split, long images, Map<String, MethodScores> methods,
                                Map<String, MethodLineage> lineage) {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public EvaluationMetrics {
        methods = Collections.unmodifiableMap(new LinkedHashMap<>(methods));
        lineage = lineage == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(lineage));
    }

    public EvaluationMetrics(String split, long images, Map<String, MethodScores> methods) {
        this(split, images, methods, Map.of());
    }

    /**
     * What made one method's masks: the stage, the fingerprint of its inputs, the ids of the checkpoints behind
     * them (its own and upstream ones), and when it finished.
     */
    @JsonPropertyOrder({"stage", "fingerprint", "checkpoints", "finished"})
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record MethodLineage(String stage, String fingerprint, Map<String, String> checkpoints, String finished) {
        public MethodLineage {
            checkpoints = checkpoints == null ? Map.of() : Collections.unmodifiableMap(new java.util.TreeMap<>(checkpoints));
        }
    }

    @JsonPropertyOrder({"miou", "fg_iou", "pixel_accuracy", "per_class_iou", "scored_images"})
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record MethodScores(Double miou,
                               @JsonProperty("fg_iou") Double fgIou,
                               @JsonProperty("pixel_accuracy") Double pixelAccuracy,
                               @JsonProperty("per_class_iou") Map<String, Double> perClassIou,
                               @JsonProperty("scored_images") long scoredImages) {
        public MethodScores {
            perClassIou = Collections.unmodifiableMap(new LinkedHashMap<>(perClassIou));
        }

        /** Scores as computed, NaN meaning "nothing to measure". */
        public static MethodScores of(double miou, double fgIou, double pixelAccuracy,
                                      Map<String, Double> perClassIou, long scoredImages) {
            return new MethodScores(orNull(miou), orNull(fgIou), orNull(pixelAccuracy), perClassIou, scoredImages);
        }

        private static Double orNull(double score) {
            return Double.isNaN(score) ? null : score;
        }
    }

    /** The method with the highest mIoU, if any method has one. */
    public Optional<String> bestMethod() {
        return methods.entrySet().stream()
                .filter(e -> e.getValue().miou() != null)
                .max(Comparator.comparingDouble(e -> e.getValue().miou()))
                .map(Map.Entry::getKey);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException("cannot render the evaluation metrics", e);
        }
    }

    public static EvaluationMetrics fromJson(String json) throws IOException {
        return JSON.readValue(json, EvaluationMetrics.class);
    }

    /** Replaces {@code RUN_ROOT/eval/metrics.json} in one step. */
    public void write(Storage storage, RunLayout layout) throws IOException {
        storage.mkdirs(layout.evaluationMetrics().getParent());
        storage.writeTextAtomically(layout.evaluationMetrics(), toJson());
    }

    /** The run's metrics, or empty when the evaluation has not run. */
    public static Optional<EvaluationMetrics> read(Storage storage, RunLayout layout) throws IOException {
        if (!storage.existsAtomicallyWritten(layout.evaluationMetrics())) return Optional.empty();
        return Optional.of(fromJson(storage.readTextAtomicallyWritten(layout.evaluationMetrics())));
    }
}
