package org.wsss.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.wsss.jobs.AffinityTrainingStage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "train-affinity", mixinStandardHelpOptions = true,
        description = "Train AffinityNet on the affinity labels of the training images; checkpoints under "
                + "RUN_ROOT/checkpoints/affinity.")
public final class TrainAffinityCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--resume", description = "Continue from the latest checkpoint instead of starting over.")
    boolean resume;

    @Override
    public Integer call() throws Exception {
        StageRunner.run(common.settings(), List.of(new AffinityTrainingStage(resume)), false);
        return 0;
    }
}
