package org.wsss.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.wsss.config.ConfigLoader;
import org.wsss.config.SynthSettings;
import org.wsss.config.WsssSettings;
import org.wsss.data.SyntheticDataset;
import org.wsss.io.StageReport;
import org.wsss.io.Storage;
import org.wsss.jobs.cam.CamsStage;
import org.wsss.jobs.index.IndexStage;
import org.wsss.jobs.stage.StageContext;
import org.wsss.spark.SparkSessions;

/**
 * Peak resident memory of the CAM stage (default scales 1/0.5/1.5/2 with flips) on synthetic photos of a given size
 * range, with an untrained checkpoint of the chosen backbone. A watchdog ends the JVM when its resident set passes a
 * limit, so a run that would need more memory than the machine can spare stops instead of being killed by the kernel.
 *
 * <p>Arguments: backbone, images, min side, max side, cores, RSS limit in MB, then any {@code key=value} settings.
 * {@code mvn -B -Pbench -DskipTests verify -Dbench.main=org.wsss.bench.CamMemoryBench -Dbench=resnet50
 * -Dbench.args="4 375 500 1 8000"}
 */
public final class CamMemoryBench {
    private static final long WATCH_INTERVAL_MS = 50;

    public static void main(String[] args) throws Exception {
        System.setProperty("ai.djl.pytorch.num_threads", "1");
        String backbone = args[0];
        int images = Integer.parseInt(args[1]);
        int minSide = Integer.parseInt(args[2]);
        int maxSide = Integer.parseInt(args[3]);
        int cores = Integer.parseInt(args[4]);
        long limitMb = Long.parseLong(args[5]);
        Map<String, String> overrides = new HashMap<>(Map.of("spark.master", "local[" + cores + "]",
                "spark.bind-loopback", "true", "cams.partitions", Integer.toString(cores)));
        for (int i = 6; i < args.length; i++) {
            String[] keyValue = args[i].split("=", 2);
            overrides.put(keyValue[0], keyValue[1]);
        }
        watch(limitMb);

        Path dir = Files.createTempDirectory("cam-memory-bench");
        Path data = dir.resolve("data");
        int breeds = 2;
        new SyntheticDataset(Storage.local()).write(data.toString(),
                new SynthSettings(breeds, Math.max(2, (images + breeds - 1) / breeds), 5, minSide, maxSide, 0.3,
                        false));
        WsssSettings settings = ConfigLoader.load(List.of(), overrides)
                .withDataRoot(data.toString()).withRunRoot(dir.resolve("run").toString());
        SparkSession spark = SparkSessions.create(settings.spark());
        try {
            StageContext context = StageContext.create(spark, settings);
            new IndexStage().run(context);
            CamStageBench.checkpoint(org.wsss.model.backbone.BackboneKind.fromName(backbone), context);
            long before = PeakMemory.residentMegabytes();
            long start = System.nanoTime();
            StageReport report = new CamsStage().run(context);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "backbone %s, %d CAM rows, rejects %s, sides %d-%d, local[%d], %s%n",
                    backbone, report.rows(), report.rejects(), minSide, maxSide, cores, overrides);
            System.out.printf(Locale.ROOT, "CAM stage: %.1f s; peak RSS before the stage %d MB, after %d MB%n",
                    seconds, before, PeakMemory.residentMegabytes());
        } finally {
            spark.stop();
        }
    }

    /** Halts the JVM (exit 3) once its resident set passes {@code limitMb}. */
    private static void watch(long limitMb) {
        Thread watchdog = new Thread(() -> {
            while (true) {
                long rss = PeakMemory.currentResidentMegabytes();
                if (rss > limitMb) {
                    System.err.printf(Locale.ROOT, "resident set %d MB over the %d MB limit: stopping%n", rss, limitMb);
                    Runtime.getRuntime().halt(3);
                }
                try {
                    Thread.sleep(WATCH_INTERVAL_MS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "rss-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }
}
