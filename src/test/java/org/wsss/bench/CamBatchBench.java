package org.wsss.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.wsss.config.ConfigLoader;
import org.wsss.config.SynthSettings;
import org.wsss.config.WsssSettings;
import org.wsss.data.SyntheticDataset;
import org.wsss.io.Storage;
import org.wsss.jobs.cam.CamsStage;
import org.wsss.jobs.index.IndexStage;
import org.wsss.jobs.stage.StageContext;
import org.wsss.model.backbone.BackboneKind;
import org.wsss.spark.ExecutorModelCache;
import org.wsss.spark.SparkSessions;

/**
 * The CAM stage on {@code local[1]} (one task, one torch thread) with {@code cams.batch-size} 1 (the baseline: one
 * image and its mirror image per forward) and 4 (up to four images of one size per forward), on images of one size,
 * scales 1/0.5/1.5/2 with flips. An untimed run at batch 1 first pays libtorch's and the JIT's warm-up.
 *
 * <p>Usage: {@code CamBatchBench BACKBONE IMAGES_PER_BREED SIDE}, e.g. {@code small 30 128} or {@code resnet50 4 224}.
 */
public final class CamBatchBench {
    private CamBatchBench() {}

    public static void main(String[] args) throws Exception {
        System.setProperty("ai.djl.pytorch.num_threads", "1");
        BackboneKind kind = BackboneKind.fromName(args[0]);
        int perBreed = Integer.parseInt(args[1]);
        int side = Integer.parseInt(args[2]);
        Path dir = Files.createTempDirectory("cam-batch-bench");
        Path data = dir.resolve("data");
        new SyntheticDataset(Storage.local()).write(data.toString(),
                new SynthSettings(3, perBreed, 5, side, side, 0.3, false));
        stage(kind, data, dir.resolve("warm-up"), 1);
        double one = stage(kind, data, dir.resolve("batch1"), 1);
        double four = stage(kind, data, dir.resolve("batch4"), 4);
        System.out.printf(Locale.ROOT, "backbone %s, %d images of %dx%d, local[1], one torch thread%n",
                kind.name().toLowerCase(Locale.ROOT), 3 * perBreed, side, side);
        System.out.printf(Locale.ROOT, "cams.batch-size 1 (baseline): %7.2f images/s%n", one);
        System.out.printf(Locale.ROOT, "cams.batch-size 4           : %7.2f images/s (%.2fx batch 1)%n", four,
                four / one);
        System.out.printf(Locale.ROOT, "peak resident memory of this JVM: %d MB%n", PeakMemory.residentMegabytes());
    }

    private static double stage(BackboneKind kind, Path data, Path run, int batchSize) throws Exception {
        WsssSettings settings = ConfigLoader.load(List.of(), Map.of("spark.master", "local[1]",
                "spark.bind-loopback", "true", "cams.partitions", "1", "cams.batch-size", String.valueOf(batchSize)))
                .withDataRoot(data.toString()).withRunRoot(run.toString());
        SparkSession spark = SparkSessions.create(settings.spark());
        StageContext context = StageContext.create(spark, settings);
        try {
            new IndexStage().run(context);
            CamStageBench.checkpoint(kind, context);
            ExecutorModelCache.clear();
            long start = System.nanoTime();
            long rows = new CamsStage().run(context).rows();
            return rows / ((System.nanoTime() - start) / 1e9);
        } finally {
            spark.stop();
        }
    }
}
