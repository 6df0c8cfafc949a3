package org.wsss.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.wsss.jobs.SegTrainingStage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "train-seg", mixinStandardHelpOptions = true,
        description = "Train the segmentation network (DeepLab-style, ASPP head) on one pseudo-mask method of the "
                + "training images (wsss.train-seg.masks, default rw_crf); checkpoints under RUN_ROOT/checkpoints/seg.")
public final class TrainSegCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--resume", description = "Continue from the latest checkpoint instead of starting over.")
    boolean resume;

    @Override
    public Integer call() throws Exception {
        StageRunner.run(common.settings(), List.of(new SegTrainingStage(resume)), false);
        return 0;
    }
}
