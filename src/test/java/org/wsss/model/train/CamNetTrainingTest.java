package org.wsss.model.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wsss.model.backbone.BackboneKind;
import org.wsss.model.cam.CamModel;
import org.wsss.model.cam.CamModelSpec;
import org.wsss.model.nn.HostTensor;
import org.wsss.model.testing.ColourSquares;

/** The small CAM network learns to tell synthetic classes apart within a minute on one CPU thread. */
class CamNetTrainingTest {

    private static final int IMAGE_SIZE = 32;
    private static final int SAMPLES = 48;
    private static final int STEPS = 60;

    @Test
    void trainingAccuracyRisesWellAboveChance() {
        List<ColourSquares.Labelled> images = ColourSquares.images(SAMPLES, IMAGE_SIZE, 7L);
        List<TrainingSample> samples = images.stream().map(ColourSquares.Labelled::sample).toList();
        TrainingSettings settings = new TrainingSettings(8, 0.01f, 0.9f, 5e-4f, STEPS, 11L, 1, 2);
        try (CamModel model = CamModel.create(CamModelSpec.of(BackboneKind.SMALL, ColourSquares.CLASSES, 3L), Device.cpu());
                LocalTrainer trainer = new LocalTrainer(model, settings, Device.cpu())) {
            double before = accuracy(model, images);
            TrainingReport report = trainer.train(samples, (sample, random) -> sample, new TrainingRound(0, STEPS, 5L));
            double after = accuracy(model, images);
            System.out.printf("accuracy %.3f -> %.3f, loss %.4f -> %.4f, %.1f s, %.1f samples/s%n", before, after,
                    report.losses()[0], report.meanLossOfLast(5), report.seconds(), report.samplesPerSecond());
            assertTrue(after >= 0.9, "training accuracy " + after);
            assertTrue(report.meanLossOfLast(5) < report.losses()[0], "loss did not fall");
        }
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
