package org.wsss.jobs.stage;

import java.io.IOException;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.wsss.config.TrainingConfig;
import org.wsss.io.CheckpointStore;
import org.wsss.io.StageReport;
import org.wsss.jobs.train.DataParallelTraining;
import org.wsss.jobs.train.NetworkFactory;
import org.wsss.jobs.train.RoundEvaluator;
import org.wsss.jobs.train.SampleSource;
import org.wsss.jobs.train.TrainingPlan;
import org.wsss.jobs.train.TrainingPlans;
import org.wsss.model.train.ParameterSnapshot;

/**
 * What the two training stages share: data-parallel training on the stage's plan, checkpoints under
 * {@code RUN_ROOT/checkpoints/<model>/<run>/}, per-round metrics under the stage's folder, and a stage report that is
 * written only when training finished, so that a run stopped early is resumed rather than taken as complete.
 * A run trains anew, into a new run folder, unless it resumes a run made from the same declared inputs; earlier
 * runs' checkpoints are deleted only once the new run finished.
 *
 * @param context the run
 * @param stage the stage's name (its folder, the console label)
 * @param checkpointsName the model's checkpoint folder
 * @param training the stage's training settings
 * @param declared what the training depends on (see the stage's {@code declare})
 */
public record StageTraining(StageContext context, String stage, String checkpointsName, TrainingConfig training,
                     Declaration declared) {

    /** The training settings that do not change the trained model, left out of every training stage's inputs. */
    public static final String[] RUN_ONLY_SETTINGS = {"loader-threads", "evaluation-samples", "keep-checkpoints",
        "stop-after-round"};

    /** A finished (or stopped) training and where its checkpoints are. */
    public record Trained(DataParallelTraining.Result result, CheckpointStore checkpoints) {}

    /** The plan for {@code samples} training samples on this run's cluster. */
    public TrainingPlan plan(int samples) {
        return TrainingPlans.of(training, samples, context);
    }

    /**
     * Trains from {@code start}, or with {@code resume} from the latest checkpoint if it belongs to a run made from
     * the same inputs.
     */
    public <S extends Serializable> Trained train(List<S> samples, TrainingPlan plan, NetworkFactory factory, SampleSource<S> source,
                             RoundEvaluator<S> evaluator, ParameterSnapshot start, boolean resume,
                             Map<String, Object> modelDescription) throws IOException {
        DataParallelTraining<S> trainer = new DataParallelTraining<>(context.spark(), context.storage(), stage,
                factory, source, evaluator, plan, context.settings().devices().gpuResource());
        CheckpointStore checkpoints = new CheckpointStore(context.storage(),
                context.layout().checkpoints(checkpointsName), training.keepCheckpoints())
                .forTraining(declared.fingerprint(), resume);
        DataParallelTraining.Result result = trainer.runWithModel(samples, start, resume, checkpoints,
                context.layout().trainingRounds(stage), modelDescription);
        return new Trained(result, checkpoints);
    }

    /**
     * The stage's report: the stage's own figures first, then the final loss, rounds, whether training finished and
     * where the checkpoints are; written to the run only if training finished.
     */
    public StageReport report(long startedNanos, int samples, Map<String, Object> settings, Trained trained,
                              Map<String, Object> stageFigures) throws IOException {
        DataParallelTraining.Result result = trained.result();
        Map<String, Object> figures = new LinkedHashMap<>(stageFigures);
        figures.put("final_loss", result.last().loss());
        figures.put("rounds", result.rounds().size());
        figures.put("finished", result.finished());
        figures.put("checkpoints", trained.checkpoints().root().toString());
        figures.put("checkpoint", trained.checkpoints().latestName().orElse(Declaration.MISSING));
        StageReport report = declared.stamp(new StageReport(stage, samples, Map.of(),
                StageInputs.secondsSince(startedNanos), StageReport.settingsOf(settings), figures));
        if (result.finished()) {
            trained.checkpoints().finish();
            report.write(context.storage(), context.layout());
        }
        return report;
    }
}
