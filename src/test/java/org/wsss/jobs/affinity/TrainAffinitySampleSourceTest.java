package org.wsss.jobs.affinity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsss.algo.affinity.PairKind;
import org.wsss.algo.affinity.PairLabels;
import org.wsss.algo.affinity.PairOffsets;
import org.wsss.algo.augment.AffinityAugmentation;
import org.wsss.algo.augment.ColorJitter;
import org.wsss.algo.augment.FloatImage;
import org.wsss.algo.augment.ImageNetNormalization;
import org.wsss.algo.image.ImageEncoding;
import org.wsss.algo.image.RgbImage;
import org.wsss.algo.maps.LabelMap;
import org.wsss.io.BadInputException;
import org.wsss.io.Storage;
import org.wsss.model.affinity.AffinityLoss;
import org.wsss.model.train.TrainingSample;

class TrainAffinitySampleSourceTest {
    private static final int CLASS_ID = 3;
    private static final PairOffsets RADIUS_5 = PairOffsets.ofRadius(PairOffsets.DEFAULT_RADIUS);

    @TempDir
    Path dir;

    @Test
    void aWholeImageCropCarriesTheImageAndThePairLabelsOfItsLabelMap() throws IOException {
        RgbImage rgb = gradient(96, 96);
        LabelMap labels = halves(12, 12);
        AffinitySampleSource source = new AffinitySampleSource(Storage.local(),
                new AffinityAugmentation(0, ColorJitter.none(), 96, 8));
        TrainingSample sample = source.prepare(sample("whole", rgb, labels), new SplittableRandom(1));

        FloatImage expected = ImageNetNormalization.normalize(
                FloatImage.fromInterleavedRgb(rgb.width(), rgb.height(), rgb.rgb()));
        assertArrayEquals(new long[] {3, 96, 96}, sample.input().shape());
        assertArrayEquals(expected.values(), sample.input().values());

        PairLabels pairs = PairLabels.of(labels, RADIUS_5);
        int perPlane = pairs.size();
        assertArrayEquals(new long[] {3, 34, (12 - 4) * (12 - 8)}, sample.label().shape());
        for (int plane = 0; plane < 3; plane++) {
            PairKind kind = AffinityLoss.LABEL_ORDER.get(plane);
            float[] actual = Arrays.copyOfRange(sample.label().values(), plane * perPlane, (plane + 1) * perPlane);
            assertArrayEquals(pairs.mask(kind), actual, kind.toString());
            assertTrue(pairs.count(kind) > 0, kind + " pairs exist in the test map");
        }
    }

    @Test
    void augmentedSamplesAreSeededAndHaveOneShape() throws IOException {
        AffinitySample sample = sample("odd", gradient(100, 84), halves(11, 13));
        AffinitySampleSource source = new AffinitySampleSource(Storage.local(),
                new AffinityAugmentation(0.5, ColorJitter.psa(), 80, 8));
        TrainingSample first = source.prepare(sample, new SplittableRandom(7));
        TrainingSample again = source.prepare(sample, new SplittableRandom(7));
        assertArrayEquals(first.input().values(), again.input().values());
        assertArrayEquals(first.label().values(), again.label().values());
        assertArrayEquals(new long[] {3, 80, 80}, first.input().shape());
        assertArrayEquals(new long[] {3, 34, (10 - 4) * (10 - 8)}, first.label().shape());

        boolean differs = false;
        for (long seed = 8; seed < 16 && !differs; seed++) {
            TrainingSample other = source.prepare(sample, new SplittableRandom(seed));
            assertArrayEquals(first.label().shape(), other.label().shape());
            differs = !Arrays.equals(first.input().values(), other.input().values());
        }
        assertTrue(differs, "other seeds crop, flip or jitter differently");
        float[] planes = first.label().values();
        int perPlane = planes.length / 3;
        for (int pair = 0; pair < perPlane; pair++) {
            float kinds = planes[pair] + planes[perPlane + pair] + planes[2 * perPlane + pair];
            assertTrue(kinds == 0f || kinds == 1f, "a pair has at most one kind");
        }
    }

    @Test
    void labelsOfTheWrongSizeNameTheImageAndTheStageToRerun() throws IOException {
        AffinitySample sample = sample("stale", gradient(96, 96), halves(10, 12));
        AffinitySampleSource source = new AffinitySampleSource(Storage.local(),
                new AffinityAugmentation(0, ColorJitter.none(), 96, 8));
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> source.prepare(sample, new SplittableRandom(1)));
        BadInputException cause = assertInstanceOf(BadInputException.class, e.getCause());
        assertTrue(cause.getMessage().contains("image stale") && cause.getMessage().contains("wsss affinity-labels"),
                cause.getMessage());
    }

    @Test
    void pairAccuracyIsBalancedOverKinds() {
        PairLabels pairs = PairLabels.of(halves(12, 12), RADIUS_5);
        AffinityPairAccuracy.Tally alwaysHigh = new AffinityPairAccuracy.Tally();
        float[] high = new float[pairs.size()];
        Arrays.fill(high, 0.9f);
        alwaysHigh.add(pairs, high);
        assertEquals(2.0 / 3, alwaysHigh.balancedAccuracy(), 1e-12, "both positive kinds right, negatives wrong");

        AffinityPairAccuracy.Tally perfect = new AffinityPairAccuracy.Tally();
        float[] right = new float[pairs.size()];
        for (int offset = 0; offset < RADIUS_5.count(); offset++) {
            for (int source = 0; source < pairs.pairsPerOffset(); source++) {
                right[offset * pairs.pairsPerOffset() + source] =
                        pairs.kind(offset, source) == PairKind.NEGATIVE ? 0.1f : 0.9f;
            }
        }
        perfect.add(pairs, right);
        assertEquals(1.0, perfect.balancedAccuracy());
        assertEquals(0.5, new AffinityPairAccuracy.Tally().balancedAccuracy(), "no labelled pair: chance");
        assertFalse(Double.isNaN(alwaysHigh.balancedAccuracy()));
    }

    /** Background on the left, the class on the right, an unsure column between. */
    private static LabelMap halves(int height, int width) {
        byte[] labels = new byte[height * width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int middle = width / 2;
                labels[y * width + x] = (byte) (x < middle ? 0 : x == middle ? LabelMap.IGNORE : CLASS_ID);
            }
        }
        return new LabelMap(height, width, labels);
    }

    private static RgbImage gradient(int width, int height) {
        byte[] rgb = new byte[3 * width * height];
        for (int i = 0; i < width * height; i++) {
            rgb[3 * i] = (byte) (i % width * 2);
            rgb[3 * i + 1] = (byte) (i / width * 2);
            rgb[3 * i + 2] = (byte) 128;
        }
        return new RgbImage(width, height, rgb);
    }

    private AffinitySample sample(String id, RgbImage image, LabelMap labels) throws IOException {
        Path file = dir.resolve(id + ".png");
        Files.write(file, ImageEncoding.png(image));
        return new AffinitySample(id, file.toUri().toString(),
                ImageEncoding.labelPng(labels.labels(), labels.width(), labels.height()));
    }
}
