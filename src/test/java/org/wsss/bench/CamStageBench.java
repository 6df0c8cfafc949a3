package org.wsss.bench;

import ai.djl.Device;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.wsss.algo.augment.FloatImage;
import org.wsss.algo.augment.ImageNetNormalization;
import org.wsss.algo.image.CamCodec;
import org.wsss.algo.image.ImageDecoding;
import org.wsss.algo.image.RgbImage;
import org.wsss.config.ConfigLoader;
import org.wsss.config.SynthSettings;
import org.wsss.config.WsssSettings;
import org.wsss.data.SyntheticDataset;
import org.wsss.io.CheckpointStore;
import org.wsss.io.Storage;
import org.wsss.io.Tables;
import org.wsss.jobs.cam.CamCheckpoint;
import org.wsss.jobs.cam.CamTrainingStage;
import org.wsss.jobs.cam.CamsStage;
import org.wsss.jobs.index.IndexStage;
import org.wsss.jobs.stage.StageContext;
import org.wsss.jobs.train.DataParallelTraining;
import org.wsss.model.backbone.BackboneKind;
import org.wsss.model.cam.CamModel;
import org.wsss.model.cam.CamModelSpec;
import org.wsss.model.cam.MultiScaleCam;
import org.wsss.model.cam.MultiScaleCamSettings;
import org.wsss.model.train.ParameterSnapshot;
import org.wsss.model.train.SnapshotFiles;
import org.wsss.spark.ExecutorModelCache;
import org.wsss.spark.SparkSessions;

/**
 * CAM stage throughput against a bare single-thread DJL loop over the same images and model, and local[2] over
 * local[1]. Arguments: backbone (small|resnet50), images per breed, image side. Run with
 * {@code mvn -B -Pbench -DskipTests verify -Dbench.main=org.wsss.bench.CamStageBench -Dbench=small -Dbench.args="40 128"}.
 */
public final class CamStageBench {
    private static final int WARM_UP_IMAGES = 10;

    public static void main(String[] args) throws Exception {
        System.setProperty("ai.djl.pytorch.num_threads", "1");
        BackboneKind kind = BackboneKind.fromName(args.length > 0 ? args[0] : "small");
        int perBreed = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        int side = args.length > 2 ? Integer.parseInt(args[2]) : 128;
        Path dir = Files.createTempDirectory("cam-bench");
        Path data = dir.resolve("data");
        new SyntheticDataset(Storage.local()).write(data.toString(),
                new SynthSettings(3, perBreed, 5, side, side, 0.3, false));

        double bare = bareLoop(kind, data, dir);
        double one = stage(kind, data, dir, 1);
        double two = stage(kind, data, dir, 2);
        System.out.printf(Locale.ROOT, "backbone %s, %d images of %dx%d, scales 1/0.5/1.5/2 with flips%n",
                kind.name().toLowerCase(Locale.ROOT), 3 * perBreed, side, side);
        System.out.printf(Locale.ROOT, "bare single-thread DJL loop : %7.2f images/s%n", bare);
        System.out.printf(Locale.ROOT, "CAM stage local[1]          : %7.2f images/s (%.0f%% of the bare loop)%n",
                one, 100 * one / bare);
        System.out.printf(Locale.ROOT, "CAM stage local[2]          : %7.2f images/s (%.2fx local[1], %.0f%% of 2 bare loops)%n",
                two, two / one, 100 * two / (2 * bare));
        System.out.printf(Locale.ROOT, "peak resident memory of this JVM: %d MB%n", PeakMemory.residentMegabytes());
    }

    /** The model the stage would load: a checkpoint of an untrained net (speed does not depend on training). */
    static CamCheckpoint checkpoint(BackboneKind kind, StageContext context) throws Exception {
        CamModelSpec spec = new CamModelSpec(kind, 3, 0.5f, 1L);
        CheckpointStore store = new CheckpointStore(context.storage(),
                context.layout().checkpoints(CamTrainingStage.CHECKPOINTS), 1);
        try (CamModel model = CamModel.create(spec, Device.cpu())) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            SnapshotFiles.write(ParameterSnapshot.capture(model.model().getBlock()), bytes);
            store.save(1, Map.copyOf(CamCheckpoint.describe(spec)),
                    Map.of(DataParallelTraining.PARAMETERS_FILE, bytes.toByteArray()));
        }
        return CamCheckpoint.latest(store);
    }

    private static double bareLoop(BackboneKind kind, Path data, Path dir) throws Exception {
        StageContext context = context(data, dir.resolve("bare"), "local[1]");
        new IndexStage().run(context);
        List<Row> index = context.tables().read(Tables.INDEX).collectAsList();
        CamCheckpoint trained = checkpoint(kind, context);
        context.spark().stop();
        try (CamModel model = trained.load(Device.cpu())) {
            MultiScaleCam cams = model.multiScaleCam(MultiScaleCamSettings.psa());
            // Warm-up (JIT, libtorch's first-call set-up), as the stage's first partition also pays it.
            index.subList(0, Math.min(WARM_UP_IMAGES, index.size())).forEach(row -> camOf(cams, row));
            long start = System.nanoTime();
            index.forEach(row -> camOf(cams, row));
            return index.size() / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static void camOf(MultiScaleCam cams, Row row) {
        try {
            RgbImage rgb = ImageDecoding.decodeRgb(Files.readAllBytes(Path.of(java.net.URI.create(row.getString(5)))));
            FloatImage input = ImageNetNormalization.normalize(
                    FloatImage.fromInterleavedRgb(rgb.width(), rgb.height(), rgb.rgb()));
            CamCodec.encode(cams.compute(input, new int[] {row.getInt(2) - 1}).scores());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static double stage(BackboneKind kind, Path data, Path dir, int cores) throws Exception {
        StageContext context = context(data, dir.resolve("local" + cores), "local[" + cores + "]");
        try {
            new IndexStage().run(context);
            checkpoint(kind, context);
            ExecutorModelCache.clear();
            long start = System.nanoTime();
            long rows = new CamsStage().run(context).rows();
            return rows / ((System.nanoTime() - start) / 1e9);
        } finally {
            context.spark().stop();
        }
    }

    private static StageContext context(Path data, Path run, String master) {
        WsssSettings settings = ConfigLoader.load(List.of(), Map.of("spark.master", master,
                "spark.bind-loopback", "true", "cams.partitions", master.equals("local[1]") ? "1" : "4"))
                .withDataRoot(data.toString()).withRunRoot(run.toString());
        SparkSession spark = SparkSessions.create(settings.spark());
        return StageContext.create(spark, settings);
    }
}
