package org.wsss.algo.cam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.wsss.algo.crf.CrfSettings;
import org.wsss.algo.crf.DenseCrf;
import org.wsss.algo.maps.ChannelStack;
import org.wsss.algo.maps.LabelMap;

class CamSegmentationTest {
    private static final int SIZE = 48;
    private static final int CLASS_ID = 7;

    @Test
    void camOnlyGivesTheClassWhereItsCamBeatsTheBackgroundScoreAndBackgroundOnTies() {
        ChannelStack cams = new ChannelStack(2, 1, 4, new float[] {0.1f, 0.2f, 0.3f, 0.9f, 0.5f, 0.1f, 0.1f, 0.95f});
        LabelMap mask = CamSegmentation.camOnly(cams, new int[] {CLASS_ID, 9}, 0.2f);
        assertEquals(9, mask.labels()[0], "0.1 and 0.5: the second class");
        assertEquals(0, mask.labels()[1], "a tie with the background score is background");
        assertEquals(CLASS_ID, mask.labels()[2]);
        assertEquals(9, mask.labels()[3]);
    }

    /**
     * A red square on grey whose CAM is a blurry disc spilling past the square's sides (CAMs come from stride-8 maps):
     * the CRF pulls the mask back to the colour edge, so it fits the square better than the CAM-only mask.
     */
    @Test
    void theCrfPullsABlurryCamBackToTheObjectsEdges() {
        byte[] rgb = new byte[3 * SIZE * SIZE];
        boolean[] square = new boolean[SIZE * SIZE];
        float[] cam = new float[SIZE * SIZE];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                int i = y * SIZE + x;
                square[i] = x >= 14 && x < 34 && y >= 14 && y < 34;
                rgb[3 * i] = (byte) (square[i] ? 220 : 120);
                rgb[3 * i + 1] = (byte) (square[i] ? 30 : 120);
                rgb[3 * i + 2] = (byte) (square[i] ? 30 : 120);
                double d = Math.hypot(x - 23.5, y - 23.5);
                cam[i] = (float) Math.exp(-d * d / (2 * 7.8 * 7.8)); // above 0.2 out to 14 px, past the square's sides
            }
        }
        ChannelStack cams = new ChannelStack(1, SIZE, SIZE, cam);
        int[] classes = {CLASS_ID};
        LabelMap camOnly = CamSegmentation.camOnly(cams, classes, 0.2);
        LabelMap refined = CamSegmentation.refined(rgb, cams, classes, 0.2, new DenseCrf(CrfSettings.psaDefaults()));
        double before = iou(camOnly, square);
        double after = iou(refined, square);
        System.out.printf("square IoU: CAM %.3f, CAM+CRF %.3f%n", before, after);
        assertTrue(before < 0.75, "the blurry CAM alone should overshoot the square: IoU " + before);
        assertTrue(after > 0.85 && after > before + 0.1, "CAM+CRF IoU " + after + " (CAM alone " + before + ")");
    }

    private static double iou(LabelMap mask, boolean[] truth) {
        int intersection = 0;
        int union = 0;
        for (int i = 0; i < truth.length; i++) {
            boolean predicted = mask.labels()[i] == CLASS_ID;
            if (predicted && truth[i]) intersection++;
            if (predicted || truth[i]) union++;
        }
        return (double) intersection / union;
    }
}
