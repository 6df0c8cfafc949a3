package org.wsss.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.wsss.jobs.CamsStage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "cams", mixinStandardHelpOptions = true,
        description = "Multi-scale CAMs of every indexed image from the latest stage-1 checkpoint, and CAM-only masks.")
public final class CamsCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        StageRunner.run(common.settings(), List.of(new CamsStage()), false);
        return 0;
    }
}
