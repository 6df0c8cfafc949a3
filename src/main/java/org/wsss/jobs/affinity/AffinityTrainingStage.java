package org.wsss.jobs.affinity;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.wsss.algo.augment.AffinityAugmentation;
import org.wsss.algo.augment.ColorJitter;
import org.wsss.config.AffinityTrainingSettings;
import org.wsss.config.BackboneStart;
import org.wsss.config.TrainingConfig;
import org.wsss.data.PetLayout;
import org.wsss.io.MissingInputException;
import org.wsss.io.StageReport;
import org.wsss.io.Tables;
import org.wsss.jobs.cam.NetworkStart;
import org.wsss.jobs.index.IndexStage;
import org.wsss.jobs.stage.Declaration;
import org.wsss.jobs.stage.StageContext;
import org.wsss.jobs.stage.StageTraining;
import org.wsss.jobs.stage.TrainingStage;
import org.wsss.jobs.stage.TuningImages;
import org.wsss.jobs.train.TrainingPlan;
import org.wsss.model.affinity.AffinityNet;

/**
 * Stage 2: trains AffinityNet on the affinity labels of the training images (ALGORITHM.md section 4), on the same
 * data-parallel driver as stage 1. Test images are never trained on, so the random walk can be judged on them, nor
 * are the tune stage's images ({@link TuningImages}), so the settings tuned on them hold on unseen images.
 */
public final class AffinityTrainingStage extends TrainingStage {
    public static final String NAME = "train-affinity";
    public static final String CHECKPOINTS = "affinity";

    public AffinityTrainingStage(boolean resume) {
        super(NAME, resume);
    }

    /**
     * The affinity labels, the photos, the stage-1 checkpoint when it starts from it, the training settings, and,
     * with tuning on, what picks the held-out tuning images.
     */
    @Override
    public Declaration declare(StageContext context) throws IOException {
        AffinityTrainingSettings settings = context.settings().trainAffinity();
        Declaration declared = new Declaration()
                .upstream(context, IndexStage.NAME, AffinityLabelsStage.NAME);
        NetworkStart.declareStart(declared, context, settings.init());
        return TuningImages.declareHeldOut(declared, context)
                .settings(NAME, settings, StageTraining.RUN_ONLY_SETTINGS);
    }

    @Override
    public StageReport run(StageContext context) throws IOException {
        long started = System.nanoTime();
        AffinityTrainingSettings settings = context.settings().trainAffinity();
        TrainingConfig training = settings.training();
        List<AffinitySample> samples = trainingSamples(context);
        AffinityNetworkFactory factory = new AffinityNetworkFactory(training.backbone(), training.seed(),
                settings.init() == BackboneStart.IMAGENET);
        NetworkStart start = NetworkStart.build(context, NAME, factory, settings.init(), training.pretrained());
        StageTraining stageTraining = new StageTraining(context, NAME, CHECKPOINTS, training, declare(context));
        TrainingPlan plan = stageTraining.plan(samples.size());
        AffinityAugmentation augmentation = new AffinityAugmentation(FLIP_PROBABILITY, ColorJitter.psa(),
                training.crop(), AffinityNet.OUTPUT_STRIDE);
        StageTraining.Trained trained = stageTraining.train(samples, plan, factory,
                new AffinitySampleSource(context.storage(), augmentation), new AffinityPairAccuracy(context.storage()),
                start.parameters(), resume, AffinityCheckpoint.describe(training.backbone()));
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("first_loss", trained.result().rounds().get(0).loss());
        figures.put("pair_accuracy", trained.result().last().accuracy());
        figures.put("backbone_start", start.source());
        return stageTraining.report(started, samples.size(), Map.of("train_affinity", settings, "plan", plan),
                trained, figures);
    }

    /**
     * The training split's labelled images but the tuning images, in a fixed order so that partitions, and so runs,
     * are reproducible.
     */
    public static List<AffinitySample> trainingSamples(StageContext context) {
        Dataset<Row> trainval = TuningImages.heldOut(context, context.tables().read(Tables.INDEX)
                .filter(col("split").equalTo(PetLayout.Split.TRAINVAL.label))
                .select("image_id", "image_uri"));
        List<AffinitySample> samples = context.tables().read(Tables.AFFINITY_LABELS)
                .select("image_id", "label_stride8")
                .join(trainval, "image_id")
                .select("image_id", "image_uri", "label_stride8")
                .collectAsList().stream()
                .map(r -> new AffinitySample(r.getAs("image_id"), r.getAs("image_uri"),
                        r.<byte[]>getAs("label_stride8")))
                .sorted(Comparator.comparing(AffinitySample::imageId))
                .toList();
        if (samples.isEmpty()) {
            throw new MissingInputException("no training images (but the tune.images held out) have affinity labels in "
                    + context.layout().table(Tables.AFFINITY_LABELS) + ": run `wsss affinity-labels` first");
        }
        return samples;
    }
}
