package org.wsss.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.wsss.jobs.ReportStage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write the offline HTML report of the run to RUN_ROOT/report/index.html.")
public final class ReportCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        StageRunner.run(common.settings(), List.of(new ReportStage()), false);
        return 0;
    }
}
