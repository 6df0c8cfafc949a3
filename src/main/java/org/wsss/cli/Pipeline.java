package org.wsss.cli;

import java.util.List;
import org.wsss.jobs.IndexStage;
import org.wsss.jobs.Stage;

/** Every stage, in the order the data flows. */
final class Pipeline {
    private Pipeline() {}

    static List<Stage> stages() {
        return List.of(new IndexStage());
    }
}
