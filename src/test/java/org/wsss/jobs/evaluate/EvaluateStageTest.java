package org.wsss.jobs.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.wsss.data.PetBreeds;
import org.wsss.io.EvaluationMetrics;
import org.wsss.io.StageReport;
import org.wsss.io.Tables;
import org.wsss.testing.EvaluationFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The evaluate stage on local[2] against masks of known quality; expected scores are counted here pixel by pixel,
 * independently of the confusion matrix code.
 */
class EvaluateStageTest {
    private static final double TOLERANCE = 1e-12;
    static EvaluationFixture fixture;
    static EvaluationMetrics metrics;

    @BeforeAll
    static void evaluate() throws IOException {
        fixture = EvaluationFixture.get();
        metrics = EvaluationMetrics.read(fixture.context.storage(), fixture.context.layout()).orElseThrow();
    }

    /** Scores counted directly from trimaps and predictions: border pixels skipped, classes counted where seen. */
    record Expected(double miou, double fgIou, double pixelAccuracy, Map<String, Double> perClass, long images) {
        static Expected of(List<EvaluationFixture.TestImage> images, String method) {
            long[] tp = new long[38];
            long[] fp = new long[38];
            long[] fn = new long[38];
            long petTp = 0;
            long petFp = 0;
            long petFn = 0;
            long correct = 0;
            long counted = 0;
            long scored = 0;
            for (EvaluationFixture.TestImage image : images) {
                byte[] prediction = image.predictions().get(method);
                if (prediction == null) continue;
                scored++;
                for (int i = 0; i < image.trimap().length; i++) {
                    if (image.trimap()[i] == 3) continue;
                    int truth = image.trimap()[i] == 1 ? image.classId() : 0;
                    int predicted = prediction[i] & 0xFF;
                    counted++;
                    if (truth == predicted) {
                        correct++;
                        tp[truth]++;
                    } else {
                        fn[truth]++;
                        fp[predicted]++;
                    }
                    if (truth > 0 && predicted > 0) petTp++;
                    if (truth == 0 && predicted > 0) petFp++;
                    if (truth > 0 && predicted == 0) petFn++;
                }
            }
            Map<String, Double> perClass = new java.util.LinkedHashMap<>();
            double sum = 0;
            for (int c = 0; c < 38; c++) {
                long union = tp[c] + fp[c] + fn[c];
                if (union == 0) continue;
                double iou = (double) tp[c] / union;
                perClass.put(PetBreeds.segmentationClassNames().get(c), iou);
                sum += iou;
            }
            return new Expected(sum / perClass.size(), (double) petTp / (petTp + petFp + petFn),
                    (double) correct / counted, perClass, scored);
        }
    }

    @Test
    void everyMethodScoresAsCountedPixelByPixel() {
        for (String method : List.of(EvaluationFixture.TRUTH_WITH_BAND, EvaluationFixture.FLIPPED,
                EvaluationFixture.ALL_BACKGROUND)) {
            Expected expected = Expected.of(fixture.testImages, method);
            EvaluationMetrics.MethodScores actual = metrics.methods().get(method);
            assertNotNull(actual, method);
            assertEquals(expected.miou(), actual.miou(), TOLERANCE, method + " mIoU");
            assertEquals(expected.fgIou(), actual.fgIou(), TOLERANCE, method + " fg IoU");
            assertEquals(expected.pixelAccuracy(), actual.pixelAccuracy(), TOLERANCE, method + " pixel accuracy");
            assertEquals(expected.perClass().keySet(), actual.perClassIou().keySet(), method + " classes");
            expected.perClass().forEach((name, iou) ->
                    assertEquals(iou, actual.perClassIou().get(name), TOLERANCE, method + " IoU of " + name));
            assertEquals(expected.images(), actual.scoredImages(), method + " images");
        }
    }

    @Test
    void predictedOnlyClassCountsWithZeroAndAllBackgroundHasNoPet() {
        String absent = PetBreeds.segmentationClassNames().get(EvaluationFixture.ABSENT_CLASS);
        assertEquals(0.0, metrics.methods().get(EvaluationFixture.FLIPPED).perClassIou().get(absent));
        assertFalse(metrics.methods().get(EvaluationFixture.TRUTH_WITH_BAND).perClassIou().containsKey(absent));
        EvaluationMetrics.MethodScores background = metrics.methods().get(EvaluationFixture.ALL_BACKGROUND);
        assertEquals(0.0, background.fgIou());
        assertTrue(background.miou() > 0 && background.miou() < 0.5, "background IoU over 1 + breeds classes");
    }

