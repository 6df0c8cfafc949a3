package org.wsss.jobs.stage;

import java.io.IOException;
import org.wsss.io.StageReport;

/** One step of the pipeline: reads earlier stages' tables, writes its own, and reports what it did. */
public interface Stage {
    /** The subcommand and the folder of its {@code _stage.json}. */
    String name();

    /** What its output depends on, as of now; the run records it, and {@code pipeline} compares against it. */
    Declaration declare(StageContext context) throws IOException;

    StageReport run(StageContext context) throws Exception;
}
