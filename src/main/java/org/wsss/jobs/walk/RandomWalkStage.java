package org.wsss.jobs.walk;

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
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.wsss.algo.crf.DenseCrf;
import org.wsss.algo.walk.RandomWalk;
import org.wsss.config.CrfConfig;
import org.wsss.config.RandomWalkConfig;
import org.wsss.io.CheckpointStore;
import org.wsss.io.MaskMethods;
import org.wsss.io.Storage;
import org.wsss.io.Tables;
import org.wsss.jobs.affinity.AffinityCheckpoint;
import org.wsss.jobs.affinity.AffinityTrainingStage;
import org.wsss.jobs.cam.CamsStage;
import org.wsss.jobs.index.IndexStage;
import org.wsss.jobs.stage.Declaration;
import org.wsss.jobs.stage.ExecutorModel;
import org.wsss.jobs.stage.Outcome;
import org.wsss.jobs.stage.PerImageStage;
import org.wsss.jobs.stage.PhotoAndCams;
import org.wsss.jobs.stage.StageContext;
import org.wsss.jobs.tune.TuneStage;
import org.wsss.jobs.tune.TunedInference;
import org.wsss.model.affinity.AffinityModel;
import org.wsss.model.walk.RandomWalks;
import org.wsss.model.walk.WalkSegmenter;
import org.wsss.spark.PartitionBatches;
import org.wsss.spark.TaskCores;

/**
 * Random-walk inference (ALGORITHM.md section 5): each image's CAMs are spread along the affinities of the latest
 * trained AffinityNet into masks of method {@code rw}, and with {@code random-walk.crf} also refined by a dense CRF
 * into {@code rw_crf}. The masks table is shared with the CAM stage, so an image is pending while any of this
 * stage's methods lacks its row, and only the missing rows are written.
 */
public final class RandomWalkStage extends PerImageStage {
    public static final String NAME = "random-walk";
    public static final String UNDECODABLE_IMAGE = PhotoAndCams.UNDECODABLE_IMAGE;
    public static final String SIZE_MISMATCH = PhotoAndCams.SIZE_MISMATCH;
    public static final String CORRUPT_CAMS = PhotoAndCams.CORRUPT_CAMS;
    public static final String TOO_LARGE_FOR_THE_WALK = "too large for the dense walk";

    /** The checkpoint store is only read here; keeping is the trainer's business. */
    private static final int KEEP_ANY = 1;

    /** The checkpoint this run walks with, for its report. */
    private AffinityCheckpoint walkedWith;
    /** The walk's settings this run uses (configured or tuned), resolved once per run. */
    private TunedInference.Resolved<RandomWalkConfig> resolved;

    public RandomWalkStage() {
        super(NAME, "random walk: CAMs spread along AffinityNet affinities");
    }

    /**
     * The CAMs, the photos, the AffinityNet checkpoint, and the walk's settings (the CRF's, when it refines); with
     * tuned settings also the tune stage's output, so a new tuning makes the walk stale.
     */
    @Override
    public Declaration declare(StageContext context) throws IOException {
        TunedInference.Resolved<RandomWalkConfig> walk = TunedInference.randomWalk(context);
        RandomWalkConfig settings = walk.settings();
        RandomWalkConfig.CrfWalk crfWalk = settings.crfWalk();
        Declaration declared = new Declaration()
                .upstream(context, IndexStage.NAME, CamsStage.NAME)
                .checkpoint(context, AffinityTrainingStage.NAME,
                        context.layout().checkpoints(AffinityTrainingStage.CHECKPOINTS))
                // The CRF's own walk is declared apart: flattened, its keys would shadow the walk's.
                .settings(NAME, settings.withoutCrfWalk(), "threads", "partitions", "settings", "crf-walk")
                .value(NAME + ".crf-walk", crfWalk == null ? "the walk's" : crfWalk.backgroundPower() + ", "
                        + crfWalk.walk().beta() + ", " + crfWalk.walk().logt());
        if (!walk.source().equals(TunedInference.CONFIGURED)) declared.upstream(context, TuneStage.NAME);
        if (settings.crf()) declared.settings("crf", context.settings().crf(), "threads");
        return declared;
    }

