package org.wsss.jobs.cam;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.Serial;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.storage.StorageLevel;
import org.wsss.algo.cam.CamSegmentation;
import org.wsss.algo.crf.DenseCrf;
import org.wsss.algo.image.CamCodec;
import org.wsss.algo.image.ImageEncoding;
import org.wsss.algo.maps.ChannelStack;
import org.wsss.algo.maps.LabelMap;
import org.wsss.config.CamSettings;
import org.wsss.config.CrfConfig;
import org.wsss.config.PresentClasses;
import org.wsss.io.MaskMethods;
import org.wsss.io.Storage;
import org.wsss.io.Tables;
import org.wsss.jobs.index.IndexStage;
import org.wsss.jobs.stage.CrfPerImage;
import org.wsss.jobs.stage.Declaration;
import org.wsss.jobs.stage.Outcome;
import org.wsss.jobs.stage.PerImageStage;
import org.wsss.jobs.stage.PhotoAndCams;
import org.wsss.jobs.stage.ResumableOutput;
import org.wsss.jobs.stage.StageContext;
import org.wsss.jobs.stage.StageInputs;
import org.wsss.spark.SparkSessions;

/**
 * Multi-scale CAMs for every indexed image (ALGORITHM.md section 2), through {@link CamTransformer}, plus the
 * CAM-only segmentation (constant background score) as masks of method {@code cam}, and with {@code cams.crf} its
 * CRF-refined form as {@code cam_crf}. Resumes where it stopped.
 */
public final class CamsStage extends PerImageStage {
    public static final String NAME = "cams";
    public static final String PRESENT = "present_classes";

    public CamsStage() {
        super(NAME, "cams: multi-scale class activation maps");
    }

    /** The stage-1 checkpoint, the index, and the settings of the CAMs and masks (of the CRF, when it refines). */
    @Override
    public Declaration declare(StageContext context) throws IOException {
        CamSettings settings = context.settings().cams();
        Declaration declared = new Declaration()
                .upstream(context, IndexStage.NAME)
                .checkpoint(context, CamTrainingStage.NAME, context.layout().checkpoints(CamTrainingStage.CHECKPOINTS))
                .settings(NAME, settings, "batch-size", "partitions");
        if (settings.crf()) declared.settings("crf", context.settings().crf(), "threads");
        return declared;
    }

    @Override
    protected Output output(StageContext context) {
        return new Output(Tables.CAMS, Tables.CAMS_REJECTS, List.of());
    }

    @Override
    protected Dataset<Row> inputs(StageContext context) {
        return context.tables().read(Tables.INDEX).select(col("image_id"), col("image_uri"),
                array(col("class_id")).as(PRESENT));
    }

    @Override
    protected int partitions(StageContext context) {
        return context.settings().cams().partitions();
    }

    @Override
    protected void before(StageContext context, String madeBy) {
        repairCamMasks(context, context.settings().cams(), madeBy);
    }

    @Override
    protected Work work(StageContext context, Dataset<Row> pending) {
        CamSettings settings = context.settings().cams();
        CamTransformer transformer = new CamTransformer()
                .setCheckpointDir(context.layout().checkpoints(CamTrainingStage.CHECKPOINTS).toString())
                .setInputCol("image_uri")
                .setClassesCol(settings.labels() == PresentClasses.TRUTH ? PRESENT : "")
                .setOutputCol("cams")
                .setBatchSize(settings.batchSize())
                .setInference(settings.scales(), settings.flip(), settings.predictionThreshold(),
                        context.settings().devices().gpuResource())
                .setMemoryBudget(settings.memoryBudget(), CamSettings.MEMORY_BUDGET_KEY);
        return () -> transformer.transform(pending).javaRDD().map(CamsStage::outcome);
    }

    /** The CAMs, and from each the CAM-only mask; the CAM+CRF masks of the redone images go with them. */
    @Override
    protected ResumableOutput.Published publish(StageContext context, ResumableOutput output, JavaRDD<Outcome> outcomes) {
        double threshold = context.settings().cams().backgroundThreshold();
        return output.publish(outcomes, Tables.MASKS, List.of(MaskMethods.CAM, MaskMethods.CAM_CRF),
                row -> camMask(row, threshold));
    }

    @Override
    protected Map<String, Object> reportedSettings(StageContext context) {
        return Map.of("cams", context.settings().cams());
    }

    @Override
    protected Map<String, Object> figures(StageContext context, String madeBy) {
        CamSettings settings = context.settings().cams();
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("encoding", "8-bit quantised planes per present class at image size, deflated");
        if (settings.crf()) {
            CrfMasks crfMasks = SparkSessions.inJobGroup(context.spark(), NAME, "cams: CAM+CRF masks",
                    () -> writeCrfMasks(context, settings, madeBy));
            figures.put("cam_crf_masks", crfMasks.written());
            figures.put("cam_crf_unusable_images", crfMasks.skipped());
        }
        return figures;
    }

    private static Outcome outcome(Row row) {
        String id = row.getAs("image_id");
        String error = row.getAs(CamTransformer.ERROR);
        if (error != null) {
            String reason = error.startsWith("undecodable image") ? "undecodable image"
                    : error.startsWith(CamTransformer.OVER_BUDGET) ? CamTransformer.OVER_BUDGET : "unusable classes";
            return Outcome.rejected(id, reason, error, NAME);
        }
        return Outcome.of(RowFactory.create(id, row.getAs(CamTransformer.WIDTH), row.getAs(CamTransformer.HEIGHT),
                row.getAs(CamTransformer.CLASSES), row.getAs("cams")));
    }

