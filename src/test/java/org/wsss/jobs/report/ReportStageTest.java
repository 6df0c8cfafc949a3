package org.wsss.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsss.io.StageReport;
import org.wsss.jobs.stage.StageContext;
import org.wsss.report.ReportPage;
import org.wsss.testing.EvaluationFixture;
import org.wsss.testing.HeadlessChromium;
import org.wsss.testing.TestSpark;

/** The report of the evaluation fixture's run: its content, its files, and how a real browser shows it. */
class ReportStageTest {
    /** A setting value that would run as script if the page did not escape it. */
    static final String INJECTED = "<script>console.error('setting value ran as script')</script>";
    static final Path SCREENSHOT = Path.of(System.getProperty("wsss.home", "."), "target", "report-screenshot.png");
    private static final Pattern IMG_SRC = Pattern.compile("<img [^>]*src=\"([^\"]+)\"");

    static EvaluationFixture fixture;
    static StageReport report;
    static Path reportDir;
    static String html;

    @BeforeAll
    static void writeReport() throws IOException {
        fixture = EvaluationFixture.get();
        Path run = fixture.root.resolve("run");
        Files.createDirectories(run.resolve(ReportStage.TRAIN_CAM));
        Files.writeString(run.resolve(ReportStage.TRAIN_CAM).resolve("rounds.json"), """
                [{"round": 1, "loss": 0.69, "accuracy": 0.31, "images_per_second": 41.5, "seconds": 2.0},
                 {"round": 2, "loss": 0.41, "accuracy": 0.58, "images_per_second": 44.0, "seconds": 1.9},
                 {"round": 3, "loss": 0.27, "accuracy": 0.74, "images_per_second": 43.1, "seconds": 1.9},
                 {"round": 4, "loss": 0.22, "accuracy": 0.81, "images_per_second": 44.9, "seconds": 1.8, "lr": 0.01}]
                """);
        new StageReport(ReportStage.TRAIN_CAM, 12, Map.of("unreadable <image>", 1L), 7.6,
                Map.of("train_cam", Map.of("note", INJECTED)), Map.of())
                .write(fixture.context.storage(), fixture.context.layout());
        report = new ReportStage().run(fixture.context);
        reportDir = run.resolve(ReportStage.NAME);
        html = Files.readString(reportDir.resolve(ReportStage.PAGE));
    }

    @Test
    void valuesAreEscapedAndThePageHasNoScript() {
        assertFalse(html.toLowerCase(Locale.ROOT).contains("<script"), "markup from a setting value");
        assertTrue(html.contains("&lt;script&gt;console.error(&#39;setting value ran as script&#39;)&lt;/script&gt;"));
        assertTrue(html.contains("unreadable &lt;image&gt;"), "reject reasons are escaped too");
    }

    @Test
    void everySectionIsThereAndMissingInputsAreSaidSo() {
        for (String text : List.of("Run summary", "Dataset", "Stages", "Rejects", "Methods", "Per-class IoU",
                "Training", "Per-image mIoU", "Best and worst images", "no mask for this method",
                "mask size differs from trimap")) {
            assertTrue(html.contains(text), "page lacks " + text);
        }
        String affinity = html.substring(html.indexOf("<h3>" + ReportStage.TRAIN_AFFINITY + "</h3>"));
        assertTrue(affinity.startsWith("<h3>train-affinity</h3>\n<p><span class=\"na\">" + ReportPage.NOT_RUN + "<"),
                "train-affinity has no rounds.json");
        assertTrue(html.contains("<th>RW+CRF</th>"), "RW+CRF always has a gallery column");
        assertTrue(html.contains("<span class=\"na\">" + ReportPage.NOT_AVAILABLE + "</span>"),
                "missing rw_crf masks are said to be not available");
        assertTrue(html.contains("<tr class=\"best\"><td>RW (rw)</td>"), "the best method is marked");
    }

