package org.wsss.jobs.seg;

import java.io.IOException;
import java.io.Serial;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;
import org.apache.hadoop.fs.Path;
import org.wsss.algo.augment.AffinityAugmentation;
import org.wsss.algo.augment.FloatImage;
import org.wsss.algo.image.ImageDecoding;
import org.wsss.algo.image.RgbImage;
import org.wsss.algo.maps.LabelMap;
import org.wsss.io.Storage;
import org.wsss.jobs.train.SampleSource;
import org.wsss.model.nn.HostTensor;
import org.wsss.model.train.TrainingSample;

/**
 * Prepares a stage-3 sample on a loader thread: decodes the image and its labels ({@link SegLabelRule}), then
 * jitters colours, crops and flips image and labels together at full resolution (the stage-2 augmentation with a
 * label stride of 1). Crop padding is labelled 255, so it never counts in the loss.
 */
public final class SegSampleSource implements SampleSource<SegSample> {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final int RGB = 3;

    private final Storage storage;
    private final AffinityAugmentation augmentation;
    private final SegLabelRule rule;

    public SegSampleSource(Storage storage, AffinityAugmentation augmentation, SegLabelRule rule) {
        if (augmentation.labelStride() != 1) {
            throw new IllegalArgumentException("segmentation labels are per pixel: label stride 1 expected");
        }
        this.storage = storage;
        this.augmentation = augmentation;
        this.rule = rule;
    }

    @Override
    public TrainingSample prepare(SegSample sample, SplittableRandom random) {
        FloatImage image = decodeImage(storage, sample);
        LabelMap labels = rule.labels(sample, image.width(), image.height());
        AffinityAugmentation.Pair crop = augmentation.apply(image, labels.labels(), random);
        int side = crop.labelSide();
        float[] target = new float[crop.labels().length];
        for (int i = 0; i < target.length; i++) target[i] = Byte.toUnsignedInt(crop.labels()[i]);
        FloatImage input = crop.image();
        return new TrainingSample(new HostTensor(new long[] {RGB, input.height(), input.width()}, input.values()),
                new HostTensor(new long[] {side, side}, target));
    }

    /** The image with values in [0, 1]. */
    static FloatImage decodeImage(Storage storage, SegSample sample) {
        try {
            RgbImage rgb = ImageDecoding.decodeRgb(storage.readBytes(new Path(sample.imageUri())));
            return FloatImage.fromInterleavedRgb(rgb.width(), rgb.height(), rgb.rgb());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read training image " + sample.imageUri(), e);
        }
    }
}
