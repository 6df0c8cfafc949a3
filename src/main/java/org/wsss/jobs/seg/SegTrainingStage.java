package org.wsss.jobs.seg;

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
import org.wsss.algo.seg.UncertainPixels;
import org.wsss.config.BackboneStart;
import org.wsss.config.SegTrainingSettings;
import org.wsss.config.TrainingConfig;
import org.wsss.data.PetBreeds;
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
import org.wsss.jobs.train.TrainingPlan;
import org.wsss.jobs.walk.RandomWalkStage;

/**
 * Stage 3: trains a DeepLab-style segmentation network on one pseudo-mask method of the training images, on the
 * same data-parallel driver as stages 1 and 2. Test images are never trained on, so {@code seg} can be judged on
 * them beside the masks it learnt from.
 */
public final class SegTrainingStage extends TrainingStage {
    public static final String NAME = "train-seg";
    public static final String CHECKPOINTS = "seg";
    /** Background and the 37 breeds. */
    public static final int BREED_CLASSES = PetBreeds.COUNT + 1;
    /** Background and pet. */
    public static final int BINARY_CLASSES = 2;
    private static final int FULL_RESOLUTION = 1;

    public SegTrainingStage(boolean resume) {
        super(NAME, resume);
    }

    /** The masks it learns (the random walk's), the photos, the stage-1 checkpoint when it starts from it, settings. */
    @Override
    public Declaration declare(StageContext context) throws IOException {
        SegTrainingSettings settings = context.settings().trainSeg();
        Declaration declared = new Declaration().upstream(context, IndexStage.NAME, RandomWalkStage.NAME);
        NetworkStart.declareStart(declared, context, settings.init());
        return declared.settings(NAME, settings, StageTraining.RUN_ONLY_SETTINGS);
    }

    @Override
    public StageReport run(StageContext context) throws IOException {
        long started = System.nanoTime();
        SegTrainingSettings settings = context.settings().trainSeg();
        TrainingConfig training = settings.training();
        List<SegSample> samples = trainingSamples(context, settings);
        int classes = settings.binary() ? BINARY_CLASSES : BREED_CLASSES;
        SegNetworkFactory factory = new SegNetworkFactory(training.backbone(), classes, training.seed(),
                settings.init() == BackboneStart.IMAGENET);
        NetworkStart start = NetworkStart.build(context, NAME, factory, settings.init(), training.pretrained());
        StageTraining stageTraining = new StageTraining(context, NAME, CHECKPOINTS, training, declare(context));
        TrainingPlan plan = stageTraining.plan(samples.size());
        AffinityAugmentation augmentation = new AffinityAugmentation(FLIP_PROBABILITY, ColorJitter.psa(),
                training.crop(), FULL_RESOLUTION);
        SegLabelRule rule = new SegLabelRule(settings.binary());
        StageTraining.Trained trained = stageTraining.train(samples, plan, factory,
                new SegSampleSource(context.storage(), augmentation, rule), new SegPixelAccuracy(context.storage(), rule),
                start.parameters(), resume, SegCheckpoint.describe(training.backbone(), classes));
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("first_loss", trained.result().rounds().get(0).loss());
        figures.put("pixel_accuracy", trained.result().last().accuracy());
        figures.put("backbone_start", start.source());
        figures.put("classes", classes);
        return stageTraining.report(started, samples.size(), Map.of("train_seg", settings, "plan", plan), trained,
                figures);
    }

    /**
     * The training split's images that have a mask of the chosen method (and, under the disagreement rule, of the
     * second method too), in a fixed order so that partitions, and so runs, are reproducible.
     */
    public static List<SegSample> trainingSamples(StageContext context, SegTrainingSettings settings) {
        Dataset<Row> trainval = context.tables().read(Tables.INDEX)
                .filter(col("split").equalTo(PetLayout.Split.TRAINVAL.label))
                .select("image_id", "image_uri");
        Dataset<Row> masks = context.tables().read(Tables.MASKS);
        Dataset<Row> chosen = masks.filter(col("method").equalTo(settings.masks()))
                .select(col("image_id"), col("mask").as("chosen"));
        Dataset<Row> joined = trainval.join(chosen, "image_id");
        boolean disagreement = settings.uncertain() == UncertainPixels.DISAGREEMENT;
        if (disagreement) {
            joined = joined.join(masks.filter(col("method").equalTo(settings.secondOpinion()))
                    .select(col("image_id"), col("mask").as("second")), "image_id");
        }
        List<SegSample> samples = joined.collectAsList().stream()
                .map(r -> new SegSample(r.getAs("image_id"), r.getAs("image_uri"), r.<byte[]>getAs("chosen"),
                        disagreement ? r.<byte[]>getAs("second") : null))
                .sorted(Comparator.comparing(SegSample::imageId))
                .toList();
        if (samples.isEmpty()) {
            throw new MissingInputException("no training images have masks of method \"" + settings.masks() + "\""
                    + (disagreement ? " and \"" + settings.secondOpinion() + "\"" : "") + " in "
                    + context.layout().table(Tables.MASKS) + ": run `wsss random-walk` first (or change"
                    + " wsss.train-seg.masks)");
        }
        return samples;
    }
}
