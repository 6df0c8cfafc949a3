package org.wsss.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluationMetricsTest {
    @Test
    void roundTripsWithNullForNothingMeasuredAndKeepsOrder() throws IOException {
        Map<String, Double> perClass = new LinkedHashMap<>();
        perClass.put("background", 0.9);
        perClass.put("Abyssinian", 0.6);
        Map<String, EvaluationMetrics.MethodScores> methods = new LinkedHashMap<>();
        methods.put("rw", EvaluationMetrics.MethodScores.of(0.75, 0.8, 0.95, perClass, 3));
        methods.put("cam", EvaluationMetrics.MethodScores.of(Double.NaN, Double.NaN, Double.NaN, Map.of(), 0));
        EvaluationMetrics metrics = new EvaluationMetrics("test", 3, methods);

        String json = metrics.toJson();
        assertFalse(json.contains("NaN"));
        assertTrue(json.contains("\"fg_iou\" : 0.8"), json);
        assertTrue(json.contains("\"per_class_iou\""), json);
        EvaluationMetrics read = EvaluationMetrics.fromJson(json);
        assertEquals(metrics, read);
        assertEquals(List.of("rw", "cam"), List.copyOf(read.methods().keySet()));
        assertEquals(List.of("background", "Abyssinian"), List.copyOf(read.methods().get("rw").perClassIou().keySet()));
        assertNull(read.methods().get("cam").miou());
        assertEquals("rw", read.bestMethod().orElseThrow());
    }

    @Test
    void readersIgnoreFieldsAddedLater() throws IOException {
        EvaluationMetrics read = EvaluationMetrics.fromJson("""
                {"split": "all", "images": 2, "extra": 1, "methods": {"rw": {"miou": 0.5, "fg_iou": 0.4,
                 "pixel_accuracy": 0.9, "per_class_iou": {"background": 0.5}, "new_score": 3}}}""");
        assertEquals(0.5, read.methods().get("rw").miou());
        assertEquals(0, read.methods().get("rw").scoredImages());
    }

    @Test
    void pipelineMethodsComeFirstInPipelineOrder() {
        assertEquals(List.of("cam", "cam_crf", "rw", "rw_crf", "a_test", "zz"),
                MaskMethods.ordered(List.of("zz", "rw_crf", "a_test", "rw", "cam", "cam_crf", "rw")));
        assertEquals("RW+CRF", MaskMethods.displayName("rw_crf"));
        assertEquals("mine", MaskMethods.displayName("mine"));
    }
}
