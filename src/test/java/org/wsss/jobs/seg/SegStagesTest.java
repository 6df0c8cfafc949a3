package org.wsss.jobs.seg;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsss.config.SynthSettings;
import org.wsss.io.CheckpointStore;
import org.wsss.io.EvaluationMetrics;
import org.wsss.io.MaskMethods;
import org.wsss.io.StageReport;
import org.wsss.io.Tables;
import org.wsss.jobs.evaluate.EvaluateStage;
import org.wsss.jobs.stage.StageContext;
import org.wsss.jobs.train.DataParallelTraining;
import org.wsss.testing.PseudoMaskFixture;

/**
 * Stage 3 on local[2] with the small backbone, trained from scratch on pseudo-masks made from the trimaps
 * ({@link PseudoMaskFixture}): 2 breeds x 8 images of 64-96 px, 12 for training; 64-px crops, batches of 4, three
 * steps per round on two tasks (4 rounds). Then the segment stage writes {@code seg} (and with the CRF {@code seg_crf})
 * masks for all 16 images.
 */
class SegStagesTest {
    private static final int TRAINING_IMAGES = 12;
    private static final int ALL_IMAGES = 16;
    private static final int ROUNDS = 4;
    private static final int KEEP = 2;

    @TempDir
    static Path dir;
    static PseudoMaskFixture fixture;
    static StageContext trained;
    static StageReport report;

    @BeforeAll
    static void train() throws Exception {
        fixture = PseudoMaskFixture.prepare(dir, new SynthSettings(2, 8, 5, 64, 96, 0.25, false));
        trained = fixture.newRun(dir.resolve("trained"), settings(Map.of()));
        report = new SegTrainingStage(false).run(trained);
    }

