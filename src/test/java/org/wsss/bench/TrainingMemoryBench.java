package org.wsss.bench;

import ai.djl.Device;
import ai.djl.Model;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.wsss.config.TrainingMemory;
import org.wsss.model.backbone.BackboneKind;
import org.wsss.model.cam.CamModel;
import org.wsss.model.cam.CamModelSpec;
import org.wsss.model.loss.IgnoringCrossEntropy;
import org.wsss.model.nn.HostTensor;
import org.wsss.model.seg.SegModel;
import org.wsss.model.train.LocalTrainer;
import org.wsss.model.train.TrainingReport;
import org.wsss.model.train.TrainingRound;
import org.wsss.model.train.TrainingSample;
import org.wsss.model.train.TrainableNetwork;
import org.wsss.model.train.TrainingSettings;

/**
 * Peak resident memory of training steps at a given batch and micro-batch, on random images: what
 * {@link TrainingMemory}'s estimate is checked against. The network is stage 1's classifier (trainable batch norm,
 * dropout) or stage 3's segmentation network (ASPP head, per-pixel labels of 38 classes). Run one configuration per
 * JVM, since the peak only grows.
 *
 * <p>Usage: {@code TrainingMemoryBench BACKBONE CROP BATCH MICRO_BATCH STEPS [BUDGET_GB [NETWORK]]}; micro-batch 0
 * picks the largest that fits the budget (default 6), as {@code micro-batch = 0} does; NETWORK is
 * {@code classifier} (default) or {@code segmentation}.
 */
public final class TrainingMemoryBench {
    private static final int CLASSES = 20;
    /** Background and the 37 breeds, as stage 3 trains on Oxford Pet. */
    private static final int SEGMENTATION_CLASSES = 38;
    private static final long SEED = 1L;

    private TrainingMemoryBench() {}

    public static void main(String[] args) {
        BackboneKind kind = BackboneKind.fromName(args[0]);
        int crop = Integer.parseInt(args[1]);
        int batch = Integer.parseInt(args[2]);
        int asked = Integer.parseInt(args[3]);
        int steps = Integer.parseInt(args[4]);
        long budget = (long) (Double.parseDouble(args.length > 5 ? args[5] : "6") * (1L << 30));
        TrainingMemory.Network network = args.length > 6
                ? TrainingMemory.Network.valueOf(args[6].toUpperCase(Locale.ROOT)) : TrainingMemory.Network.CLASSIFIER;
        int microBatch = asked > 0 ? asked : TrainingMemory.largestMicroBatch(kind, crop, network, batch, budget);
        long estimate = TrainingMemory.stepBytes(kind, crop, network, microBatch);
        System.out.printf(Locale.ROOT, "%s %s crop %d batch %d micro-batch %d: estimated step %d MB, before"
                        + " training %d MB resident%n", kind.name().toLowerCase(Locale.ROOT),
                network.name().toLowerCase(Locale.ROOT), crop, batch, microBatch, estimate >> 20,
                PeakMemory.residentMegabytes());
        TrainingSettings settings = new TrainingSettings(batch, 0.01f, 0.9f, 5e-4f, steps, SEED, 1, 1, microBatch);
        boolean segmentation = network == TrainingMemory.Network.SEGMENTATION;
        TrainableNetwork model = segmentation
                ? SegModel.create(kind, SEGMENTATION_CLASSES, SEED, Device.cpu())
                : CamModel.create(CamModelSpec.of(kind, CLASSES, SEED), Device.cpu());
        try (Model owner = model.model();
                LocalTrainer trainer = new LocalTrainer(model, settings, Device.cpu())) {
            List<TrainingSample> samples = segmentation ? segmentationImages(batch, crop) : images(batch, crop);
            TrainingReport report = trainer.train(samples, (sample, random) -> sample,
                    new TrainingRound(0, steps, SEED));
            System.out.printf(Locale.ROOT, "%d steps in %.1f s, mean loss %.4f; peak resident memory %d MB%n",
                    steps, report.seconds(), report.meanLoss(), PeakMemory.residentMegabytes());
        }
    }

    private static List<TrainingSample> images(int count, int crop) {
        SplittableRandom random = new SplittableRandom(SEED);
        List<TrainingSample> samples = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            float[] label = new float[CLASSES];
            label[i % CLASSES] = 1f;
            samples.add(TrainingSample.of(randomImage(random, crop), 3, crop, crop, label));
        }
        return samples;
    }

    /** Random images with random per-pixel classes, a tenth of them ignored, as uncertain pixels are. */
    private static List<TrainingSample> segmentationImages(int count, int crop) {
        SplittableRandom random = new SplittableRandom(SEED);
        List<TrainingSample> samples = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            float[] labels = new float[crop * crop];
            for (int p = 0; p < labels.length; p++) {
                labels[p] = random.nextInt(10) == 0
                        ? IgnoringCrossEntropy.IGNORE : random.nextInt(SEGMENTATION_CLASSES);
            }
            samples.add(new TrainingSample(new HostTensor(new long[] {3, crop, crop}, randomImage(random, crop)),
                    new HostTensor(new long[] {crop, crop}, labels)));
        }
        return samples;
    }

    private static float[] randomImage(SplittableRandom random, int crop) {
        float[] image = new float[3 * crop * crop];
        for (int p = 0; p < image.length; p++) image[p] = (float) random.nextGaussian();
        return image;
    }
}
