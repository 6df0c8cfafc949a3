package org.wsss.cli;

import java.io.IOException;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.wsss.config.WsssSettings;
import org.wsss.io.StageReport;
import org.wsss.jobs.stage.Stage;
import org.wsss.jobs.stage.StageContext;
import org.wsss.spark.SparkSessions;

/**
 * Runs stages in one Spark session. Asked to skip what is up to date (the pipeline), it runs exactly the stages
 * whose declared inputs changed since their last completed run, and so everything downstream of them, saying why.
 */
final class StageRunner {
    private StageRunner() {}

    static void run(WsssSettings settings, List<Stage> stages, boolean skipUpToDate) throws Exception {
        Preflight.beforeStages(settings, stages, skipUpToDate);
        SparkSessions.configureCpuThreads(settings.devices().cpuThreadsPerTask());
        SparkSession spark = SparkSessions.create(settings.spark());
        try {
            StageContext context = StageContext.create(spark, settings);
            for (int i = 0; i < stages.size(); i++) {
                Stage stage = stages.get(i);
                String position = String.format("(%d/%d)", i + 1, stages.size());
                if (skipUpToDate) {
                    List<String> stale = staleness(context, stage);
                    if (stale.isEmpty()) {
                        Console.line("[%s] %s up to date", stage.name(), position);
                        continue;
                    }
                    Console.line("[%s] %s stale: %s", stage.name(), position, String.join(", ", stale));
                }
                Console.line("[%s] %s running", stage.name(), position);
                StageReport report = stage.run(context);
                if (!StageReport.isComplete(context.storage(), context.layout(), stage.name())) {
                    // A training run stopped early on purpose: later stages must not use its partial model.
                    Console.line("[%s] stopped before completing; run again to resume", stage.name());
                    return;
                }
                Console.stageDone(report);
            }
        } finally {
            spark.stop();
        }
    }

    /** Why {@code stage} must run: never completed, or the inputs it declares now differ from those it ran on. */
    static List<String> staleness(StageContext context, Stage stage) throws IOException {
        if (!StageReport.isComplete(context.storage(), context.layout(), stage.name())) return List.of("not run yet");
        StageReport last = StageReport.read(context.storage(), context.layout(), stage.name());
        return stage.declare(context).changesSince(last.inputs());
    }
}
