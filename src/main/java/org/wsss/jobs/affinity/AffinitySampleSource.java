package org.wsss.jobs.affinity;

import java.io.IOException;
import java.io.Serial;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;
import org.apache.hadoop.fs.Path;
import org.wsss.algo.affinity.PairLabels;
import org.wsss.algo.affinity.PairOffsets;
import org.wsss.algo.augment.AffinityAugmentation;
import org.wsss.algo.augment.FloatImage;
import org.wsss.algo.image.ImageDecoding;
import org.wsss.algo.image.RgbImage;
import org.wsss.algo.maps.LabelMap;
import org.wsss.io.BadInputException;
import org.wsss.io.Storage;
import org.wsss.jobs.train.SampleSource;
import org.wsss.model.affinity.PairLabelArrays;
import org.wsss.model.nn.HostTensor;
import org.wsss.model.train.TrainingSample;

/**
 * Prepares a stage-2 sample on a loader thread: decodes the image and its stride-8 labels, crops and flips both
 * together ({@link AffinityAugmentation}), and turns the cropped labels into the three pair-label planes of the
 * radius-5 pair set, {@code (3, 34, sources)}, which the training batch stacks and the loss splits again.
 *
 * <p>The image is not padded to a multiple of 8 beforehand: the crop copies only real pixels into a zero (mean
 * colour, after normalisation) canvas aligned to the label grid, which is the image padded at the bottom and right
 * exactly as the random walk pads it, with the last partial label cell lying over real pixels and padding alike.
 */
public final class AffinitySampleSource implements SampleSource<AffinitySample> {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final int RGB = 3;

    private final Storage storage;
    private final AffinityAugmentation augmentation;

    public AffinitySampleSource(Storage storage, AffinityAugmentation augmentation) {
        this.storage = storage;
        this.augmentation = augmentation;
    }

    @Override
    public TrainingSample prepare(AffinitySample sample, SplittableRandom random) {
        FloatImage image = decodeImage(storage, sample);
        LabelMap labels = decodeLabels(sample, image, augmentation.labelStride());
        AffinityAugmentation.Pair crop = augmentation.apply(image, labels.labels(), random);
        PairLabels pairs = PairLabels.of(new LabelMap(crop.labelSide(), crop.labelSide(), crop.labels()),
                PairOffsets.ofRadius(PairOffsets.DEFAULT_RADIUS));
        FloatImage input = crop.image();
        return new TrainingSample(new HostTensor(new long[] {RGB, input.height(), input.width()}, input.values()),
                PairLabelArrays.stackedPlanes(pairs));
    }

    /** The image with values in [0, 1]. */
    static FloatImage decodeImage(Storage storage, AffinitySample sample) {
        try {
            RgbImage rgb = ImageDecoding.decodeRgb(storage.readBytes(new Path(sample.imageUri())));
            return FloatImage.fromInterleavedRgb(rgb.width(), rgb.height(), rgb.rgb());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read training image " + sample.imageUri(), e);
        }
    }

    /** The labels at {@code stride}, checked to cover {@code image} cell for cell. */
    static LabelMap decodeLabels(AffinitySample sample, FloatImage image, int stride) {
        int[] size = new int[2];
        int[] values;
        try {
            values = ImageDecoding.decodeFirstBand(sample.labelsAtStridePng(), size);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decode the affinity labels of image " + sample.imageId(), e);
        }
        int width = size[0];
        int height = size[1];
        if (height != ceilDiv(image.height(), stride) || width != ceilDiv(image.width(), stride)) {
            throw new UncheckedIOException(new BadInputException("affinity labels of image " + sample.imageId()
                    + " are " + width + "x" + height + " but its " + image.width() + "x" + image.height()
                    + " image needs " + ceilDiv(image.width(), stride) + "x" + ceilDiv(image.height(), stride)
                    + " at stride " + stride + ": re-run `wsss affinity-labels`"));
        }
        byte[] labels = new byte[values.length];
        for (int i = 0; i < values.length; i++) labels[i] = (byte) values[i];
        return new LabelMap(height, width, labels);
    }

    private static int ceilDiv(int value, int divisor) {
        return (value + divisor - 1) / divisor;
    }
}
