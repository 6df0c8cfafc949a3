package org.wsss.cli;

import java.util.List;
import org.wsss.jobs.AffinityLabelsStage;
import org.wsss.jobs.AffinityTrainingStage;
import org.wsss.jobs.CamTrainingStage;
import org.wsss.jobs.CamsStage;
import org.wsss.jobs.EvaluateStage;
import org.wsss.jobs.IndexStage;
import org.wsss.jobs.RandomWalkStage;
import org.wsss.jobs.ReportStage;
import org.wsss.jobs.SegTrainingStage;
import org.wsss.jobs.SegmentStage;
import org.wsss.jobs.Stage;

/** Every stage, in the order the data flows. Training stages resume from their latest checkpoint. */
final class Pipeline {
    private Pipeline() {}

    static List<Stage> stages() {
        return List.of(new IndexStage(), new CamTrainingStage(true), new CamsStage(), new AffinityLabelsStage(),
                new AffinityTrainingStage(true), new RandomWalkStage(), new SegTrainingStage(true), new SegmentStage(),
                new EvaluateStage(), new ReportStage());
    }
}
