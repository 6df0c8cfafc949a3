package org.wsss.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.wsss.config.SynthSettings;
import org.wsss.config.WsssSettings;
import org.wsss.data.SyntheticDataset;
import org.wsss.io.StageReport;
import org.wsss.io.Storage;
import org.wsss.io.Tables;
import org.wsss.jobs.affinity.AffinityLabelsStage;
import org.wsss.jobs.index.IndexStage;
import org.wsss.jobs.stage.StageContext;
import org.wsss.testing.FakeCams;
import org.wsss.testing.TestSpark;

/**
 * The affinity-labels stage (two dense CRFs per image) on 2 cores, three ways: two 1-thread tasks at once
 * ({@code local[2]}, {@code spark.task.cpus = 1}: the baseline), and one task at a time owning both cores
 * ({@code spark.task.cpus = 2}, as a GPU cluster's tasks own their executor) with {@code crf.threads} = 1 (the old
 * default: one core idle) and = 0 (the task's cores, now the default). CAMs are made from the truth
 * ({@link FakeCams}); each way labels the same images in a run of its own, after an untimed warm-up run.
 *
 * <p>Usage: {@code AffinityLabelsThreadsBench IMAGES_PER_BREED MIN_SIDE MAX_SIDE}, e.g. {@code 12 250 350}.
 */
public final class AffinityLabelsThreadsBench {
    private AffinityLabelsThreadsBench() {}

    public static void main(String[] args) throws Exception {
        int perBreed = Integer.parseInt(args[0]);
        int minSide = Integer.parseInt(args[1]);
        int maxSide = Integer.parseInt(args[2]);
        Path dir = Files.createTempDirectory("affinity-labels-threads-bench");
        Path data = dir.resolve("data");
        new SyntheticDataset(Storage.local()).write(data.toString(),
                new SynthSettings(2, perBreed, 5, minSide, maxSide, 0.0, false));
        System.out.printf(Locale.ROOT, "%d images of %d-%d px, %d cores%n", 2 * perBreed, minSide, maxSide,
                Runtime.getRuntime().availableProcessors());

        SparkSession oneCorePerTask = TestSpark.session();
        run(oneCorePerTask, dir, data, "warm-up", "0");
        double baseline = run(oneCorePerTask, dir, data, "two 1-thread tasks", "0");
        oneCorePerTask.stop();
        SparkSession twoCoresPerTask = SparkSession.builder().master("local[2]").appName("bench")
                .config("spark.task.cpus", "2").config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
        run(twoCoresPerTask, dir, data, "warm-up 2", "0");
        double idleCore = run(twoCoresPerTask, dir, data, "one task, crf.threads = 1", "1");
        double taskCores = run(twoCoresPerTask, dir, data, "one task, crf.threads = 0", "0");
        System.out.printf(Locale.ROOT, "two 1-thread tasks (baseline)          : %6.2f images/s%n", baseline);
        System.out.printf(Locale.ROOT, "one 1-thread task, task.cpus 2 (before): %6.2f images/s (%.2fx baseline)%n",
                idleCore, idleCore / baseline);
        System.out.printf(Locale.ROOT, "one 2-thread task, task.cpus 2 (after) : %6.2f images/s (%.2fx baseline,"
                + " %.2fx before)%n", taskCores, taskCores / baseline, taskCores / idleCore);
        twoCoresPerTask.stop();
    }

    private static double run(SparkSession spark, Path dir, Path data, String label, String crfThreads)
            throws Exception {
        Path runRoot = dir.resolve("run-" + label.replaceAll("[^a-z0-9]+", "-"));
        WsssSettings settings = TestSpark.settings(data.toString(), runRoot.toString(),
                Map.of("crf.threads", crfThreads));
        StageContext context = StageContext.create(spark, settings);
        new IndexStage().run(context);
        context.tables().replace(Tables.CAMS, spark.createDataFrame(FakeCams.fromTrimaps(context),
                Tables.CAMS.computedSchema()));
        long start = System.nanoTime();
        StageReport report = new AffinityLabelsStage().run(context);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "%-28s %d images in %.2f s%n", label, report.rows(), seconds);
        return report.rows() / seconds;
    }
}