    static Map<String, String> settings(Map<String, String> more) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("train-seg.backbone", "small");
        settings.put("train-seg.init", "scratch");
        settings.put("train-seg.crop", "64");
        settings.put("train-seg.batch-size", "4");
        settings.put("train-seg.epochs", "8");
        settings.put("train-seg.steps-per-round", "3");
        settings.put("train-seg.tasks", "2");
        settings.put("train-seg.learning-rate", "0.01");
        settings.put("train-seg.evaluation-samples", "2");
        // reference.conf's rule (the demo preset learns every pixel): the stage joins the second opinion's masks.
        settings.put("train-seg.uncertain", "disagreement");
        settings.put("train-seg.keep-checkpoints", String.valueOf(KEEP));
        settings.put("train-seg.binary", "true");
        settings.putAll(more);
        return settings;
    }

    @Test
    void trainsOnTheTrainingSplitAndTheLossFalls() throws IOException {
        assertEquals(TRAINING_IMAGES, report.rows());
        assertEquals(true, report.figures().get("finished"));
        assertEquals(ROUNDS, report.figures().get("rounds"));
        assertEquals(2, report.figures().get("classes"));
        double first = (double) report.figures().get("first_loss");
        double last = (double) report.figures().get("final_loss");
        System.out.println("train-seg loss " + first + " -> " + last + ", pixel accuracy "
                + report.figures().get("pixel_accuracy"));
        assertTrue(last < 0.8 * first, "loss " + first + " -> " + last);
        CheckpointStore.Checkpoint latest = checkpoints(trained).latest().orElseThrow();
        assertEquals("SMALL", latest.state().get("backbone"));
        assertEquals(2, ((Number) latest.state().get("num_classes")).intValue());
        assertTrue(StageReport.isComplete(trained.storage(), trained.layout(), SegTrainingStage.NAME));
    }

    @Test
    void stoppingAndResumingEqualsAnUninterruptedRun() throws IOException {
        StageContext interrupted = fixture.newRun(dir.resolve("interrupted"),
                settings(Map.of("train-seg.stop-after-round", "2")));
        StageReport stopped = new SegTrainingStage(false).run(interrupted);
        assertEquals(false, stopped.figures().get("finished"));
        assertFalse(StageReport.isComplete(interrupted.storage(), interrupted.layout(), SegTrainingStage.NAME));

        StageContext resumedRun = fixture.existingRun(dir.resolve("interrupted"), settings(Map.of()));
        StageReport resumed = new SegTrainingStage(true).run(resumedRun);
        assertEquals(true, resumed.figures().get("finished"));
        assertArrayEquals(finalParameters(trained), finalParameters(resumedRun),
                "parameters and momentum after a stop and resume equal the uninterrupted run's, bit for bit");
    }

    @Test
    void segmentWritesSegAndSegCrfMasksForEveryImageAndEvaluateScoresThem() throws Exception {
        StageContext context = fixture.newRun(dir.resolve("segmented"), settings(Map.of("segment.crf", "true")));
        copyCheckpoints(trained, context);
        // One image made undecodable: a reject, not a failure.
        Row victim = context.tables().read(Tables.INDEX).orderBy("image_id").first();
        Files.write(Path.of(java.net.URI.create(org.wsss.io.Storage.qualify(victim.getString(5)))),
                new byte[] {1, 2, 3});

        StageReport segmented = new SegmentStage().run(context);
        assertEquals(2 * (ALL_IMAGES - 1), segmented.rows(), "seg and seg_crf per decodable image");
        assertEquals(Map.of(SegmentImage.UNDECODABLE_IMAGE, 1L), segmented.rejects());
        for (String method : List.of(MaskMethods.SEG, MaskMethods.SEG_CRF)) {
            assertEquals(ALL_IMAGES - 1, context.tables().read(Tables.MASKS).filter(col("method").equalTo(method))
                    .count(), method);
        }
        long testImages = context.tables().read(Tables.INDEX).filter(col("split").equalTo("test")).count();
        assertTrue(testImages >= 2);

        StageReport again = new SegmentStage().run(context);
        assertEquals(0, again.rows(), "a re-run skips segmented and rejected images");
        assertEquals(Map.of(), again.rejects());

        new EvaluateStage().run(context);
        String metrics = context.storage().readText(context.layout().evaluationMetrics());
        assertTrue(metrics.contains("\"" + MaskMethods.SEG + "\""), metrics);
        assertTrue(metrics.contains("\"" + MaskMethods.SEG_CRF + "\""), metrics);
        assertEquals(SegmentStage.NAME, EvaluationMetrics.fromJson(metrics).lineage().get(MaskMethods.SEG_CRF).stage(),
                "the refined masks come from the segment stage too");
    }

    @Test
    void withoutTheCrfSegmentWritesSegOnly() throws Exception {
        StageContext context = fixture.newRun(dir.resolve("plain"), settings(Map.of("segment.crf", "false")));
        copyCheckpoints(trained, context);
        StageReport segmented = new SegmentStage().run(context);
        // The photos are shared with the other runs, one of which breaks an image.
        assertEquals(ALL_IMAGES, segmented.rows() + segmented.rejects().values().stream().mapToLong(n -> n).sum());
        assertEquals(0, context.tables().read(Tables.MASKS).filter(col("method").equalTo(MaskMethods.SEG_CRF))
                .count());
    }

    private static void copyCheckpoints(StageContext from, StageContext to) throws IOException {
        Path source = Path.of(from.layout().checkpoints(SegTrainingStage.CHECKPOINTS).toUri());
        Path target = Path.of(to.layout().checkpoints(SegTrainingStage.CHECKPOINTS).toUri());
        try (var paths = Files.walk(source)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path t = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else if (!Files.exists(t)) Files.copy(p, t);
            }
        }
    }

    private static byte[] finalParameters(StageContext context) throws IOException {
        CheckpointStore.Checkpoint last = checkpoints(context).latest().orElseThrow();
        assertEquals(ROUNDS, last.round());
        return last.files().get(DataParallelTraining.PARAMETERS_FILE);
    }

    private static CheckpointStore checkpoints(StageContext context) {
        return new CheckpointStore(context.storage(), context.layout().checkpoints(SegTrainingStage.CHECKPOINTS), KEEP);
    }
}
