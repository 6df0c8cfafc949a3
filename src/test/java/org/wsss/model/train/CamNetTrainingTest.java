package org.wsss.model.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.wsss.algo.augment.ClassificationAugmentation;
import org.wsss.algo.augment.ColorJitter;
import org.wsss.algo.augment.FloatImage;
import org.wsss.model.backbone.BackboneKind;
import org.wsss.model.cam.CamModel;
import org.wsss.model.cam.CamModelSpec;
import org.wsss.model.nn.HostTensor;
import org.wsss.model.testing.ColourSquares;

/**
 * The small CAM network, trained on augmented synthetic images, learns to tell the classes apart within a minute on
 * one CPU thread (accuracy measured on the un-augmented training images in inference mode).
 */
class CamNetTrainingTest {

    private static final int IMAGE_SIZE = 32;
    private static final int SAMPLES = 48;
    private static final int STEPS = 60;

    @Test
    void trainingAccuracyRisesWellAboveChance() {
        List<ColourSquares.Labelled> images = ColourSquares.images(SAMPLES, IMAGE_SIZE, 7L);
        TrainingSettings settings = new TrainingSettings(8, 0.01f, 0.9f, 5e-4f, STEPS, 11L, 1, 2);
        try (CamModel model = CamModel.create(CamModelSpec.of(BackboneKind.SMALL, ColourSquares.CLASSES, 3L), Device.cpu());
                LocalTrainer trainer = new LocalTrainer(model, settings, Device.cpu())) {
            double before = accuracy(model, images);
            TrainingReport report = trainer.train(images, CamNetTrainingTest::augmented, new TrainingRound(0, STEPS, 5L));
            double after = accuracy(model, images);
            System.out.printf("accuracy %.3f -> %.3f, loss %.4f -> %.4f, %.1f s, %.1f samples/s%n", before, after,
                    report.losses()[0], report.meanLossOfLast(5), report.seconds(), report.samplesPerSecond());
            assertTrue(after >= 0.9, "training accuracy " + after);
            assertTrue(report.meanLossOfLast(5) < report.losses()[0], "loss did not fall");
        }
    }

    /** Stage-1 augmentation scaled to the tiny images: long side 24..40, crop 32, PSA's jitter and flips. */
    private static final ClassificationAugmentation AUGMENTATION =
            new ClassificationAugmentation(24, 40, 0.5, ColorJitter.psa(), IMAGE_SIZE);

    private static TrainingSample augmented(ColourSquares.Labelled image, SplittableRandom random) {
        FloatImage input = AUGMENTATION.apply(image.rgb(), random);
        float[] target = new float[ColourSquares.CLASSES];
        target[image.label()] = 1f;
        return TrainingSample.of(input.values(), input.channels(), input.height(), input.width(), target);
    }

    static double accuracy(CamModel model, List<ColourSquares.Labelled> images) {
        int correct = 0;
        for (ColourSquares.Labelled image : images) {
            HostTensor input = new HostTensor(new long[] {1, 3, IMAGE_SIZE, IMAGE_SIZE}, image.sample().input().values());
            float[] logits = model.logits(input).values();
            int best = 0;
            for (int c = 1; c < logits.length; c++) {
                if (logits[c] > logits[best]) {
                    best = c;
                }
            }
            correct += best == image.label() ? 1 : 0;
        }
        return (double) correct / images.size();
    }
}
