package org.wsss.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.wsss.jobs.AffinityLabelsStage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "affinity-labels", mixinStandardHelpOptions = true,
        description = "Affinity labels from CAMs: dense CRF on low- and high-alpha backgrounds, confident regions.")
public final class AffinityLabelsCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        StageRunner.run(common.settings(), List.of(new AffinityLabelsStage()), false);
        return 0;
    }
}
