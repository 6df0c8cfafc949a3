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
import org.wsss.io.Storage;
import org.wsss.io.Tables;
import org.wsss.jobs.affinity.AffinityCheckpoint;
import org.wsss.model.affinity.AffinityModel;
import org.wsss.model.walk.RandomWalks;
import org.wsss.model.walk.WalkSegmenter;
import org.wsss.spark.ExecutorModelCache;
import org.wsss.spark.PartitionBatches;
import org.wsss.spark.TaskDevices;

/**
 * Random-walk inference (ALGORITHM.md section 5): each image's CAMs are spread along the affinities of the latest
 * trained AffinityNet into masks of method {@code rw}, and with {@code random-walk.crf} also refined by a dense CRF
 * into {@code rw_crf}. The masks table is shared with the CAM stage, so an image is pending while any of this
 * stage's methods lacks its row, and only the missing rows are written.
 */
public final class RandomWalkStage extends PerImageStage {
    public static final String NAME = "random-walk";
    /** Folder under {@code RUN_ROOT/checkpoints} that {@code train-affinity} writes. */
    public static final String CHECKPOINTS = "affinity";
    public static final String UNDECODABLE_IMAGE = PhotoAndCams.UNDECODABLE_IMAGE;
    public static final String SIZE_MISMATCH = PhotoAndCams.SIZE_MISMATCH;
    public static final String CORRUPT_CAMS = PhotoAndCams.CORRUPT_CAMS;
    public static final String TOO_LARGE_FOR_THE_WALK = "too large for the dense walk";

    /** The checkpoint store is only read here; keeping is the trainer's business. */
    private static final int KEEP_ANY = 1;

    /** The checkpoint this run walks with, for its report. */
    private AffinityCheckpoint walkedWith;

    public RandomWalkStage() {
        super(NAME, "random walk: CAMs spread along AffinityNet affinities");
    }

    /** The CAMs, the photos, the AffinityNet checkpoint, and the walk's settings (the CRF's, when it refines). */
    @Override
    public Declaration declare(StageContext context) throws IOException {
        RandomWalkConfig settings = context.settings().randomWalk();
        Declaration declared = new Declaration()
                .upstream(context, IndexStage.NAME, CamsStage.NAME)
                .checkpoint(context, AffinityTrainingStage.NAME, context.layout().checkpoints(CHECKPOINTS))
                .settings(NAME, settings, "threads", "partitions");
        if (settings.crf()) declared.settings("crf", context.settings().crf(), "threads");
        return declared;
    }

    @Override
    Output output(StageContext context) {
        return new Output(Tables.MASKS, Tables.RANDOM_WALK_REJECTS, methods(context.settings().randomWalk()));
    }

    @Override
    Dataset<Row> inputs(StageContext context) {
        return camsWithPhotos(context);
    }

    @Override
    int partitions(StageContext context) {
        return context.settings().randomWalk().partitions();
    }

    /** The model first: without one there is nothing to walk with, whatever the tables hold. */
    @Override
    void before(StageContext context, String madeBy) throws IOException {
        walkedWith = AffinityCheckpoint.latest(new CheckpointStore(context.storage(),
                context.layout().checkpoints(CHECKPOINTS), KEEP_ANY));
    }

    @Override
    Work work(StageContext context, Dataset<Row> pending) {
        RandomWalkConfig settings = context.settings().randomWalk();
        AffinityCheckpoint checkpoint = walkedWith;
        // Parameters go to each executor once, not with every task's closure.
        Broadcast<AffinityCheckpoint> shipped = JavaSparkContext.fromSparkContext(context.spark().sparkContext())
                .broadcast(checkpoint);
        WalkImages walk = new WalkImages(context.storage(), shipped, checkpoint.location(), settings,
                context.settings().crf(), methods(settings), context.settings().devices().gpuResource());
        return new Work() {
            @Override
            public JavaRDD<Outcome> outcomes() {
                return pending.javaRDD().mapPartitions(walk);
            }

            @Override
            public void close() {
                shipped.destroy();
            }
        };
    }

    @Override
    Map<String, Object> reportedSettings(StageContext context) {
        Map<String, Object> named = new LinkedHashMap<>();
        named.put("random_walk", context.settings().randomWalk());
        if (context.settings().randomWalk().crf()) named.put("crf", context.settings().crf());
        return named;
    }

    @Override
    Map<String, Object> figures(StageContext context, String madeBy) {
        AffinityCheckpoint checkpoint = walkedWith;
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("methods", methods(context.settings().randomWalk()));
        figures.put("checkpoint", checkpoint.location());
        figures.put("backbone", checkpoint.backbone().name());
        return figures;
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
                    RandomWalks.create(settings.walk(), settings.threads(), device), settings.backgroundPower(),
                    settings.crf() ? new DenseCrf(crf.crf(), crf.threads()) : null);
            RandomWalkImage image = new RandomWalkImage(storage, segmenter, methods);
            return PartitionBatches.flatMapEach(rows, row -> image.process(RandomWalkImage.Input.of(row)));
        }
    }
}
