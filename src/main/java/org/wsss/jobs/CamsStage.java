package org.wsss.jobs;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.wsss.algo.image.CamCodec;
import org.wsss.algo.image.ImageEncoding;
import org.wsss.config.CamSettings;
import org.wsss.config.PresentClasses;
import org.wsss.io.MaskMethods;
import org.wsss.io.StageReport;
import org.wsss.io.Tables;
import org.wsss.jobs.cam.CamTransformer;
import org.wsss.spark.SparkSessions;

/**
 * Multi-scale CAMs for every indexed image (ALGORITHM.md section 2), through {@link CamTransformer}, plus the
 * CAM-only segmentation (constant background score) as masks of method {@code cam}. Resumes where it stopped.
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
                        context.settings().devices().gpuResource());
        JavaRDD<Outcome> outcomes = transformer.transform(pending).javaRDD().map(CamsStage::outcome);
        double threshold = settings.backgroundThreshold();
        ResumableOutput.Published published = SparkSessions.inJobGroup(context.spark(), NAME,
                "cams: multi-scale class activation maps",
                () -> output.publish(outcomes, Tables.MASKS, row -> camMask(row, threshold)));
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("encoding", "8-bit quantised planes per present class at image size, deflated");
        StageReport report = new StageReport(NAME, published.rows(), published.rejects(),
                StageInputs.secondsSince(started), StageReport.settingsOf(Map.of("cams", settings)), figures);
        report.write(context.storage(), context.layout());
        return report;
    }

    private static Outcome outcome(Row row) {
        String id = row.getAs("image_id");
        String error = row.getAs(CamTransformer.ERROR);
        if (error != null) {
            String reason = error.startsWith("undecodable image") ? "undecodable image" : "unusable classes";
            return Outcome.rejected(id, reason, error, NAME);
        }
        return Outcome.of(RowFactory.create(id, row.getAs(CamTransformer.WIDTH), row.getAs(CamTransformer.HEIGHT),
                row.getAs(CamTransformer.CLASSES), row.getAs("cams")));
    }

    /** The CAM-only segmentation: background scores a constant, every pixel takes the best-scoring class. */
    static Row camMask(Row camRow, double backgroundThreshold) {
        int width = camRow.getInt(1);
        int height = camRow.getInt(2);
        int[] classes = StageInputs.intArray(camRow, CLASSES_POSITION);
        int pixels = width * height;
        float[] cams = CamCodec.decode((byte[]) camRow.get(4), classes.length * pixels);
        byte[] mask = new byte[pixels];
        for (int p = 0; p < pixels; p++) {
            double best = backgroundThreshold;
            int label = 0;
            for (int k = 0; k < classes.length; k++) {
                if (cams[k * pixels + p] > best) {
                    best = cams[k * pixels + p];
                    label = classes[k];
                }
            }
            mask[p] = (byte) label;
        }
        return RowFactory.create(camRow.getString(0), MaskMethods.CAM, width, height, camRow.get(3),
                ImageEncoding.labelPng(mask, width, height));
    }

    /** Re-derives CAM masks an interrupted run wrote CAMs for but no mask (see ResumableOutput.publish). */
    private static void repairCamMasks(StageContext context, CamSettings settings) {
        if (!context.tables().exists(Tables.CAMS)) return;
        Dataset<Row> cams = context.tables().read(Tables.CAMS);
        Dataset<Row> missing = context.tables().exists(Tables.MASKS)
                ? cams.join(context.tables().read(Tables.MASKS).filter(col("method").equalTo(MaskMethods.CAM))
                        .select("image_id"), org.wsss.io.SparkValues.stringSeq("image_id"), "left_anti")
                : cams;
        double threshold = settings.backgroundThreshold();
        JavaRDD<Row> masks = missing.javaRDD().map(row -> camMask(row, threshold));
        if (!masks.isEmpty()) {
            context.tables().appendBatch(Tables.MASKS, context.spark().createDataFrame(masks, Tables.MASKS.schema()));
        }
    }
}