    @Test
    void everyPictureIsAFileBesideThePageAndDecodes() throws IOException {
        List<String> sources = sources();
        int gallerySize = fixture.context.settings().report().gallerySize();
        int shown = Math.min(2 * gallerySize, fixture.testImages.size());
        // All test images are shown, so both images whose masks were rejected show "not available" for them.
        assertEquals(fixture.testImages.size(), shown);
        long unusableMasks = fixture.testImages.stream().mapToLong(t -> 3 - t.predictions().size()).sum();
        assertEquals(2, unusableMasks);
        // Charts: per-class IoU, histogram, one training curve; per gallery image: photo, truth, heat map and the
        // masks of cam, rw and all_background (rw_crf is not available).
        assertEquals(3 + 6 * shown - unusableMasks, sources.size(), sources.toString());
        // Each scored mask carries its own score beneath it.
        int scoreCaptions = html.split("<div class=\"score\">mIoU ", -1).length - 1;
        assertEquals(3 * shown - unusableMasks, scoreCaptions);
        for (String src : sources) {
            assertFalse(src.contains(":") || src.startsWith("/") || src.contains(".."), "not a relative file: " + src);
            Path file = reportDir.resolve(src);
            assertNotNull(ImageIO.read(file.toFile()), src + " is not an image");
        }
        assertEquals(shown, report.rows());
        assertEquals(Map.of(), report.rejects());
    }

    @Test
    void stageReportIsWrittenBesideThePage() throws IOException {
        StageReport read = StageReport.read(fixture.context.storage(), fixture.context.layout(), ReportStage.NAME);
        assertEquals(Map.of("gallerySize", 8, "thumbnailSide", 192), read.settings().get("report"));
        assertEquals(List.of(ReportStage.TRAIN_CAM), read.figures().get("training_curves"));
        String page = (String) ((Map<?, ?>) read.figures().get(StageReport.OUTPUTS)).get("page");
        assertTrue(page.endsWith("/report/index.html") && fixture.context.storage().exists(
                new org.apache.hadoop.fs.Path(page)), page);
    }

    @Test
    void aRunWithNothingToReportStillGetsAPage(@TempDir Path empty) throws IOException {
        StageContext context = TestSpark.context(TestSpark.settings(empty.resolve("data"), empty.resolve("run")));
        StageReport emptyReport = new ReportStage().run(context);
        String page = Files.readString(empty.resolve("run/report/index.html"));
        assertTrue(page.contains("the index stage has not run"));
        assertTrue(page.contains("the evaluate stage has not run"));
        assertEquals(3, page.split(">" + ReportPage.NOT_RUN + "<", -1).length - 1, "none of the three trainings ran");
        assertEquals(0, emptyReport.rows());
        assertTrue(Files.isRegularFile(empty.resolve("run/report/_stage.json")));
    }

    @Test
    void pageLoadsOfflineInHeadlessChromiumWithEveryImage(@TempDir Path browserDir) throws Exception {
        HeadlessChromium.Visit visit;
        try (HeadlessChromium chromium = HeadlessChromium.start(browserDir)) {
            visit = chromium.visit(reportDir.resolve(ReportStage.PAGE));
        }
        Files.createDirectories(SCREENSHOT.getParent());
        Files.write(SCREENSHOT, visit.screenshotPng());

        assertEquals(List.of(), visit.consoleErrors(), "console errors");
        assertEquals("wsss-spark report", visit.title());
        assertEquals(sources().size(), visit.images().size(), visit.images().toString());
        visit.images().forEach((src, loaded) -> assertTrue(loaded, src + " did not load"));
        for (String url : visit.requestedUrls()) {
            assertTrue(url.startsWith("file:") || url.startsWith("data:"), "the page asked the network for " + url);
        }
        var screenshot = ImageIO.read(SCREENSHOT.toFile());
        assertTrue(screenshot.getWidth() >= 1000 && screenshot.getHeight() > 2000,
                "full-page screenshot " + screenshot.getWidth() + "x" + screenshot.getHeight());
    }

    private static List<String> sources() {
        List<String> sources = new ArrayList<>();
        Matcher m = IMG_SRC.matcher(html);
        while (m.find()) sources.add(m.group(1));
        return sources;
    }
}
