package org.wsss.cli;

import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.wsss.config.WsssSettings;
import org.wsss.io.StageReport;
import org.wsss.jobs.Stage;
import org.wsss.jobs.StageContext;
import org.wsss.spark.SparkSessions;

/** Runs stages in one Spark session, skipping those already complete when asked to resume. */
final class StageRunner {
    private StageRunner() {}

    static void run(WsssSettings settings, List<Stage> stages, boolean skipComplete) throws Exception {
        Preflight.beforeStages(settings, stages, skipComplete);
        SparkSessions.configureCpuThreads(settings.devices().cpuThreadsPerTask());
        SparkSession spark = SparkSessions.create(settings.spark());
        try {
            StageContext context = StageContext.create(spark, settings);
            for (int i = 0; i < stages.size(); i++) {
                Stage stage = stages.get(i);
                String position = String.format("(%d/%d)", i + 1, stages.size());
                if (skipComplete && StageReport.isComplete(context.storage(), context.layout(), stage.name())) {
                    Console.line("[%s] %s already complete, skipped", stage.name(), position);
                    continue;
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
}
