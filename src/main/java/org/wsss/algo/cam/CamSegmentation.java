package org.wsss.algo.cam;

import org.wsss.algo.crf.DenseCrf;
import org.wsss.algo.maps.ChannelStack;
import org.wsss.algo.maps.LabelMap;
import org.wsss.algo.walk.WalkScores;

/**
 * Masks from CAMs alone (ALGORITHM.md sections 2 and 6): the background scores a constant (PSA: 0.2) and every
 * pixel takes the best-scoring label; optionally refined by a dense CRF on the image (the "CAM + CRF" baseline
 * that the random walk's CRF-refined masks are compared with).
 */
public final class CamSegmentation {
    private CamSegmentation() {}

    /**
     * @param cams K x H x W CAMs in [0, 1]
     * @param classIds class id of CAM channel k at position k (1..254)
     * @param backgroundScore the constant background score
     */
    public static LabelMap camOnly(ChannelStack cams, int[] classIds, double backgroundScore) {
        return WalkScores.labels(withBackground(cams, backgroundScore), classIds);
    }

    /**
     * The CAM-only scores refined by {@code crf} on {@code rgbInterleaved}: each pixel's [background, CAMs] scores
     * made a distribution form the unary, as for the random walk's refined masks.
     */
    public static LabelMap refined(byte[] rgbInterleaved, ChannelStack cams, int[] classIds, double backgroundScore,
                                   DenseCrf crf) {
        ChannelStack distributions = WalkScores.pixelDistributions(withBackground(cams, backgroundScore));
        float[] marginals = crf.infer(rgbInterleaved, distributions.values(), distributions.channels(),
                cams.height(), cams.width());
        return WalkScores.labels(new ChannelStack(distributions.channels(), cams.height(), cams.width(), marginals),
                classIds);
    }

    /** [background, cams]: channel 0 holds {@code backgroundScore} everywhere. */
    static ChannelStack withBackground(ChannelStack cams, double backgroundScore) {
        int pixels = cams.pixels();
        float[] values = new float[(cams.channels() + 1) * pixels];
        java.util.Arrays.fill(values, 0, pixels, (float) backgroundScore);
        System.arraycopy(cams.values(), 0, values, pixels, cams.channels() * pixels);
        return new ChannelStack(cams.channels() + 1, cams.height(), cams.width(), values);
    }
}
