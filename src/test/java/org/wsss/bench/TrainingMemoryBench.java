package org.wsss.bench;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.wsss.config.TrainingMemory;
import org.wsss.model.backbone.BackboneKind;
import org.wsss.model.cam.CamModel;
import org.wsss.model.cam.CamModelSpec;
import org.wsss.model.train.LocalTrainer;
import org.wsss.model.train.TrainingReport;
import org.wsss.model.train.TrainingRound;
import org.wsss.model.train.TrainingSample;
import org.wsss.model.train.TrainingSettings;

/**
 * Peak resident memory of stage-1 training steps (classifier, trainable batch norm, dropout) at a given batch and
 * micro-batch, on random images: what {@link TrainingMemory}'s estimate is checked against. Run one configuration
 * per JVM, since the peak only grows.
 *
 * <p>Usage: {@code TrainingMemoryBench BACKBONE CROP BATCH MICRO_BATCH STEPS [BUDGET_GB]}; micro-batch 0 picks the
 * largest that fits the budget (default 6), as {@code wsss.train-cam.micro-batch = 0} does.
 */
public final class TrainingMemoryBench {
    private static final int CLASSES = 20;
    private static final long SEED = 1L;

    private TrainingMemoryBench() {}

    public static void main(String[] args) {
        BackboneKind kind = BackboneKind.fromName(args[0]);
        int crop = Integer.parseInt(args[1]);
        int batch = Integer.parseInt(args[2]);
        int asked = Integer.parseInt(args[3]);
        int steps = Integer.parseInt(args[4]);
        long budget = (long) (Double.parseDouble(args.length > 5 ? args[5] : "6") * (1L << 30));
        int microBatch = asked > 0 ? asked
                : TrainingMemory.largestMicroBatch(kind, crop, TrainingMemory.Network.CLASSIFIER, batch, budget);
        long estimate = TrainingMemory.stepBytes(kind, crop, TrainingMemory.Network.CLASSIFIER, microBatch);
        System.out.printf(Locale.ROOT, "%s crop %d batch %d micro-batch %d: estimated step %.2f GB, before training"
                        + " %d MB resident%n", kind.name().toLowerCase(Locale.ROOT), crop, batch, microBatch,
                estimate / 1e9, PeakMemory.residentMegabytes());
        TrainingSettings settings = new TrainingSettings(batch, 0.01f, 0.9f, 5e-4f, steps, SEED, 1, 1, microBatch);
        try (CamModel model = CamModel.create(CamModelSpec.of(kind, CLASSES, SEED), Device.cpu());
                LocalTrainer trainer = new LocalTrainer(model, settings, Device.cpu())) {
            TrainingReport report = trainer.train(images(batch, crop), (sample, random) -> sample,
                    new TrainingRound(0, steps, SEED));
            System.out.printf(Locale.ROOT, "%d steps in %.1f s, mean loss %.4f; peak resident memory %d MB%n",
                    steps, report.seconds(), report.meanLoss(), PeakMemory.residentMegabytes());
        }
    }

    private static List<TrainingSample> images(int count, int crop) {
        SplittableRandom random = new SplittableRandom(SEED);
        List<TrainingSample> samples = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            float[] image = new float[3 * crop * crop];
            for (int p = 0; p < image.length; p++) image[p] = (float) random.nextGaussian();
            float[] label = new float[CLASSES];
            label[i % CLASSES] = 1f;
            samples.add(TrainingSample.of(image, 3, crop, crop, label));
        }
        return samples;
    }
}
