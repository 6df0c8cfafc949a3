package org.wsss.jobs.cam;

import java.io.IOException;
import java.io.Serial;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;
import org.apache.hadoop.fs.Path;
import org.wsss.algo.augment.ClassificationAugmentation;
import org.wsss.algo.augment.FloatImage;
import org.wsss.algo.image.ImageDecoding;
import org.wsss.algo.image.RgbImage;
import org.wsss.io.Storage;
import org.wsss.jobs.train.SampleSource;
import org.wsss.model.train.TrainingSample;

/** Reads, decodes and augments a stage-1 image on a loader thread, with its multi-hot label. */
public final class CamSampleSource implements SampleSource<CamSample> {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final int RGB = 3;

    private final Storage storage;
    private final ClassificationAugmentation augmentation;
    private final int numClasses;

    public CamSampleSource(Storage storage, ClassificationAugmentation augmentation, int numClasses) {
        this.storage = storage;
        this.augmentation = augmentation;
        this.numClasses = numClasses;
    }

    @Override
    public TrainingSample prepare(CamSample sample, SplittableRandom random) {
        FloatImage image = augmentation.apply(decode(storage, sample), random);
        return TrainingSample.of(image.values(), RGB, image.height(), image.width(), multiHot(sample.classId(), numClasses));
    }

    /** The image with values in [0, 1]. */
    static FloatImage decode(Storage storage, CamSample sample) {
        try {
            RgbImage rgb = ImageDecoding.decodeRgb(storage.readBytes(new Path(sample.imageUri())));
            return FloatImage.fromInterleavedRgb(rgb.width(), rgb.height(), rgb.rgb());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read training image " + sample.imageUri(), e);
        }
    }

    /** Class id c (1-based) is classifier output c - 1. */
    static float[] multiHot(int classId, int numClasses) {
        float[] label = new float[numClasses];
        label[classId - 1] = 1f;
        return label;
    }
}
