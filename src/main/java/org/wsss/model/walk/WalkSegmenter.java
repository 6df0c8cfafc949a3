package org.wsss.model.walk;

import ai.djl.ndarray.NDManager;
import org.wsss.algo.augment.FloatImage;
import org.wsss.algo.augment.ImageNetNormalization;
import org.wsss.algo.crf.DenseCrf;
import org.wsss.algo.image.RgbImage;
import org.wsss.algo.maps.ChannelStack;
import org.wsss.algo.maps.LabelMap;
import org.wsss.algo.walk.RandomWalk;
import org.wsss.algo.walk.WalkScores;
import org.wsss.model.affinity.AffinityFeatureMaps;
import org.wsss.model.affinity.AffinityNet;
import org.wsss.model.affinity.StridePadding;

/**
 * One image's masks from its CAMs with a trained AffinityNet (ALGORITHM.md section 5): features of the normalised
 * image padded to the stride, the random walk of {@code [background, cams]} over them, bilinear upsampling, crop,
 * argmax; optionally a dense CRF on the walked scores (PSA's "RW + dCRF").
 *
 * <p>The CRF's unary comes from each pixel's walked scores made a distribution ({@link
 * WalkScores#pixelDistributions}); see there why that agrees with PSA's CRF on raw scores except at the floor.
 *
 * <p>The network is only read, in inference mode, so threads may share it; each image's native memory lives in a
 * scratch manager under {@code manager}, closed before {@link #segment} returns.
 */
public final class WalkSegmenter {
    private static final int STRIDE = AffinityNet.OUTPUT_STRIDE;

    private final AffinityNet network;
    private final NDManager manager;
    private final RandomWalk walk;
    private final double backgroundPower;
    private final DenseCrf crf;
    private final RandomWalk crfWalk;
    private final double crfBackgroundPower;

    /** An image's masks: the walk's, and the CRF-refined one when it was asked for (else {@code null}). */
    public record Masks(LabelMap walk, LabelMap refined) {}

    /**
     * @param network an initialised (trained) AffinityNet
     * @param manager parent of each image's scratch manager, on the device the network's parameters live on
     * @param walk the random walk
     * @param backgroundPower exponent of the background score {@code (1 - max cam)^power}
     * @param crf the CRF for refined masks; {@code null} when none are wanted
     */
    public WalkSegmenter(AffinityNet network, NDManager manager, RandomWalk walk, double backgroundPower,
                         DenseCrf crf) {
        this(network, manager, walk, backgroundPower, crf, walk, backgroundPower);
    }

    /**
     * As above, with the CRF refining the scores of a walk of its own ({@code crfWalk} from a background of power
     * {@code crfBackgroundPower}) on the same features: the walk that is best alone and the one that is best after
     * the CRF may differ (the CRF helps a wide, weak-background walk most).
     */
    public WalkSegmenter(AffinityNet network, NDManager manager, RandomWalk walk, double backgroundPower,
                         DenseCrf crf, RandomWalk crfWalk, double crfBackgroundPower) {
        if (!(backgroundPower > 0) || Double.isInfinite(backgroundPower)) {
            throw new IllegalArgumentException("background power must be positive and finite, got "
                    + backgroundPower);
        }
        this.network = network;
        this.manager = manager;
        this.walk = walk;
        this.backgroundPower = backgroundPower;
        this.crf = crf;
        this.crfWalk = crfWalk;
        this.crfBackgroundPower = crfBackgroundPower;
    }

    /**
     * @param image the photo
     * @param cams K x H x W CAMs in [0, 1] of the present classes, at the image's size
     * @param classIds class id of CAM channel k at position k
     * @param refine whether to run the CRF as well
     * @throws RandomWalk.GridTooLargeException if the image has more feature nodes than the walk accepts
     */
    public Masks segment(RgbImage image, ChannelStack cams, int[] classIds, boolean refine) {
        if (cams.height() != image.height() || cams.width() != image.width()) {
            throw new IllegalArgumentException("CAMs are " + cams.width() + "x" + cams.height() + " but the image is "
                    + image.width() + "x" + image.height());
        }
        if (cams.channels() != classIds.length) {
            throw new IllegalArgumentException(cams.channels() + " CAMs but " + classIds.length + " class ids");
        }
        if (refine && crf == null) {
            throw new IllegalStateException("refined masks asked for, but this segmenter has no CRF");
        }
        int nodes = ((image.height() + STRIDE - 1) / STRIDE) * ((image.width() + STRIDE - 1) / STRIDE);
        if (nodes > walk.maxNodes()) {
            throw new RandomWalk.GridTooLargeException(nodes, walk.maxNodes());
        }
        ChannelStack features = features(network, manager, image);
        ChannelStack seeds = WalkScores.atFeatureResolution(cams, backgroundPower, STRIDE);
        ChannelStack walked = walk.propagate(features, seeds);
        ChannelStack scores = WalkScores.atImageResolution(walked, STRIDE, image.height(), image.width());
        LabelMap walkMask = WalkScores.labels(scores, classIds);
        if (!refine) {
            return new Masks(walkMask, null);
        }
        if (crfWalk != walk || crfBackgroundPower != backgroundPower) {
            ChannelStack crfSeeds = WalkScores.atFeatureResolution(cams, crfBackgroundPower, STRIDE);
            scores = WalkScores.atImageResolution(crfWalk.propagate(features, crfSeeds), STRIDE, image.height(),
                    image.width());
        }
        ChannelStack distributions = WalkScores.pixelDistributions(scores);
        float[] marginals = crf.infer(image.rgb(), distributions.values(), distributions.channels(),
                image.height(), image.width());
        ChannelStack refined = new ChannelStack(distributions.channels(), image.height(), image.width(), marginals);
        return new Masks(walkMask, WalkScores.labels(refined, classIds));
    }

    /**
     * The walk's features of {@code image}: AffinityNet's output for the normalised image padded to the stride,
     * {@code C x ceil(H / 8) x ceil(W / 8)}; native memory lives under {@code manager} only while computing.
     */
    public static ChannelStack features(AffinityNet network, NDManager manager, RgbImage image) {
        return AffinityFeatureMaps.of(network, manager, paddedInput(image));
    }

    private static ChannelStack paddedInput(RgbImage image) {
        FloatImage normalised = ImageNetNormalization.normalize(
                FloatImage.fromInterleavedRgb(image.width(), image.height(), image.rgb()));
        ChannelStack planar = new ChannelStack(normalised.channels(), normalised.height(), normalised.width(),
                normalised.values());
        return StridePadding.padBottomRight(planar, STRIDE);
    }
}
