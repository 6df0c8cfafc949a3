package org.wsss.jobs.tune;

import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.wsss.algo.cam.CamSegmentation;
import org.wsss.algo.crf.DenseCrf;
import org.wsss.algo.image.ImageDecoding;
import org.wsss.algo.image.RgbImage;
import org.wsss.algo.maps.ChannelStack;
import org.wsss.algo.maps.LabelMap;
import org.wsss.algo.metrics.ConfusionMatrix;
import org.wsss.algo.metrics.TrimapTruth;
import org.wsss.algo.walk.RandomWalkMethod;
import org.wsss.algo.walk.RandomWalkSettings;
import org.wsss.algo.walk.SparseRandomWalk;
import org.wsss.algo.walk.WalkScores;
import org.wsss.config.TuneSettings;
import org.wsss.io.MaskMethods;
import org.wsss.io.Storage;
import org.wsss.jobs.stage.PhotoAndCams;
import org.wsss.jobs.stage.SparseCounts;
import org.wsss.model.affinity.AffinityNet;
import org.wsss.spark.TaskCores;

/**
 * The tune stage's work on one image: its inputs read once ({@link Prepared}: photo, CAMs, truth and AffinityNet
 * features), then every grid point scored from them ({@link #sweep}), and the dense CRF on chosen walk points
 * ({@link #refine}). The walk is linear in its input, so one walk per beta carries every background power's
 * background channel beside the class channels, and the logt values are read off one series of steps.
 */
final class TuneImage {
    private static final int STRIDE = AffinityNet.OUTPUT_STRIDE;

    private TuneImage() {}

    /** One grid point: a method and its settings (the walk's are NaN / -1 for {@code cam}). */
    record Point(String method, double threshold, double power, double beta, int logt) implements Serializable {
        static Point cam(double threshold) {
            return new Point(MaskMethods.CAM, threshold, Double.NaN, Double.NaN, -1);
        }

        static Point walk(String method, double power, double beta, int logt) {
            return new Point(method, Double.NaN, power, beta, logt);
        }

        Point refined() {
            return walk(MaskMethods.RW_CRF, power, beta, logt);
        }
    }

    /** A grid point's confusion counts on one image. */
    record Score(String imageId, Point point, SparseCounts counts) implements Serializable {}

    /** An image ready to be swept: everything the grid needs, computed once. Raw arrays, so Spark can spill it. */
    record Prepared(String imageId, int width, int height, byte[] rgb, int[] classIds, float[] cams, byte[] truth,
                    int featureChannels, int featureHeight, int featureWidth, float[] features)
            implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        RgbImage photo() {
            return new RgbImage(width, height, rgb);
        }

        ChannelStack camStack() {
            return new ChannelStack(classIds.length, height, width, cams);
        }

