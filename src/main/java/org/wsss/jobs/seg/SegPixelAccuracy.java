package org.wsss.jobs.seg;

import java.io.Serial;
import java.util.List;
import org.wsss.algo.augment.FloatImage;
import org.wsss.algo.augment.ImageNetNormalization;
import org.wsss.algo.maps.LabelMap;
import org.wsss.io.Storage;
import org.wsss.jobs.train.RoundEvaluator;
import org.wsss.model.nn.HostTensor;
import org.wsss.model.seg.SegModel;
import org.wsss.model.train.TrainableNetwork;

/**
 * How well the network reproduces its own training labels on whole images (no augmentation): the share of labelled
 * pixels (not 255) whose predicted class is the label, pooled over the samples. Chance is far below the share of
 * background, which a network that ignores the image already reaches; the console figure shows learning, not quality.
 */
public final class SegPixelAccuracy implements RoundEvaluator<SegSample> {
    @Serial
    private static final long serialVersionUID = 1L;

    private final Storage storage;
    private final SegLabelRule rule;

    public SegPixelAccuracy(Storage storage, SegLabelRule rule) {
        this.storage = storage;
        this.rule = rule;
    }

    @Override
    public double evaluate(TrainableNetwork network, List<SegSample> samples) {
        SegModel model = (SegModel) network;
        long right = 0;
        long labelled = 0;
        for (SegSample sample : samples) {
            FloatImage image = SegSampleSource.decodeImage(storage, sample);
            LabelMap labels = rule.labels(sample, image.width(), image.height());
            FloatImage normalised = ImageNetNormalization.normalize(image);
            byte[] predicted = model.labels(HostTensor.batchOfOne(normalised));
            for (int i = 0; i < predicted.length; i++) {
                int label = labels.get(i);
                if (label == LabelMap.IGNORE) continue;
                labelled++;
                if (Byte.toUnsignedInt(predicted[i]) == label) right++;
            }
        }
        return labelled == 0 ? 0 : (double) right / labelled;
    }
}
