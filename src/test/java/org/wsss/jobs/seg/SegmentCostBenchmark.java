package org.wsss.jobs.seg;

import ai.djl.Device;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.wsss.algo.crf.DenseCrf;
import org.wsss.config.WsssSettings;
import org.wsss.io.CheckpointStore;
import org.wsss.io.MaskMethods;
import org.wsss.io.Tables;
import org.wsss.jobs.affinity.AffinityCheckpoint;
import org.wsss.jobs.affinity.AffinityTrainingStage;
import org.wsss.jobs.stage.StageContext;
import org.wsss.jobs.walk.RandomWalkImage;
import org.wsss.model.affinity.AffinityModel;
import org.wsss.model.seg.SegModel;
import org.wsss.model.walk.RandomWalks;
import org.wsss.model.walk.WalkSegmenter;
import org.wsss.testing.TestSpark;

/**
 * Per-image cost of a finished run's two ways to a mask, on the same images, in the process's CPU time (steadier
 * than wall time on a shared machine): the segment stage's function (decode, one forward pass, PNG; then with the
 * CRF, which also writes {@code seg_crf}) against the random-walk stage's (decode, CAMs, AffinityNet, walk, CRF, two
 * PNGs), which also needs the CAM stage's eight passes before it. Medians of {@value #REPEATS} runs per image after
 * a warm-up, over every test image.
 *
 * <p>Not a test: {@code java ... org.wsss.jobs.seg.SegmentCostBenchmark RUN_ROOT} (with -Dai.djl.pytorch.num_threads=1
 * for one thread, as a Spark task has).
 */
public final class SegmentCostBenchmark {
    private static final int REPEATS = 3;
    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private SegmentCostBenchmark() {}

    public static void main(String[] args) throws Exception {
        WsssSettings settings = TestSpark.settings(Path.of("unused"), Path.of(args[0]));
        StageContext context = TestSpark.context(settings);
        List<Row> rows = context.tables().read(Tables.CAMS).join(context.tables().read(Tables.INDEX)
                .filter("split = 'test'").select("image_id", "image_uri", "class_id"), "image_id").collectAsList();
        SegCheckpoint seg = SegCheckpoint.latest(new CheckpointStore(context.storage(),
                context.layout().checkpoints(SegTrainingStage.CHECKPOINTS), 1));
        AffinityCheckpoint affinity = AffinityCheckpoint.latest(new CheckpointStore(context.storage(),
                context.layout().checkpoints(AffinityTrainingStage.CHECKPOINTS), 1));
        try (SegModel segModel = seg.load(Device.cpu()); AffinityModel affinityModel = affinity.load(Device.cpu())) {
            SegmentImage segment = new SegmentImage(context.storage(), new ImageSegmenter(segModel,
                    settings.segment().maxLongSide(), settings.segment().oneClass(), null), seg.binary(),
                    List.of(MaskMethods.SEG));
            SegmentImage refined = new SegmentImage(context.storage(), new ImageSegmenter(segModel,
                    settings.segment().maxLongSide(), settings.segment().oneClass(),
                    new DenseCrf(settings.crf().crf(), 1)), seg.binary(),
                    List.of(MaskMethods.SEG, MaskMethods.SEG_CRF));
            WalkSegmenter walker = new WalkSegmenter(affinityModel.network(), affinityModel.model().getNDManager(),
                    RandomWalks.create(settings.randomWalk().walk(), 1, Device.cpu()),
                    settings.randomWalk().backgroundPower(), new DenseCrf(settings.crf().crf(), 1));
            RandomWalkImage walk = new RandomWalkImage(context.storage(), walker,
                    List.of(MaskMethods.RW, MaskMethods.RW_CRF));
            List<Double> segCosts = new ArrayList<>();
            List<Double> refinedCosts = new ArrayList<>();
            List<Double> walkCosts = new ArrayList<>();
            long pixels = 0;
            for (Row row : rows) {
                SegmentImage.Input segInput = new SegmentImage.Input(row.getAs("image_id"), row.getAs("image_uri"),
                        row.getAs("class_id"), Set.of());
                RandomWalkImage.Input walkInput = new RandomWalkImage.Input(row.getAs("image_id"),
                        row.getAs("width"), row.getAs("height"),
                        row.<Integer>getList(row.fieldIndex("classes")).stream().mapToInt(Integer::intValue).toArray(),
                        row.getAs("cams"), row.getAs("image_uri"), Set.of());
                segment.process(segInput);
                refined.process(segInput);
                walk.process(walkInput);
                segCosts.add(medianCpuMillis(() -> segment.process(segInput)));
                refinedCosts.add(medianCpuMillis(() -> refined.process(segInput)));
                walkCosts.add(medianCpuMillis(() -> walk.process(walkInput)));
                pixels += (long) row.<Integer>getAs("width") * row.<Integer>getAs("height");
            }
            System.out.printf(Locale.ROOT, "%d test images, %.0f pixels on average; CPU ms per image, median"
                            + " (mean): segment %.1f (%.1f), segment + CRF %.1f (%.1f), random walk + CRF %.1f"
                            + " (%.1f)%n", rows.size(), (double) pixels / rows.size(), median(segCosts),
                    mean(segCosts), median(refinedCosts), mean(refinedCosts), median(walkCosts), mean(walkCosts));
        }
        context.spark().stop();
    }

    private static double medianCpuMillis(Runnable work) {
        double[] costs = new double[REPEATS];
        for (int r = 0; r < REPEATS; r++) {
            long started = PROCESS.getProcessCpuTime();
            work.run();
            costs[r] = (PROCESS.getProcessCpuTime() - started) / 1e6;
        }
        Arrays.sort(costs);
        return costs[REPEATS / 2];
    }

    private static double median(List<Double> values) {
        return values.stream().sorted().toList().get(values.size() / 2);
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }
}
