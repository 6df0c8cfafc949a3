package org.wsss.jobs;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.Serial;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.wsss.algo.crf.DenseCrf;
import org.wsss.config.CrfConfig;
import org.wsss.config.RandomWalkConfig;
import org.wsss.io.CheckpointStore;
import org.wsss.io.MaskMethods;
import org.wsss.io.StageReport;
import org.wsss.io.Storage;
import org.wsss.io.Tables;
import org.wsss.jobs.affinity.AffinityCheckpoint;
import org.wsss.model.affinity.AffinityModel;
import org.wsss.model.walk.RandomWalks;
import org.wsss.model.walk.WalkSegmenter;
import org.wsss.spark.ExecutorModelCache;
import org.wsss.spark.PartitionBatches;
import org.wsss.spark.SparkSessions;
import org.wsss.spark.TaskCores;
import org.wsss.spark.TaskDevices;

/**
 * Random-walk inference (ALGORITHM.md section 5): each image's CAMs are spread along the affinities of the latest
 * trained AffinityNet into masks of method {@code rw}, and with {@code random-walk.crf} also refined by a dense CRF
 * into {@code rw_crf}. The masks table is shared with the CAM stage, so an image is pending while any of this
 * stage's methods lacks its row, and only the missing rows are written.
 */
public final class RandomWalkStage implements Stage {
    public static final String NAME = "random-walk";
    /** Folder under {@code RUN_ROOT/checkpoints} that {@code train-affinity} writes. */
    public static final String CHECKPOINTS = "affinity";
    public static final String UNDECODABLE_IMAGE = PhotoAndCams.UNDECODABLE_IMAGE;
    public static final String SIZE_MISMATCH = PhotoAndCams.SIZE_MISMATCH;
    public static final String CORRUPT_CAMS = PhotoAndCams.CORRUPT_CAMS;
    public static final String TOO_LARGE_FOR_THE_WALK = "too large for the dense walk";

    /** The checkpoint store is only read here; keeping is the trainer's business. */
    private static final int KEEP_ANY = 1;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public StageReport run(StageContext context) throws IOException {
        long started = System.nanoTime();
        RandomWalkConfig settings = context.settings().randomWalk();
        CrfConfig crf = context.settings().crf();
        List<String> methods = methods(settings);
        AffinityCheckpoint checkpoint = AffinityCheckpoint.latest(new CheckpointStore(context.storage(),
                context.layout().checkpoints(CHECKPOINTS), KEEP_ANY));
        ResumableOutput output = new ResumableOutput(context, Tables.MASKS, Tables.RANDOM_WALK_REJECTS);
        Dataset<Row> cams = context.tables().read(Tables.CAMS);
        Dataset<Row> images = context.tables().read(Tables.INDEX).select("image_id", "image_uri");
        Dataset<Row> inputs = output.pendingMethods(cams.join(images, "image_id"), "method", methods);

        // Parameters go to each executor once, not with every task's closure.
        Broadcast<AffinityCheckpoint> shipped = JavaSparkContext.fromSparkContext(context.spark().sparkContext())
                .broadcast(checkpoint);
        ResumableOutput.Published published;
        try {
            JavaRDD<Outcome> outcomes = inputs
                    .repartition(StageInputs.partitions(settings.partitions(), context))
                    .javaRDD()
                    .mapPartitions(new WalkImages(context.storage(), shipped, checkpoint.location(), settings, crf,
                            methods, context.settings().devices().gpuResource()));
            published = SparkSessions.inJobGroup(context.spark(), NAME,
                    "random walk: CAMs spread along AffinityNet affinities", () -> output.publish(outcomes));
        } finally {
            shipped.destroy();
        }
        Map<String, Object> named = new LinkedHashMap<>();
        named.put("random_walk", settings);
        if (settings.crf()) named.put("crf", crf);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("methods", methods);
        figures.put("checkpoint", checkpoint.location());
        figures.put("backbone", checkpoint.backbone().name());
        StageReport report = new StageReport(NAME, published.rows(), published.rejects(),
                StageInputs.secondsSince(started), StageReport.settingsOf(named), figures);
        report.write(context.storage(), context.layout());
        return report;
    }

    static List<String> methods(RandomWalkConfig settings) {
        return settings.crf() ? List.of(MaskMethods.RW, MaskMethods.RW_CRF) : List.of(MaskMethods.RW);
    }

    /** Walks the images of one partition on the task's device; runs on executors. */
    static final class WalkImages implements FlatMapFunction<Iterator<Row>, Outcome> {
        @Serial
        private static final long serialVersionUID = 1L;
        private final Storage storage;
        private final Broadcast<AffinityCheckpoint> checkpoint;
        private final String checkpointLocation;
        private final RandomWalkConfig settings;
        private final CrfConfig crf;
        private final List<String> methods;
        private final String gpuResource;

        WalkImages(Storage storage, Broadcast<AffinityCheckpoint> checkpoint, String checkpointLocation,
                   RandomWalkConfig settings, CrfConfig crf, List<String> methods, String gpuResource) {
            this.storage = storage;
            this.checkpoint = checkpoint;
            this.checkpointLocation = checkpointLocation;
            this.settings = settings;
            this.crf = crf;
            this.methods = List.copyOf(methods);
            this.gpuResource = gpuResource;
        }

        @Override
        public Iterator<Outcome> call(Iterator<Row> rows) {
            if (!rows.hasNext()) {
                return Collections.emptyIterator(); // no model to load for an empty partition
            }
            Device device = TaskDevices.forCurrentTask(gpuResource).device();
            AffinityModel model = ExecutorModelCache.get(checkpointLocation, device.toString(),
                    () -> checkpoint.value().load(device));
            NDManager taskMemory = PartitionBatches.closeOnTaskCompletion(model.model().getNDManager().newSubManager());
            WalkSegmenter segmenter = new WalkSegmenter(model.network(), taskMemory,
                    RandomWalks.create(settings.walk(), TaskCores.threads(settings.threads()), device), settings.backgroundPower(),
                    settings.crf() ? new DenseCrf(crf.crf(), TaskCores.threads(crf.threads())) : null);
            RandomWalkImage image = new RandomWalkImage(storage, segmenter, methods);
            return PartitionBatches.flatMapEach(rows, row -> image.process(RandomWalkImage.Input.of(row)));
        }
    }
}