    /** The CAM-only segmentation: background scores a constant, every pixel takes the best-scoring class. */
    static Row camMask(Row camRow, double backgroundThreshold) {
        Tables.CamRow cam = Tables.CamRow.fromRow(camRow);
        LabelMap mask = CamSegmentation.camOnly(camStack(cam), cam.classes(), backgroundThreshold);
        return maskRow(cam, MaskMethods.CAM, mask);
    }

    private static ChannelStack camStack(Tables.CamRow cam) {
        return new ChannelStack(cam.classes().length, cam.height(), cam.width(),
                CamCodec.decode(cam.cams(), cam.classes().length * cam.width() * cam.height()));
    }

    private static Row maskRow(Tables.CamRow cam, String method, LabelMap mask) {
        return new Tables.MaskRow(cam.imageId(), method, mask.width(), mask.height(), cam.classes(),
                ImageEncoding.labelPng(mask.labels(), mask.width(), mask.height())).toRow();
    }

    /**
     * CAM+CRF masks for every CAM row that lacks one (so a stopped run, or one that turned {@code cams.crf} on
     * later, catches up). The photo is read again; an image that no longer decodes, or no longer matches its
     * CAMs, gets no mask and is counted.
     */
    private static CrfMasks writeCrfMasks(StageContext context, CamSettings settings, String madeBy) {
        Dataset<Row> withPhotos = camsLacking(context, MaskMethods.CAM_CRF, madeBy)
                .join(context.tables().read(Tables.INDEX).select("image_id", "image_uri"),
                        org.wsss.io.SparkValues.stringSeq("image_id"))
                .select("image_id", "width", "height", "classes", "cams", "image_uri")
                .repartition(StageInputs.partitions(settings.partitions(), context));
        JavaRDD<Row> refined = withPhotos.javaRDD()
                .mapPartitions(new RefineImages(context.storage(), settings.backgroundThreshold(),
                        context.settings().crf()))
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            JavaRDD<Row> masks = refined.filter(row -> row.get(0) != null);
            long written = masks.count();
            long skipped = refined.count() - written;
            if (written > 0) publishMasks(context, masks, madeBy);
            return new CrfMasks(written, skipped);
        } finally {
            refined.unpersist(false);
        }
    }

    private record CrfMasks(long written, long skipped) {}

    /** One partition's CAM+CRF masks, one CRF per task; an unusable image yields an all-null row to be counted. */
    static final class RefineImages extends CrfPerImage<Row> {
        @Serial
        private static final long serialVersionUID = 1L;
        private static final Row UNUSABLE = RowFactory.create(null, null, null, null, null, null);
        private final double backgroundThreshold;

        RefineImages(Storage storage, double backgroundThreshold, CrfConfig crf) {
            super(storage, crf);
            this.backgroundThreshold = backgroundThreshold;
        }

        @Override
        protected Row apply(Row camRow, DenseCrf denseCrf) {
            Tables.CamRow cam = Tables.CamRow.fromRow(camRow);
            int[] classes = cam.classes();
            PhotoAndCams inputs = PhotoAndCams.read(storage, camRow.getAs("image_uri"), cam.width(), cam.height(),
                    classes.length, cam.cams());
            if (!inputs.usable()) return UNUSABLE;
            LabelMap mask = CamSegmentation.refined(inputs.photo().rgb(), inputs.cams(), classes, backgroundThreshold,
                    denseCrf);
            return maskRow(cam, MaskMethods.CAM_CRF, mask);
        }
    }

    /** The current CAM rows that have no current mask of {@code method} yet. */
    private static Dataset<Row> camsLacking(StageContext context, String method, String madeBy) {
        Dataset<Row> cams = context.tables().read(Tables.CAMS).filter(col(Tables.MADE_BY).equalTo(madeBy));
        if (!context.tables().exists(Tables.MASKS)) return cams;
        return cams.join(context.tables().read(Tables.MASKS)
                        .filter(col("method").equalTo(method).and(col(Tables.MADE_BY).equalTo(madeBy)))
                        .select("image_id"),
                org.wsss.io.SparkValues.stringSeq("image_id"), "left_anti");
    }

    /** Re-derives CAM masks an interrupted run wrote CAMs for but no mask (see ResumableOutput.publish). */
    private static void repairCamMasks(StageContext context, CamSettings settings, String madeBy) {
        if (!context.tables().exists(Tables.CAMS)) return;
        Dataset<Row> missing = camsLacking(context, MaskMethods.CAM, madeBy);
        double threshold = settings.backgroundThreshold();
        JavaRDD<Row> masks = missing.javaRDD().map(row -> camMask(row, threshold));
        if (!masks.isEmpty()) publishMasks(context, masks, madeBy);
    }

    /** Publishes masks (of one method) made by {@code madeBy}, retiring older masks of their images and method. */
    private static void publishMasks(StageContext context, JavaRDD<Row> masks, String madeBy) {
        Dataset<Row> stamped = context.spark().createDataFrame(masks.map(ResumableOutput.stamp(madeBy)),
                Tables.MASKS.schema());
        context.tables().publish(Tables.MASKS, stamped, stamped.select("image_id", "method"));
    }
}
