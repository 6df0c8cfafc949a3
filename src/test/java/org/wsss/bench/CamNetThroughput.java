package org.wsss.bench;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.wsss.model.backbone.BackboneKind;
import org.wsss.model.cam.CamModel;
import org.wsss.model.cam.CamModelSpec;
import org.wsss.model.train.LocalTrainer;
import org.wsss.model.train.TrainingReport;
import org.wsss.model.train.TrainingRound;
import org.wsss.model.train.TrainingSample;
import org.wsss.model.train.TrainingSettings;

/**
 * Training throughput (forward + backward + SGD step) of a CAM network on random inputs.
 *
 * <p>Usage: {@code CamNetThroughput KIND BATCH CROP STEPS [fine-tune]}, e.g. {@code small 8 448 3}. Run with
 * {@code -Dai.djl.pytorch.num_threads=1} for single-thread figures. One warm-up step is not timed.
 */
public final class CamNetThroughput {

    private static final int CLASSES = 37;
    private static final int DISTINCT_SAMPLES = 4;

    private CamNetThroughput() {}

    public static void main(String[] args) {
        BackboneKind kind = BackboneKind.fromName(args[0]);
        int batch = Integer.parseInt(args[1]);
        int crop = Integer.parseInt(args[2]);
        int steps = Integer.parseInt(args[3]);
        boolean fineTune = args.length > 4 && args[4].equals("fine-tune");
        List<TrainingSample> samples = randomSamples(crop);
        TrainingSettings settings = new TrainingSettings(batch, 0.01f, 0.9f, 5e-4f, steps + 1, 1L, 1, 1);
        try (CamModel model = CamModel.create(CamModelSpec.of(kind, CLASSES, 1L), Device.cpu())) {
            if (fineTune) {
                model.freezeForFineTuning();
            }
            try (LocalTrainer trainer = new LocalTrainer(model, settings, Device.cpu())) {
                trainer.train(samples, (sample, random) -> sample, new TrainingRound(0, 1, 1L));
                TrainingReport report = trainer.train(samples, (sample, random) -> sample, new TrainingRound(1, steps, 2L));
                System.out.printf(Locale.ROOT, "%s batch %d crop %d%s: %.3f s/step, %.2f images/s%n", kind, batch, crop,
                        fineTune ? " (fine-tuning: frozen BN, stem, layer1)" : "", report.seconds() / steps,
                        report.samplesPerSecond());
            }
        }
    }

    private static List<TrainingSample> randomSamples(int crop) {
        SplittableRandom random = new SplittableRandom(1L);
        List<TrainingSample> samples = new ArrayList<>();
        for (int s = 0; s < DISTINCT_SAMPLES; s++) {
            float[] image = new float[3 * crop * crop];
            for (int i = 0; i < image.length; i++) {
                image[i] = (float) random.nextGaussian();
            }
            float[] label = new float[CLASSES];
            label[s % CLASSES] = 1f;
            samples.add(TrainingSample.of(image, 3, crop, crop, label));
        }
        return samples;
    }
}
