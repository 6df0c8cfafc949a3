package org.wsss.model.cam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.wsss.algo.augment.FloatImage;
import org.wsss.algo.cam.ClassCams;
import org.wsss.model.backbone.BackboneKind;
import org.wsss.model.backbone.ForwardMemory;

/**
 * CAMs do not depend on the memory budget: a budget that splits the mirror pair gives the same CAMs, one that cuts
 * the image into tiles gives them within float rounding, and one too small for any tile is refused with the size,
 * scale and setting in the reason.
 */
class CamMemoryBudgetTest {
    private static final int HEIGHT = 200;
    private static final int WIDTH = 264;
    private static final String SETTING = "wsss.cams.memory-budget";
    /** Tiles see all of each core cell's receptive field, so they differ from the whole image by rounding only. */
    private static final float TILE_TOLERANCE = 1e-5f;

    private static CamModel model;
    private static FloatImage image;

    @BeforeAll
    static void createModel() {
        model = CamModel.create(CamModelSpec.of(BackboneKind.SMALL, 3, 7L), Device.cpu());
        SplittableRandom random = new SplittableRandom(11L);
        image = FloatImage.zeros(3, HEIGHT, WIDTH);
        for (int i = 0; i < image.values().length; i++) image.values()[i] = (float) random.nextDouble(-2, 2);
    }

    @AfterAll
    static void closeModel() {
        model.close();
    }

    @Test
    void aBudgetForOneImageAtATimeGivesTheSameCams() {
        MultiScaleCamSettings settings = new MultiScaleCamSettings(List.of(1.0), true);
        long budget = host(2) + ForwardMemory.bytes(BackboneKind.SMALL, 1, HEIGHT, WIDTH);
        CamMemoryBudget.Layout layout = budget(budget).layout(2, HEIGHT, WIDTH, "", 1.0);
        assertEquals(new CamMemoryBudget.Layout(1, 0), layout, "precondition: the pair is split, not tiled");

        ClassCams whole = model.multiScaleCam(settings).compute(image, new int[] {0, 2});
        ClassCams split = model.multiScaleCam(settings, budget, SETTING).compute(image, new int[] {0, 2});

        assertArrayEquals(whole.scores(), split.scores());
    }

    @Test
    void aBudgetForTilesGivesTheSameCamsWithinRounding() {
        MultiScaleCamSettings settings = new MultiScaleCamSettings(List.of(1.0, 0.5), true);
        CamMemoryBudget probe = budget(1);
        int tileSide = CamMemoryBudget.STRIDE * 4 + 2 * probe.margin();
        long budget = host(2) + ForwardMemory.bytes(BackboneKind.SMALL, 1, tileSide, tileSide);
        CamMemoryBudget.Layout layout = budget(budget).layout(2, HEIGHT, WIDTH, "", 1.0);
        assertTrue(layout.tiled(), "precondition: the image is tiled");
        assertTrue(layout.tileCells() < CamMemoryBudget.cells(HEIGHT), "precondition: more than one tile a column");

        ClassCams whole = model.multiScaleCam(settings).compute(image, new int[] {0, 1, 2});
        ClassCams tiled = model.multiScaleCam(settings, budget, SETTING).compute(image, new int[] {0, 1, 2});

        assertArrayEquals(whole.scores(), tiled.scores(), TILE_TOLERANCE);
        assertFalse(maxOf(whole.scores()) == 0f, "the CAMs are not all zero");
    }

    @Test
    void anImageNoTileOfWhichFitsIsRefusedNamingTheSetting() {
        MultiScaleCam cams = model.multiScaleCam(new MultiScaleCamSettings(List.of(1.0, 2.0), true), 1L << 20,
                SETTING);

        CamMemoryBudget.OverBudgetException refused = assertThrows(CamMemoryBudget.OverBudgetException.class,
                () -> cams.compute(image, new int[] {0}));

        String reason = refused.getMessage();
        assertTrue(reason.startsWith("image 264x200 needs at least ~"), reason);
        assertTrue(reason.contains("at scale 1.0"), reason);
        assertTrue(reason.endsWith("over wsss.cams.memory-budget = 1m"), reason);
    }

    @Test
    void anAbsurdImageIsRefusedFromItsSizeAlone() {
        MultiScaleCam cams = model.multiScaleCam(MultiScaleCamSettings.psa(), 3L << 30, SETTING);

        cams.requireFits(375, 500);
        CamMemoryBudget.OverBudgetException refused = assertThrows(CamMemoryBudget.OverBudgetException.class,
                () -> cams.requireFits(30_000, 40_000));

        assertTrue(refused.getMessage().startsWith("image 40000x30000 needs at least ~"), refused.getMessage());
        assertTrue(refused.getMessage().endsWith("over wsss.cams.memory-budget = 3g"), refused.getMessage());
    }

    @Test
    void budgetsAreShownAsConfigurationValues() {
        assertEquals("3g", CamMemoryBudget.format(3L << 30));
        assertEquals("1536m", CamMemoryBudget.format(1536L << 20));
        assertEquals("1000", CamMemoryBudget.format(1000));
    }

    private static CamMemoryBudget budget(long bytes) {
        return new CamMemoryBudget(bytes, BackboneKind.SMALL, SETTING);
    }

    /** The Java-heap share of a scale's estimate: the scaled image, its mirror and a copy. */
    private static long host(int images) {
        return (long) Float.BYTES * 3 * HEIGHT * WIDTH * (images + 1);
    }

    private static float maxOf(float[] values) {
        float max = 0f;
        for (float v : values) max = Math.max(max, v);
        return max;
    }
}
