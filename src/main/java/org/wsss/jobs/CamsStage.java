package org.wsss.jobs;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.Serial;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
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
import org.wsss.io.StageReport;
import org.wsss.io.Storage;
import org.wsss.io.Tables;
import org.wsss.jobs.cam.CamTransformer;
import org.wsss.spark.PartitionBatches;
import org.wsss.spark.SparkSessions;
import org.wsss.spark.TaskCores;

/**
 * Multi-scale CAMs for every indexed image (ALGORITHM.md section 2), through {@link CamTransformer}, plus the
 * CAM-only segmentation (constant background score) as masks of method {@code cam}, and with {@code cams.crf} its
 * CRF-refined form as {@code cam_crf}. Resumes where it stopped.
 */
public final class CamsStage implements Stage {
    public static final String NAME = "cams";
    public static final String PRESENT = "present_classes";
    /** Position of the classes in a CAMS row (see Tables.CAMS). */
    private static final int CLASSES_POSITION = 3;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public StageReport run(StageContext context) throws IOException {
        long started = System.nanoTime();
        CamSettings settings = context.settings().cams();
        ResumableOutput output = new ResumableOutput(context, Tables.CAMS, Tables.CAMS_REJECTS);
        repairCamMasks(context, settings);
        Dataset<Row> images = context.tables().read(Tables.INDEX).select(col("image_id"), col("image_uri"),
                array(col("class_id")).as(PRESENT));
        Dataset<Row> pending = output.pending(images)
                .repartition(StageInputs.partitions(settings.partitions(), context));
        CamTransformer transformer = new CamTransformer()
                .setCheckpointDir(context.layout().checkpoints(CamTrainingStage.CHECKPOINTS).toString())
                .setInputCol("image_uri")
                .setClassesCol(settings.labels() == PresentClasses.TRUTH ? PRESENT : "")
                .setOutputCol("cams")
                .setBatchSize(settings.batchSize())
                .setInference(settings.scales(), settings.flip(), settings.predictionThreshold(),
                        context.settings().devices().gpuResource())
                .setMemoryBudget(settings.memoryBudget(), CamSettings.MEMORY_BUDGET_KEY);
        JavaRDD<Outcome> outcomes = transformer.transform(pending).javaRDD().map(CamsStage::outcome);
        double threshold = settings.backgroundThreshold();
        ResumableOutput.Published published = SparkSessions.inJobGroup(context.spark(), NAME,
                "cams: multi-scale class activation maps",
                () -> output.publish(outcomes, Tables.MASKS, row -> camMask(row, threshold)));
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("encoding", "8-bit quantised planes per present class at image size, deflated");
        if (settings.crf()) {
            CrfMasks crfMasks = SparkSessions.inJobGroup(context.spark(), NAME, "cams: CAM+CRF masks",
                    () -> writeCrfMasks(context, settings));
            figures.put("cam_crf_masks", crfMasks.written());
            figures.put("cam_crf_unusable_images", crfMasks.skipped());
        }
        StageReport report = new StageReport(NAME, published.rows(), published.rejects(),
                StageInputs.secondsSince(started), StageReport.settingsOf(Map.of("cams", settings)), figures);
        report.write(context.storage(), context.layout());
        return report;
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
        ChannelStack cams = camStack(camRow);
        LabelMap mask = CamSegmentation.camOnly(cams, StageInputs.intArray(camRow, CLASSES_POSITION),
                backgroundThreshold);
        return maskRow(camRow, MaskMethods.CAM, mask);
    }

    private static ChannelStack camStack(Row camRow) {
        int width = camRow.getInt(1);
        int height = camRow.getInt(2);
        int classes = StageInputs.intArray(camRow, CLASSES_POSITION).length;
        return new ChannelStack(classes, height, width,
                CamCodec.decode((byte[]) camRow.get(4), classes * width * height));
    }

    private static Row maskRow(Row camRow, String method, LabelMap mask) {
        return RowFactory.create(camRow.getString(0), method, mask.width(), mask.height(), camRow.get(3),
                ImageEncoding.labelPng(mask.labels(), mask.width(), mask.height()));
    }

    /**
     * CAM+CRF masks for every CAM row that lacks one (so a stopped run, or one that turned {@code cams.crf} on
     * later, catches up). The photo is read again; an image that no longer decodes, or no longer matches its
     * CAMs, gets no mask and is counted.
     */
    private static CrfMasks writeCrfMasks(StageContext context, CamSettings settings) {
        Dataset<Row> withPhotos = camsLacking(context, MaskMethods.CAM_CRF)
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
            if (written > 0) {
                context.tables().appendBatch(Tables.MASKS, context.spark().createDataFrame(masks, Tables.MASKS.schema()));
            }
            return new CrfMasks(written, skipped);
        } finally {
            refined.unpersist(false);
        }
    }

    private record CrfMasks(long written, long skipped) {}

    /** One partition's CAM+CRF masks, one CRF per task; an unusable image yields an all-null row to be counted. */
    static final class RefineImages implements FlatMapFunction<Iterator<Row>, Row> {
        @Serial
        private static final long serialVersionUID = 1L;
        private static final Row UNUSABLE = RowFactory.create(null, null, null, null, null, null);
        private final Storage storage;
        private final double backgroundThreshold;
        private final CrfConfig crf;

        RefineImages(Storage storage, double backgroundThreshold, CrfConfig crf) {
            this.storage = storage;
            this.backgroundThreshold = backgroundThreshold;
            this.crf = crf;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            DenseCrf denseCrf = new DenseCrf(crf.crf(), TaskCores.threads(crf.threads()));
            return PartitionBatches.mapEach(rows, row -> refine(row, denseCrf));
        }

        private Row refine(Row camRow, DenseCrf denseCrf) {
            int[] classes = StageInputs.intArray(camRow, CLASSES_POSITION);
            PhotoAndCams inputs = PhotoAndCams.read(storage, camRow.getString(5), camRow.getInt(1), camRow.getInt(2),
                    classes.length, (byte[]) camRow.get(4));
            if (!inputs.usable()) return UNUSABLE;
            LabelMap mask = CamSegmentation.refined(inputs.photo().rgb(), inputs.cams(), classes, backgroundThreshold,
                    denseCrf);
            return maskRow(camRow, MaskMethods.CAM_CRF, mask);
        }
    }

    /** The CAM rows that have no mask of {@code method} yet. */
    private static Dataset<Row> camsLacking(StageContext context, String method) {
        Dataset<Row> cams = context.tables().read(Tables.CAMS);
        if (!context.tables().exists(Tables.MASKS)) return cams;
        return cams.join(context.tables().read(Tables.MASKS).filter(col("method").equalTo(method)).select("image_id"),
                org.wsss.io.SparkValues.stringSeq("image_id"), "left_anti");
    }

    /** Re-derives CAM masks an interrupted run wrote CAMs for but no mask (see ResumableOutput.publish). */
    private static void repairCamMasks(StageContext context, CamSettings settings) {
        if (!context.tables().exists(Tables.CAMS)) return;
        Dataset<Row> missing = camsLacking(context, MaskMethods.CAM);
        double threshold = settings.backgroundThreshold();
        JavaRDD<Row> masks = missing.javaRDD().map(row -> camMask(row, threshold));
        if (!masks.isEmpty()) {
            context.tables().appendBatch(Tables.MASKS, context.spark().createDataFrame(masks, Tables.MASKS.schema()));
        }
    }
}
