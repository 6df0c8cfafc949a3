package org.wsss.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.Path;

/**
 * What a stage writes to {@code RUN_ROOT/<stage>/_stage.json} when it completes: rows written by this run, rejects
 * by reason, wall-clock seconds, the settings it ran with, and stage-specific figures. Its presence marks the
 * stage complete.
 */
public record StageReport(String stage, long rows, Map<String, Long> rejects, double seconds,
                          Map<String, Object> settings, Map<String, Object> figures) {

    /** Figure naming the files a person opens next, by what they are ({@code {"page": URI}}); printed when done. */
    public static final String OUTPUTS = "outputs";
    /** Figure with each method's headline scores ({@code {"rw": {"miou": .., "fg_iou": ..}}}); printed when done. */
    public static final String SCORES = "scores";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    public StageReport {
        rejects = new TreeMap<>(rejects);
        settings = new LinkedHashMap<>(settings);
        figures = new LinkedHashMap<>(figures);
    }

    /** Settings records become plain JSON objects; credentials never reach these records. */
    public static Map<String, Object> settingsOf(Map<String, Object> named) {
        Map<String, Object> out = new LinkedHashMap<>();
        named.forEach((name, record) -> out.put(name, JSON.convertValue(record, Object.class)));
        return out;
    }

    public long totalRejects() {
        return rejects.values().stream().mapToLong(Long::longValue).sum();
    }

    public void write(Storage storage, RunLayout layout) throws IOException {
        Path target = layout.stageReport(stage);
        storage.mkdirs(target.getParent());
        storage.writeTextAtomically(target, toJson());
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException("cannot render the report of stage " + stage, e);
        }
    }

    public static boolean isComplete(Storage storage, RunLayout layout, String stage) {
        return storage.exists(layout.stageReport(stage));
    }

    public static StageReport read(Storage storage, RunLayout layout, String stage) throws IOException {
        return JSON.readValue(storage.readText(layout.stageReport(stage)), StageReport.class);
    }
}
