package org.wsss.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.wsss.jobs.TuneStage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "tune", mixinStandardHelpOptions = true,
        description = "Fit the inference settings to the data: score a grid of CAM thresholds and walk settings on "
                + "wsss.tune.images trainval images (never test images) against their trimaps; scores in RUN_ROOT/tune/"
                + "scores, the best point in RUN_ROOT/tune/settings.conf, used by random-walk (and cams) when their "
                + "settings key is tuned.")
public final class TuneCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        StageRunner.run(common.settings(), List.of(new TuneStage()), false);
        return 0;
    }
}
