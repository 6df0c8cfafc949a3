package org.wsss.jobs.train;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** One round's figures, as shown on the console and saved for the report's training curves. */
public record RoundMetrics(
        int round,
        double epoch,
        long step,
        double loss,
        @JsonProperty("accuracy") Double accuracy,
        @JsonProperty("images_per_second") double imagesPerSecond,
        double seconds) {

    public Map<String, Object> asState() {
        java.util.LinkedHashMap<String, Object> state = new java.util.LinkedHashMap<>();
        state.put("epoch", epoch);
        state.put("step", step);
        state.put("loss", loss);
        if (accuracy != null) state.put("accuracy", accuracy);
        state.put("images_per_second", imagesPerSecond);
        return state;
    }
}
