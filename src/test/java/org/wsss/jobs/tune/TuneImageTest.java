package org.wsss.jobs.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.wsss.algo.crf.CrfSettings;
import org.wsss.algo.crf.DenseCrf;
import org.wsss.algo.metrics.ConfusionMatrix;
import org.wsss.io.MaskMethods;

/** One image's CRF pass: the walks it shares between background powers give each power its own refined mask. */
class TuneImageTest {
    private static final int SIDE = 48;
    private static final int CELLS = SIDE / 8;
    private static final int CHANNELS = 4;

    /** A pet in the middle of a plain photo, a CAM peaking there and blurring beyond it, features that differ by region. */
    private static TuneImage.Prepared image() {
        SplittableRandom random = new SplittableRandom(3);
        byte[] rgb = new byte[SIDE * SIDE * 3];
        float[] cams = new float[SIDE * SIDE];
        byte[] truth = new byte[SIDE * SIDE];
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                int i = y * SIDE + x;
                double distance = Math.hypot(x - SIDE / 2.0, y - SIDE / 2.0) / (SIDE / 2.0);
                boolean pet = distance < 0.55;
                truth[i] = (byte) (pet ? 1 : 0);
                cams[i] = (float) Math.max(0, 1 - distance * distance * 1.6);
                int shade = 120; // no edge at the pet: the CRF follows the walk, not the photo
                for (int c = 0; c < 3; c++) rgb[i * 3 + c] = (byte) (shade + random.nextInt(20));
            }
        }
        float[] features = new float[CHANNELS * CELLS * CELLS];
        for (int c = 0; c < CHANNELS; c++) {
            for (int y = 0; y < CELLS; y++) {
                for (int x = 0; x < CELLS; x++) {
                    boolean inner = Math.abs(x - CELLS / 2.0 + 0.5) < 2 && Math.abs(y - CELLS / 2.0 + 0.5) < 2;
                    features[(c * CELLS + y) * CELLS + x] = (float) ((inner ? 1 : -1) * (c + 1) * 0.3
                            + random.nextDouble() * 0.05);
                }
            }
        }
        return new TuneImage.Prepared("pet", SIDE, SIDE, rgb, new int[] {1}, cams, truth, CHANNELS, CELLS, CELLS,
                features);
    }

    private static long[] counts(TuneImage.Score score) {
        return score.counts().addInto(new ConfusionMatrix(ConfusionMatrix.DEFAULT_CLASSES).toLongArray());
    }

    @Test
    void walksSharedBetweenPowersRefineLikeWalksOfOnePower() {
        TuneImage.Prepared image = image();
        DenseCrf crf = new DenseCrf(CrfSettings.psaDefaults(), 1);
        List<TuneImage.Point> points = new ArrayList<>();
        for (double power : List.of(2.0, 16.0, 128.0)) points.add(TuneImage.Point.walk(MaskMethods.RW, power, 8, 3));
        points.add(TuneImage.Point.walk(MaskMethods.RW, 16, 4, 2));

        List<TuneImage.Score> together = TuneImage.refine(image, points, 5, 1, crf);
        List<TuneImage.Score> apart = new ArrayList<>();
        for (TuneImage.Point point : points) apart.addAll(TuneImage.refine(image, List.of(point), 5, 1, crf));

        assertEquals(points.size(), together.size());
        for (int i = 0; i < points.size(); i++) {
            assertEquals(points.get(i).refined(), together.get(i).point());
            assertArrayEquals(counts(apart.get(i)), counts(together.get(i)), "point " + points.get(i));
        }
        assertFalse(Arrays.equals(counts(together.get(0)), counts(together.get(2))),
                "the image must tell background powers apart, or this test proves nothing");
    }
}
