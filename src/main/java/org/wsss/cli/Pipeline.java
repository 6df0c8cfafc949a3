package org.wsss.cli;

import java.util.List;
import java.util.function.Function;
import org.wsss.config.WsssSettings;
import org.wsss.jobs.affinity.AffinityLabelsStage;
import org.wsss.jobs.affinity.AffinityTrainingStage;
import org.wsss.jobs.cam.CamTrainingStage;
import org.wsss.jobs.cam.CamsStage;
import org.wsss.jobs.evaluate.EvaluateStage;
import org.wsss.jobs.index.IndexStage;
import org.wsss.jobs.report.ReportStage;
import org.wsss.jobs.seg.SegTrainingStage;
import org.wsss.jobs.seg.SegmentStage;
import org.wsss.jobs.stage.Stage;
import org.wsss.jobs.tune.TuneStage;
import org.wsss.jobs.walk.RandomWalkStage;

/**
 * Every stage, in the order the data flows: the pipeline runs them, and each is also a subcommand of its own
 * ({@link StageCommand}). Training stages resume from their latest checkpoint (of the same inputs) in the pipeline,
 * and with {@code --resume} as a subcommand. The tune stage runs in the pipeline when {@code wsss.tune.images > 0}.
 */
final class Pipeline {
    private Pipeline() {}

    /**
     * One stage as the command line offers it.
     *
     * @param name the subcommand (the stage's name)
     * @param description its help text
     * @param resumable whether it is a training stage, which takes {@code --resume}
     * @param create the stage, given whether to resume
     */
    record Entry(String name, String description, boolean resumable, Function<Boolean, Stage> create) {}

    static final List<Entry> ENTRIES = List.of(
            new Entry(IndexStage.NAME, "Index the dataset: one row per usable image, rejects with their reasons.",
                    false, resume -> new IndexStage()),
            new Entry(CamTrainingStage.NAME, "Train the stage-1 classifier from image labels; checkpoints under "
                    + "RUN_ROOT/checkpoints/cam.", true, CamTrainingStage::new),
            new Entry(CamsStage.NAME, "Multi-scale CAMs of every indexed image from the latest stage-1 checkpoint, "
                    + "and CAM-only masks.", false, resume -> new CamsStage()),
            new Entry(AffinityLabelsStage.NAME, "Affinity labels from CAMs: dense CRF on low- and high-alpha "
                    + "backgrounds, confident regions.", false, resume -> new AffinityLabelsStage()),
            new Entry(AffinityTrainingStage.NAME, "Train AffinityNet on the affinity labels of the training images; "
                    + "checkpoints under RUN_ROOT/checkpoints/affinity.", true, AffinityTrainingStage::new),
            new Entry(TuneStage.NAME, "Fit the inference settings to the data: score a grid of CAM thresholds and "
                    + "walk settings on wsss.tune.images trainval images (never test images) against their trimaps; "
                    + "the best point in RUN_ROOT/tune/settings.conf.", false, resume -> new TuneStage()),
            new Entry(RandomWalkStage.NAME, "Spread each image's CAMs along the trained AffinityNet's affinities: "
                    + "masks of method rw, and rw_crf with wsss.random-walk.crf = true.", false,
                    resume -> new RandomWalkStage()),
            new Entry(SegTrainingStage.NAME, "Train the segmentation network (DeepLab-style, ASPP head) on one "
                    + "pseudo-mask method of the training images (wsss.train-seg.masks, default rw_crf); checkpoints "
                    + "under RUN_ROOT/checkpoints/seg.", true, SegTrainingStage::new),
            new Entry(SegmentStage.NAME, "Masks of method seg for every indexed image from the latest segmentation "
                    + "checkpoint, one forward pass each, and seg_crf refined by the dense CRF (segment.crf).", false, resume -> new SegmentStage()),
            new Entry(EvaluateStage.NAME, "Score every method's masks against the trimaps: per-image table and "
                    + "eval/metrics.json.", false, resume -> new EvaluateStage()),
            new Entry(ReportStage.NAME, "Write the offline HTML report of the run to RUN_ROOT/report/index.html.",
                    false, resume -> new ReportStage()));

    /** The stages as the pipeline runs them: tune only when the settings ask for it. */
    static List<Stage> stages(WsssSettings settings) {
        return ENTRIES.stream()
                .filter(entry -> settings.tune().enabled() || !entry.name().equals(TuneStage.NAME))
                .map(entry -> entry.create().apply(true)).toList();
    }
}
