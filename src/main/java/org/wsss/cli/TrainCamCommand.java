package org.wsss.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.wsss.jobs.CamTrainingStage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "train-cam", mixinStandardHelpOptions = true,
        description = "Train the stage-1 classifier from image labels; checkpoints under RUN_ROOT/checkpoints/cam.")
public final class TrainCamCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--resume", description = "Continue from the latest checkpoint instead of starting over.")
    boolean resume;

    @Override
    public Integer call() throws Exception {
        StageRunner.run(common.settings(), List.of(new CamTrainingStage(resume)), false);
        return 0;
    }
}
