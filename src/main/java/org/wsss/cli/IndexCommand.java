package org.wsss.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.wsss.jobs.IndexStage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "index", mixinStandardHelpOptions = true,
        description = "Index the dataset: one row per usable image, rejects with their reasons.")
public final class IndexCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        StageRunner.run(common.settings(), List.of(new IndexStage()), false);
        return 0;
    }
}