    @Override
    protected Output output(StageContext context) {
        return new Output(Tables.MASKS, Tables.RANDOM_WALK_REJECTS, methods(context.settings().randomWalk()));
    }


    @Override
    protected Dataset<Row> inputs(StageContext context) {
        return camsWithPhotos(context);
    }

    @Override
    protected int partitions(StageContext context) {
        return context.settings().randomWalk().partitions();
    }

    /** The model first: without one there is nothing to walk with, whatever the tables hold. */
    @Override
    protected void before(StageContext context, String madeBy) throws IOException {
        resolved = TunedInference.randomWalk(context);
        walkedWith = AffinityCheckpoint.latest(new CheckpointStore(context.storage(),
                context.layout().checkpoints(AffinityTrainingStage.CHECKPOINTS), KEEP_ANY));
    }

    @Override
    protected Work work(StageContext context, Dataset<Row> pending) {
        RandomWalkConfig settings = resolved.settings();
        ExecutorModel<AffinityModel> model = ExecutorModel.broadcast(context.spark(), walkedWith,
                context.settings().devices().gpuResource());
        WalkImages walk = new WalkImages(context.storage(), model, settings, context.settings().crf(),
                methods(settings));
        return new Work() {
            @Override
            public JavaRDD<Outcome> outcomes() {
                return pending.javaRDD().mapPartitions(walk);
            }

            @Override
            public void close() {
                model.destroy();
            }
        };
    }

    @Override
    protected Map<String, Object> reportedSettings(StageContext context) {
        Map<String, Object> named = new LinkedHashMap<>();
        named.put("random_walk", resolved.settings());
        if (context.settings().randomWalk().crf()) named.put("crf", context.settings().crf());
        return named;
    }

    @Override
    protected Map<String, Object> figures(StageContext context, String madeBy) {
        AffinityCheckpoint checkpoint = walkedWith;
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("methods", methods(context.settings().randomWalk()));
        figures.put(TunedInference.SOURCE, resolved.source());
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
        private final ExecutorModel<AffinityModel> executorModel;
        private final RandomWalkConfig settings;
        private final CrfConfig crf;
        private final List<String> methods;

        WalkImages(Storage storage, ExecutorModel<AffinityModel> executorModel, RandomWalkConfig settings,
                   CrfConfig crf, List<String> methods) {
            this.storage = storage;
            this.executorModel = executorModel;
            this.settings = settings;
            this.crf = crf;
            this.methods = List.copyOf(methods);
        }

        @Override
        public Iterator<Outcome> call(Iterator<Row> rows) {
            if (!rows.hasNext()) {
                return Collections.emptyIterator(); // no model to load for an empty partition
            }
            Device device = executorModel.taskDevice();
            AffinityModel model = executorModel.on(device);
            NDManager taskMemory = PartitionBatches.closeOnTaskCompletion(model.model().getNDManager().newSubManager());
            int threads = TaskCores.threads(settings.threads());
            RandomWalk walk = RandomWalks.create(settings.walk(), threads, device);
            RandomWalkConfig.CrfWalk refined = settings.crfWalk();
            WalkSegmenter segmenter = new WalkSegmenter(model.network(), taskMemory, walk, settings.backgroundPower(),
                    settings.crf() ? new DenseCrf(crf.crf(), TaskCores.threads(crf.threads())) : null,
                    refined == null ? walk : RandomWalks.create(refined.walk(), threads, device),
                    refined == null ? settings.backgroundPower() : refined.backgroundPower());
            RandomWalkImage image = new RandomWalkImage(storage, segmenter, methods);
            return PartitionBatches.flatMapEach(rows, row -> image.process(RandomWalkImage.Input.of(row)));
        }
    }
}
