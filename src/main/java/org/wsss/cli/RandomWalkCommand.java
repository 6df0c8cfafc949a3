package org.wsss.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.wsss.jobs.RandomWalkStage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "random-walk", mixinStandardHelpOptions = true,
        description = "Spread each image's CAMs along the trained AffinityNet's affinities: masks of method rw, "
                + "and rw_crf with wsss.random-walk.crf = true. Resumes: images with all their masks are skipped.")
public final class RandomWalkCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        StageRunner.run(common.settings(), List.of(new RandomWalkStage()), false);
        return 0;
    }
}
