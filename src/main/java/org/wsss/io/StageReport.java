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
 * by reason, wall-clock seconds, the settings it ran with, and stage-specific figures; and its lineage: the inputs
 * it declared (upstream outputs, checkpoint ids, settings that change its output), their fingerprint, and when it
 * finished. Its presence marks the stage complete; its inputs tell whether it is still up to date.
 *
 * @param fingerprint of {@code inputs}; null in reports written before lineage was recorded
 * @param inputs each declared input and its value
 * @param finished when the stage completed (ISO-8601, UTC)
 */
public record StageReport(String stage, long rows, Map<String, Long> rejects, double seconds,
                          Map<String, Object> settings, Map<String, Object> figures, String fingerprint,
                          Map<String, Object> inputs, String finished) {

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
        inputs = inputs == null ? null : new TreeMap<>(inputs);
    }

    /** A report without lineage yet; see {@link #withLineage}. */
    public StageReport(String stage, long rows, Map<String, Long> rejects, double seconds,
                       Map<String, Object> settings, Map<String, Object> figures) {
        this(stage, rows, rejects, seconds, settings, figures, null, null, null);
    }

    /** This report, recording that {@code inputs} (fingerprinted {@code fingerprint}) made the output, now. */
    public StageReport withLineage(String fingerprint, Map<String, Object> inputs) {
        return new StageReport(stage, rows, rejects, seconds, settings, figures, fingerprint, inputs,
                java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
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
        return storage.existsAtomicallyWritten(layout.stageReport(stage));
    }

    public static StageReport read(Storage storage, RunLayout layout, String stage) throws IOException {
        return JSON.readValue(storage.readTextAtomicallyWritten(layout.stageReport(stage)), StageReport.class);
    }
}
