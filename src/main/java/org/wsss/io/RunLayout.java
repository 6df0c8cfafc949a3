package org.wsss.io;

import java.io.Serial;
import java.io.Serializable;
import org.apache.hadoop.fs.Path;

/** Where each stage's outputs live under the run root. The only place that knows these names. */
public record RunLayout(String runRoot) implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    public static final String STAGE_REPORT = "_stage.json";

    public RunLayout {
        runRoot = Storage.qualify(runRoot);
    }

    /** The folder named after a stage's subcommand; it holds the stage's {@code _stage.json}. */
    public Path stageDir(String stage) {
        return Storage.path(runRoot, stage);
    }

    public Path stageReport(String stage) {
        return new Path(stageDir(stage), STAGE_REPORT);
    }

    public Path table(TableSpec table) {
        return Storage.path(runRoot, table.name());
    }

    /** A private folder for output being written; moved into place only when complete. */
    public Path staging(String name) {
        return Storage.path(runRoot, "_staging", name + "-" + java.util.UUID.randomUUID());
    }

    public Path checkpoints(String model) {
        return Storage.path(runRoot, "checkpoints", model);
    }
}
