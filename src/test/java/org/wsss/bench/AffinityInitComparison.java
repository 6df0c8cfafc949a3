package org.wsss.bench;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.wsss.config.SynthSettings;
import org.wsss.data.PetLayout;
import org.wsss.io.CheckpointStore;
import org.wsss.io.StageReport;
import org.wsss.jobs.affinity.AffinityCheckpoint;
import org.wsss.jobs.affinity.AffinityTrainingStage;
import org.wsss.jobs.cam.CamTrainingStage;
import org.wsss.jobs.stage.StageContext;
import org.wsss.model.affinity.AffinityModel;
import org.wsss.testing.AffinityLabelFixture;
import org.wsss.testing.TruthAffinities;

/**
 * Which backbone start suits stage 2 on synthetic pets: train-affinity from scratch and from the stage-1
 * classifier's backbone, at the demo's settings, scored on the test split by the gap between the mean affinity of
 * pairs inside one truth region and of pairs across the pet's outline.
 *
 * <p>Usage: {@code AffinityInitComparison EPOCHS SEED[,SEED...]}, e.g. {@code 12 1,2,3}. The dataset is the demo's
 * (4 breeds x 40 images of 96-144 px); stage 1 trains once (small backbone, 15 epochs) and both starts share it.
 */
public final class AffinityInitComparison {
    private AffinityInitComparison() {}

    public static void main(String[] args) throws Exception {
        String epochs = args[0];
        String[] seeds = args[1].split(",");
        Path dir = Files.createTempDirectory("affinity-init");
        AffinityLabelFixture fixture = AffinityLabelFixture.prepare(dir, new SynthSettings(4, 40, 7, 96, 144, 0.3,
                false));
        Map<String, String> stage1 = new LinkedHashMap<>();
        stage1.put("train-cam.backbone", "small");
        stage1.put("train-cam.crop", "96");
        stage1.put("train-cam.min-long-side", "96");
        stage1.put("train-cam.max-long-side", "144");
        stage1.put("train-cam.batch-size", "8");
        stage1.put("train-cam.epochs", "15");
        stage1.put("train-cam.steps-per-round", "4");
        StageReport cam = new CamTrainingStage(false).run(fixture.existingRun(fixture.baseRunRoot(), stage1));
        System.out.println("stage 1: " + cam.figures());
        int run = 0;
        for (String seed : seeds) {
            for (String init : new String[] {"scratch", "stage1"}) {
                Map<String, String> settings = new LinkedHashMap<>(stage1);
                settings.put("train-affinity.init", init);
                settings.put("train-affinity.seed", seed);
                settings.put("train-affinity.epochs", epochs);
                StageContext context = fixture.newRun(dir.resolve("run-" + run++), settings);
                StageReport report = new AffinityTrainingStage(false).run(context);
                try (AffinityModel model = AffinityCheckpoint.latest(new CheckpointStore(context.storage(),
                        context.layout().checkpoints(AffinityTrainingStage.CHECKPOINTS), 1)).load(Device.cpu())) {
                    System.out.printf(Locale.ROOT, "RESULT init %-7s seed %s: loss %.3f -> %.3f, %.1f s; test split %s%n",
                            init, seed, (double) report.figures().get("first_loss"),
                            (double) report.figures().get("final_loss"), report.seconds(),
                            TruthAffinities.onSplit(context, model, PetLayout.Split.TEST));
                }
            }
        }
        fixture.existingRun(fixture.baseRunRoot(), Map.of()).spark().stop();
    }
}