    @Test
    void metricsJsonIsTheContract() throws IOException {
        String json = Files.readString(fixture.root.resolve("run/eval/metrics.json"));
        JsonNode root = new ObjectMapper().readTree(json);
        assertEquals("test", root.get("split").asText());
        assertEquals(fixture.testImages.size(), root.get("images").asLong());
        assertEquals(List.of("cam", "rw", "all_background"), iterator(root.get("methods").fieldNames()),
                "pipeline methods first, in pipeline order");
        JsonNode rw = root.get("methods").get("rw");
        for (String field : List.of("miou", "fg_iou", "pixel_accuracy")) {
            double value = rw.get(field).asDouble();
            assertTrue(rw.get(field).isNumber() && value >= 0 && value <= 1, field + " = " + rw.get(field));
        }
        assertEquals("background", rw.get("per_class_iou").fieldNames().next());
        assertFalse(json.contains("NaN"));
    }

    @Test
    void imagesWithoutAUsableMaskAreRejectsNotFailures() {
        assertEquals(new TreeMap<>(Map.of(EvaluateStage.NO_MASK, 1L, EvaluateStage.MASK_SIZE, 1L)),
                fixture.evaluateReport.rejects());
        List<Row> rejects = fixture.context.tables().read(Tables.EVAL_REJECTS).collectAsList();
        Map<String, String> methodByImage = new HashMap<>();
        rejects.forEach(r -> methodByImage.put(r.getString(0), r.getString(3)));
        assertEquals(Map.of(fixture.imageWithoutFlippedMask, EvaluationFixture.FLIPPED,
                fixture.imageWithMisSizedMask, EvaluationFixture.ALL_BACKGROUND), methodByImage);
    }

    @Test
    void perImageTableHasOneRowPerScoredImageAndMethod() {
        List<Row> rows = fixture.context.tables().read(Tables.EVAL_PER_IMAGE).collectAsList();
        int images = fixture.testImages.size();
        assertEquals(3L * images - 2, rows.size());
        assertEquals(rows.size(), fixture.evaluateReport.rows());
        Set<String> splits = rows.stream().map(r -> r.getString(1)).collect(Collectors.toSet());
        assertEquals(Set.of("test"), splits, "only the chosen split is scored");
        for (Row r : rows) {
            EvaluationFixture.TestImage image = fixture.testImages.stream()
                    .filter(t -> t.id().equals(r.getString(0))).findFirst().orElseThrow();
            Expected expected = Expected.of(List.of(image), r.getString(2));
            assertEquals(expected.miou(), r.getDouble(3), TOLERANCE, r.toString());
            assertEquals(expected.pixelAccuracy(), r.getDouble(5), TOLERANCE, r.toString());
        }
    }

    @Test
    void stageReportRecordsSettingsAndCounts() throws IOException {
        StageReport read = StageReport.read(fixture.context.storage(), fixture.context.layout(), EvaluateStage.NAME);
        assertEquals(2, read.totalRejects());
        assertEquals(Map.of("split", "test"), read.settings().get("evaluate"));
        assertEquals((long) fixture.testImages.size(), ((Number) read.figures().get("images")).longValue());
        assertNull(read.figures().get("unexpected"));
        EvaluationMetrics metrics = EvaluationMetrics.read(fixture.context.storage(), fixture.context.layout())
                .orElseThrow();
        Map<?, ?> scores = (Map<?, ?>) read.figures().get(StageReport.SCORES);
        assertEquals(metrics.methods().keySet(), scores.keySet());
        metrics.methods().forEach((method, expected) -> {
            Map<?, ?> headline = (Map<?, ?>) scores.get(method);
            assertEquals(expected.miou(), ((Number) headline.get("miou")).doubleValue(), 1e-12, method);
            assertEquals(expected.fgIou(), ((Number) headline.get("fg_iou")).doubleValue(), 1e-12, method);
        });
        assertEquals(Map.of("metrics", fixture.context.layout().evaluationMetrics().toString()),
                read.figures().get(StageReport.OUTPUTS));
    }

    @Test
    void theTerminalGetsEachMethodsScoresAndWhereTheMetricsAre() throws IOException {
        java.io.PrintStream original = System.out;
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        try {
            System.setOut(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
            org.wsss.cli.Console.stageDone(fixture.evaluateReport);
        } finally {
            System.setOut(original);
        }
        String out = printed.toString(java.nio.charset.StandardCharsets.UTF_8);
        EvaluationMetrics metrics = EvaluationMetrics.read(fixture.context.storage(), fixture.context.layout())
                .orElseThrow();
        metrics.methods().forEach((method, scores) -> assertTrue(out.contains(String.format(java.util.Locale.ROOT,
                "[evaluate]   %s: mIoU %.3f, fg IoU %.3f", method, scores.miou(), scores.fgIou())), out));
        assertTrue(out.contains("[evaluate] metrics: " + fixture.context.layout().evaluationMetrics()), out);
    }

    private static List<String> iterator(java.util.Iterator<String> names) {
        List<String> out = new java.util.ArrayList<>();
        names.forEachRemaining(out::add);
        return out;
    }
}