        ChannelStack featureStack() {
            return new ChannelStack(featureChannels, featureHeight, featureWidth, features);
        }
    }

    /**
     * Reads an image's photo, CAMs and trimap and computes its features; {@code null} when they are unusable (the
     * random-walk and evaluate stages reject such an image with its reason).
     */
    static Prepared read(Storage storage, TuneStage.Input input,
                         java.util.function.Function<RgbImage, ChannelStack> features) {
        if (!TuneStage.TRAINVAL.equals(input.split())) {
            // The subset is drawn from trainval; this guards the promise that test labels never tune anything.
            throw new IllegalStateException("image " + input.imageId() + " of split " + input.split()
                    + " reached the tune stage");
        }
        PhotoAndCams photoAndCams = PhotoAndCams.read(storage, input.imageUri(), input.width(), input.height(),
                input.classes().length, input.cams());
        if (!photoAndCams.usable()) return null;
        byte[] truth;
        try {
            int[] size = new int[2];
            int[] trimap = ImageDecoding.decodeFirstBand(storage.readBytes(new Path(input.trimapUri())), size);
            if (size[0] != input.width() || size[1] != input.height()) return null;
            truth = TrimapTruth.labels(trimap, input.classId());
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
        ChannelStack f = features.apply(photoAndCams.photo());
        return new Prepared(input.imageId(), input.width(), input.height(), photoAndCams.photo().rgb(),
                input.classes(), photoAndCams.cams().values(), truth, f.channels(), f.height(), f.width(),
                f.values());
    }

    /** Every CAM-only and walk grid point's counts on {@code image}. */
    static List<Score> sweep(Prepared image, TuneSettings grid, int radius, int threads) {
        List<Score> scores = new ArrayList<>();
        ChannelStack cams = image.camStack();
        for (double threshold : grid.camThresholds()) {
            scores.add(score(Point.cam(threshold), image,
                    CamSegmentation.camOnly(cams, image.classIds(), threshold)));
        }
        int[] logts = grid.logts().stream().mapToInt(Integer::intValue).toArray();
        List<Double> powers = grid.backgroundPowers();
        ChannelStack seeds = seeds(cams, powers);
        for (double beta : grid.betas()) {
            List<ChannelStack> series = walk(image, seeds, beta, logts, radius, threads);
            for (int i = 0; i < logts.length; i++) {
                ChannelStack walked = WalkScores.atImageResolution(series.get(i), STRIDE, image.height(),
                        image.width());
                for (int p = 0; p < powers.size(); p++) {
                    Point point = Point.walk(MaskMethods.RW, powers.get(p), beta, logts[i]);
                    scores.add(score(point, image, WalkScores.labels(forPower(walked, p, powers.size()),
                            image.classIds())));
                }
            }
        }
        return scores;
    }

    /**
     * The CRF-refined walk of each of {@code points} (method rw) on {@code image}, as {@code rw_crf} scores. Points
     * that differ only in background power share one walk, as in {@link #sweep}.
     */
    static List<Score> refine(Prepared image, List<Point> points, int radius, int threads, DenseCrf crf) {
        Map<Point, List<Double>> powersOfWalk = new LinkedHashMap<>();
        for (Point point : points) {
            powersOfWalk.computeIfAbsent(Point.walk(MaskMethods.RW, Double.NaN, point.beta(), point.logt()),
                    walk -> new ArrayList<>()).add(point.power());
        }
        List<Score> scores = new ArrayList<>(points.size());
        ChannelStack cams = image.camStack();
        powersOfWalk.forEach((walk, powers) -> {
            ChannelStack walked = WalkScores.atImageResolution(walk(image, seeds(cams, powers), walk.beta(),
                    new int[] {walk.logt()}, radius, threads).get(0), STRIDE, image.height(), image.width());
            for (int p = 0; p < powers.size(); p++) {
                ChannelStack distributions = WalkScores.pixelDistributions(forPower(walked, p, powers.size()));
                float[] marginals = crf.infer(image.rgb(), distributions.values(), distributions.channels(),
                        image.height(), image.width());
                ChannelStack refined = new ChannelStack(distributions.channels(), image.height(), image.width(),
                        marginals);
                Point point = Point.walk(MaskMethods.RW_CRF, powers.get(p), walk.beta(), walk.logt());
                scores.add(score(point, image, WalkScores.labels(refined, image.classIds())));
            }
        });
        return scores;
    }

    private static List<ChannelStack> walk(Prepared image, ChannelStack seeds, double beta, int[] logts,
                                           int radius, int threads) {
        RandomWalkSettings settings = new RandomWalkSettings(beta, logts[logts.length - 1], radius,
                RandomWalkMethod.SPARSE);
        return new SparseRandomWalk(settings, TaskCores.threads(threads)).propagateSeries(image.featureStack(), seeds, logts);
    }

    /**
     * The walk's input for several background powers at once, at feature resolution: one background channel per
     * power, then the class channels (the same for every power).
     */
    static ChannelStack seeds(ChannelStack cams, List<Double> powers) {
        int classes = cams.channels();
        float[] values = null;
        int plane = 0;
        for (int p = 0; p < powers.size(); p++) {
            ChannelStack one = WalkScores.atFeatureResolution(cams, powers.get(p), STRIDE);
            if (values == null) {
                plane = one.height() * one.width();
                values = new float[(powers.size() + classes) * plane];
                System.arraycopy(one.values(), plane, values, powers.size() * plane, classes * plane);
            }
            System.arraycopy(one.values(), 0, values, p * plane, plane);
        }
        int height = (cams.height() + STRIDE - 1) / STRIDE;
        int width = (cams.width() + STRIDE - 1) / STRIDE;
        return new ChannelStack(powers.size() + classes, height, width, values);
    }

    /** {@code [background of power p, classes]} out of a walked stack of {@link #seeds}. */
    private static ChannelStack forPower(ChannelStack walked, int p, int powers) {
        int plane = walked.height() * walked.width();
        int classes = walked.channels() - powers;
        float[] values = new float[(classes + 1) * plane];
        System.arraycopy(walked.values(), p * plane, values, 0, plane);
        System.arraycopy(walked.values(), powers * plane, values, plane, classes * plane);
        return new ChannelStack(classes + 1, walked.height(), walked.width(), values);
    }

    private static Score score(Point point, Prepared image, LabelMap mask) {
        ConfusionMatrix matrix = new ConfusionMatrix(ConfusionMatrix.DEFAULT_CLASSES).add(image.truth(), mask.labels());
        return new Score(image.imageId(), point, SparseCounts.of(matrix.toLongArray()));
    }
}
