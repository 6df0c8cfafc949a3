package org.wsss.cli;

import java.util.ArrayList;
import java.util.List;
import org.wsss.config.WsssSettings;
import org.wsss.jobs.AffinityLabelsStage;
import org.wsss.jobs.AffinityTrainingStage;
import org.wsss.jobs.CamTrainingStage;
import org.wsss.jobs.CamsStage;
import org.wsss.jobs.EvaluateStage;
import org.wsss.jobs.IndexStage;
import org.wsss.jobs.RandomWalkStage;
import org.wsss.jobs.ReportStage;
import org.wsss.jobs.Stage;
import org.wsss.jobs.TuneStage;

/**
 * Every stage, in the order the data flows. Training stages resume from their latest checkpoint. The tune stage
 * runs when {@code wsss.tune.images > 0}, after the stages whose outputs it needs and before the random walk that
 * uses its choice.
 */
final class Pipeline {
    private Pipeline() {}

    static List<Stage> stages(WsssSettings settings) {
        List<Stage> stages = new ArrayList<>(List.of(new IndexStage(), new CamTrainingStage(true), new CamsStage(),
                new AffinityLabelsStage(), new AffinityTrainingStage(true)));
        if (settings.tune().enabled()) stages.add(new TuneStage());
        stages.addAll(List.of(new RandomWalkStage(), new EvaluateStage(), new ReportStage()));
        return List.copyOf(stages);
    }
}
