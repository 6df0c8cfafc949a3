package org.wsss.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "pipeline", mixinStandardHelpOptions = true,
        description = "Run every stage in order: only those whose inputs (upstream outputs, checkpoints, settings) changed "
                + "since they last completed, and everything downstream of them.")
public final class PipelineCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        StageRunner.run(common.settings(), Pipeline.stages(), true);
        return 0;
    }
}
