package org.wsss.jobs;

import org.wsss.io.StageReport;

/** One step of the pipeline: reads earlier stages' tables, writes its own, and reports what it did. */
public interface Stage {
    /** The subcommand and the folder of its {@code _stage.json}. */
    String name();

    StageReport run(StageContext context) throws Exception;
}
