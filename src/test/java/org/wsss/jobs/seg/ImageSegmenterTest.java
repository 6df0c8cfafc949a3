package org.wsss.jobs.seg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.wsss.algo.crf.CrfSettings;
import org.wsss.algo.crf.DenseCrf;
import org.wsss.algo.image.RgbImage;
import org.wsss.algo.maps.LabelMap;
import org.wsss.model.backbone.BackboneKind;
import org.wsss.model.seg.SegModel;

/** The network's mask and its CRF-refined twin, on an untrained (seeded) network whose mask is noisy. */
class ImageSegmenterTest {
    private static final int HEIGHT = 24;
    private static final int WIDTH = 40;
    /** A strong, wide colour kernel: pixels of one colour region pull each other to one label. */
    private static final CrfSettings SMOOTHING = new CrfSettings(3, 3, 80, 13, 50, 10, 1e-5);
    private static SegModel model;

    @BeforeAll
    static void build() {
        model = SegModel.create(BackboneKind.SMALL, 4, 2L, Device.cpu());
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void withoutACrfThereIsOneMask() {
        ImageSegmenter.Masks masks = new ImageSegmenter(model, 0, false, null).masks(twoColours(WIDTH, HEIGHT));
        assertNull(masks.refined());
        assertSame(masks.plain(), masks.best());
        assertEquals(WIDTH, masks.plain().width());
    }

    @Test
    void theCrfMakesEachColourRegionOneLabelFromTheNetworksOwnClasses() {
        ImageSegmenter segmenter = new ImageSegmenter(model, 0, false, new DenseCrf(SMOOTHING, 1));
        ImageSegmenter.Masks masks = segmenter.masks(twoColours(WIDTH, HEIGHT));
        LabelMap refined = masks.refined();
        assertSame(refined, masks.best());
        assertTrue(labels(masks.plain(), 0, WIDTH).size() > 1, "the untrained network's mask is noisy: "
                + labels(masks.plain(), 0, WIDTH));
        assertEquals(1, labels(refined, 0, WIDTH / 2).size(), "left half " + labels(refined, 0, WIDTH / 2));
        assertEquals(1, labels(refined, WIDTH / 2, WIDTH).size(), "right half " + labels(refined, WIDTH / 2, WIDTH));
        Set<Integer> allowed = labels(masks.plain(), 0, WIDTH);
        allowed.add(0);
        assertTrue(allowed.containsAll(labels(refined, 0, WIDTH)), "only background and the network's winners");
    }

    @Test
    void aShrunkImageIsRefinedAtTheShrunkSizeAndScaledBack() {
        ImageSegmenter segmenter = new ImageSegmenter(model, WIDTH, false, new DenseCrf(SMOOTHING, 1));
        ImageSegmenter.Masks masks = segmenter.masks(twoColours(2 * WIDTH, 2 * HEIGHT));
        assertEquals(2 * WIDTH, masks.refined().width());
        assertEquals(2 * HEIGHT, masks.refined().height());
        assertEquals(1, labels(masks.refined(), 0, WIDTH).size());
        assertEquals(1, labels(masks.refined(), WIDTH, 2 * WIDTH).size());
    }

    /** Left half dark red, right half light blue. */
    private static RgbImage twoColours(int width, int height) {
        byte[] rgb = new byte[width * height * 3];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int at = 3 * (y * width + x);
                boolean left = x < width / 2;
                rgb[at] = (byte) (left ? 120 : 170);
                rgb[at + 1] = (byte) (left ? 20 : 200);
                rgb[at + 2] = (byte) (left ? 30 : 250);
            }
        }
        return new RgbImage(width, height, rgb);
    }

    private static Set<Integer> labels(LabelMap mask, int fromX, int toX) {
        Set<Integer> seen = new TreeSet<>();
        for (int y = 0; y < mask.height(); y++) {
            for (int x = fromX; x < toX; x++) seen.add(mask.get(y * mask.width() + x));
        }
        return seen;
    }
}
