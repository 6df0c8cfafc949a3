package org.wsss.jobs.cam;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.wsss.algo.augment.ClassificationAugmentation;
import org.wsss.algo.augment.ColorJitter;
import org.wsss.config.CamTrainingSettings;
import org.wsss.config.TrainingConfig;
import org.wsss.data.PetLayout;
import org.wsss.io.StageReport;
import org.wsss.io.Storage;
import org.wsss.io.Tables;
import org.wsss.jobs.index.IndexStage;
import org.wsss.jobs.stage.Declaration;
import org.wsss.jobs.stage.StageContext;
import org.wsss.jobs.stage.StageTraining;
import org.wsss.jobs.stage.TrainingStage;
import org.wsss.jobs.train.ExecutorStart;
import org.wsss.jobs.train.PretrainedStart;
import org.wsss.jobs.train.TrainingPlan;
import org.wsss.model.cam.CamModel;
import org.wsss.model.cam.CamModelSpec;
import org.wsss.model.train.ParameterSnapshot;

/** Stage 1: trains the classifier whose CAMs seed everything after it, from image labels only. */
public final class CamTrainingStage extends TrainingStage {
    public static final String NAME = "train-cam";
    public static final String CHECKPOINTS = "cam";

    public CamTrainingStage(boolean resume) {
        super(NAME, resume);
    }

    /** The index (images and labels) and every training setting that changes the model. */
    @Override
    public Declaration declare(StageContext context) throws IOException {
        return new Declaration()
                .upstream(context, IndexStage.NAME)
                .settings(NAME, context.settings().trainCam(), StageTraining.RUN_ONLY_SETTINGS);
    }

    /** The seeded network's parameters, with ImageNet weights in its backbone when {@code pretrained} is named. */
    private static ExecutorStart.Work<ParameterSnapshot> startingPoint(Storage storage, String pretrained) {
        return network -> {
            CamModel start = (CamModel) network;
            if (pretrained != null) PretrainedStart.load(storage, pretrained, start.backbone());
            return ParameterSnapshot.capture(start.model().getBlock());
        };
    }

    /** The last accuracy check (null when no evaluation samples were asked for) and the rate the classes gave. */
    private static Map<String, Object> figures(StageTraining.Trained trained, int classes, double learningRate) {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("train_accuracy", trained.result().last().accuracy());
        figures.put("classes", classes);
        figures.put("learning_rate", learningRate);
        return figures;
    }

    @Override
    public StageReport run(StageContext context) throws IOException {
        long started = System.nanoTime();
        CamTrainingSettings settings = context.settings().trainCam();
        Dataset<Row> index = context.tables().read(Tables.INDEX);
        // Sorted, so that the seeded shuffle into task partitions is the same in every run (resume relies on it).
        List<CamSample> samples = index.filter(col("split").equalTo(PetLayout.Split.TRAINVAL.label))
                .select("image_id", "image_uri", "class_id").orderBy("image_id").collectAsList().stream()
                .map(r -> new CamSample(r.getAs("image_id"), r.getAs("image_uri"), r.<Integer>getAs("class_id")))
                .toList();
        int numClasses = index.agg(org.apache.spark.sql.functions.max("class_id").as("classes")).first()
                .<Integer>getAs("classes");
        TrainingConfig training = settings.training().withLearningRate(settings.learningRateFor(numClasses));
        boolean fineTune = !training.pretrained().isBlank();
        CamModelSpec spec = new CamModelSpec(training.backbone(), numClasses, (float) settings.dropout(), training.seed());
        CamNetworkFactory factory = new CamNetworkFactory(spec, fineTune);
        ParameterSnapshot initial = ExecutorStart.run(context.spark(), NAME, factory,
                context.settings().devices().gpuResource(),
                startingPoint(context.storage(), fineTune ? training.pretrained() : null));
        StageTraining stageTraining = new StageTraining(context, NAME, CHECKPOINTS, training, declare(context));
        TrainingPlan plan = stageTraining.plan(samples.size());
        ClassificationAugmentation augmentation = new ClassificationAugmentation(settings.minLongSide(),
                settings.maxLongSide(), FLIP_PROBABILITY, ColorJitter.psa(), training.crop());
        StageTraining.Trained trained = stageTraining.train(samples, plan, factory,
                new CamSampleSource(context.storage(), augmentation, numClasses),
                new CamAccuracy(context.storage(), training.crop()), initial, resume,
                org.wsss.jobs.cam.CamCheckpoint.describe(spec));
        return stageTraining.report(started, samples.size(), Map.of("train_cam", settings, "plan", plan), trained,
                // No accuracy (null) when no evaluation samples were asked for.
                figures(trained, numClasses, training.learningRate()));
    }
}
